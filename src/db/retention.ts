/**
 * Retention (issue 15 item 6): old rows go so the database does not grow forever. Each purge
 * deletes in small batches, each its own statement, so no lock is held for long and other
 * work interleaves. What is still needed stays, however old:
 * - outbox: only `sent` rows go; pending, sending and failed rows stay (they are work or an
 *   operator's to look at), and so does a sent row another row threads under (`thread_of`);
 * - events: an event a workflow instance was started by (`source_event_id`) stays;
 * - score history: each customer's latest row stays (health decline and reports read it);
 * - seen Slack event ids: Slack retries within minutes, so old ids are no longer needed.
 * Cutoffs come from the caller's clock, never the database's now() (ARCHITECTURE.md "Time").
 */
import type { Sql } from './connection.ts';

/** Rows deleted per statement: small enough that a batch holds its locks for milliseconds. */
export const PURGE_BATCH = 1000;

async function inBatches(deleteBatch: () => Promise<number>, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch();
    total += deleted;
    if (deleted < batch) return total;
  }
}

/** Sent outbox rows sent before `before`, except those a remaining row threads under. */
export function purgeSentOutbox(sql: Sql, before: Date, batch = PURGE_BATCH): Promise<number> {
  return inBatches(async () => {
    const rows = await sql`
      delete from outbox where id in (
        select o.id from outbox o
         where o.status = 'sent' and o.sent_at < ${before}
           and not exists (select 1 from outbox r
                            where r.payload->>'thread_of' = o.idempotency_key and r.id <> o.id
                              and (r.status <> 'sent' or r.sent_at >= ${before}))
         limit ${batch})
      returning id`;
    return rows.length;
  }, batch);
}

/** Events that happened before `before`, except those a workflow instance was started by. */
export function purgeEvents(sql: Sql, before: Date, batch = PURGE_BATCH): Promise<number> {
  return inBatches(async () => {
    const rows = await sql`
      delete from events where id in (
        select e.id from events e
         where e.occurred_at < ${before}
           and not exists (select 1 from workflow_instances w where w.source_event_id = e.id)
         limit ${batch})
      returning id`;
    return rows.length;
  }, batch);
}

/** Seen Slack event ids received before `before`. */
export function purgeSlackEventsSeen(sql: Sql, before: Date, batch = PURGE_BATCH): Promise<number> {
  return inBatches(async () => {
    const rows = await sql`
      delete from slack_events_seen where event_id in (
        select event_id from slack_events_seen where received_at < ${before} limit ${batch})
      returning event_id`;
    return rows.length;
  }, batch);
}

/** Score history rows as of a day before `beforeDay` (YYYY-MM-DD), never a customer's latest. */
export function purgeScoreHistory(sql: Sql, beforeDay: string, batch = PURGE_BATCH) {
  return inBatches(async () => {
    const rows = await sql`
      delete from score_history s using (
        select h.customer_id, h.as_of from score_history h
         where h.as_of < ${beforeDay}::date
           and exists (select 1 from score_history n
                        where n.customer_id = h.customer_id and n.as_of > h.as_of)
         limit ${batch}) old
       where s.customer_id = old.customer_id and s.as_of = old.as_of
      returning s.customer_id`;
    return rows.length;
  }, batch);
}
