/**
 * Slack's Events API deliveries, each handled once: Slack retries an event it thinks was not
 * received (`X-Slack-Retry-Num`), possibly to another `renubu serve`; the event id is
 * recorded once (slack_events_seen), and only the delivery that recorded it goes on.
 */
import type { Sql } from '../db/connection.ts';

/** True the first time an event id is seen, in any process. */
export async function firstSighting(sql: Sql, eventId: string): Promise<boolean> {
  const rows = await sql`
    insert into slack_events_seen (event_id) values (${eventId})
    on conflict (event_id) do nothing returning event_id`;
  return rows.length === 1;
}
