/** The database's side of readiness (src/health.ts): it answers, and the outbox's backlog. */
import type { Sql } from './connection.ts';

export interface OutboxBacklog {
  /** Rows due by `now` and not sent yet (pending, or held by a deliverer). */
  due: number;
  /** When the oldest of them became due; null when none is. */
  oldestDueAt: Date | null;
}

/** One round trip: `select 1` and the backlog together. */
export async function outboxBacklog(sql: Sql, now: Date): Promise<OutboxBacklog> {
  const [row] = await sql<{ due: number; oldest: Date | null }[]>`
    select count(*)::int as due, min(available_at) as oldest from outbox
     where status in ('pending', 'sending') and available_at <= ${now}`;
  return { due: row?.due ?? 0, oldestDueAt: row?.oldest ?? null };
}
