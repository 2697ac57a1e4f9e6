/**
 * Quiet under bursts (PRODUCT.md §14 "Quiet by default"): twelve urgent tickets for one
 * customer in a minute make ONE top-level DM, the first event's; each later event of the burst
 * replies in that DM's thread with a running count ("3 urgent tickets in the last hour").
 *
 * A burst is anchored on its head, the event whose DM went out top-level: an event for the
 * same customer that feeds the same open workflow instance, occurring less than
 * `events.burstWindowMinutes` from the head (by `occurred_at`, never the clock), is a reply.
 * Past the window the next event DMs again and heads a new burst, so a storm that never stops
 * still surfaces once per window instead of vanishing into one old thread.
 *
 * One reply per event, not one reply edited in place: each reply names its own ticket or
 * contact, each is an outbox row keyed by its event id (a replay adds nothing), and replies
 * delivered out of order still leave every count shown, where an edited count could end stale.
 *
 * The caller holds the customer's row lock (rows.ts `storeEvent`), so two events of one
 * burst handled at once are serialised: the second sees the first's DM and replies to it.
 */
import type { TransactionSql } from '../db/connection.ts';
import type { WorkflowType } from '../domain/index.ts';

/** Outbox kind of a burst's thread reply (the head keeps `event_workflow`). */
export const BURST_REPLY_KIND = 'event_burst_reply';

/** The outbox key of an event's DM or reply: one message per event id. */
export const eventMessageKey = (companyId: number, eventKey: string) =>
  `event:${companyId}:${eventKey}`;

export interface BurstHead {
  /** The outbox key of the head's DM: replies go into its thread. */
  messageKey: string;
  /** The workflow instance the head fed; only events feeding it join its burst. */
  instanceId: number;
}

/** One kind of event counted in the window (a ticket's priority, or the event type alone). */
export interface BurstCount {
  eventType: string;
  priority: string | null;
  n: number;
}

export interface Burst {
  head: BurstHead | null;
  /** Earlier events of this workflow type in the window before this one (this one excluded). */
  counts: BurstCount[];
}

export interface BurstQuery {
  customerId: number;
  companyId: number;
  /** This event's stored row, left out of the look-up. */
  eventRowId: number;
  type: WorkflowType;
  occurredAt: Date;
  windowMinutes: number;
}

/**
 * The burst this event would join: its head (the nearest DMed event of the same workflow type
 * within the window, preferring one at or before this event), and what the window before this
 * event holds. Read under the customer's lock, so every earlier event of it is visible.
 */
export async function findBurst(tx: TransactionSql, q: BurstQuery): Promise<Burst> {
  if (q.windowMinutes <= 0) return { head: null, counts: [] };
  const windowMs = q.windowMinutes * 60_000;
  const from = new Date(q.occurredAt.getTime() - windowMs);
  const until = new Date(q.occurredAt.getTime() + windowMs);
  const rows = await tx<
    {
      part: 'head' | 'count';
      key: string | null;
      instance_id: number | null;
      event_type: string;
      priority: string | null;
      n: number;
    }[]
  >`
    with fed as (
      select e.event_key, e.type, e.occurred_at, e.data->>'priority' as priority,
             (e.result->'workflows'->0->>'instanceId')::bigint as instance_id
        from events e
       where e.customer_id = ${q.customerId} and e.company_id = ${q.companyId}
         and e.id <> ${q.eventRowId}
         and e.occurred_at > ${from} and e.occurred_at < ${until}
         and e.result->>'status' = 'created' and e.result->'workflows'->0->>'type' = ${q.type}
    ),
    head as (
      select 'head'::text as part, o.idempotency_key as key, fed.instance_id,
             fed.type as event_type, null::text as priority, 1 as n
        from fed
        join outbox o on o.idempotency_key = 'event:' || ${q.companyId}::text || ':' || fed.event_key
                     and o.kind = 'event_workflow'
       order by fed.occurred_at <= ${q.occurredAt} desc,
                case when fed.occurred_at <= ${q.occurredAt} then -extract(epoch from fed.occurred_at)
                     else extract(epoch from fed.occurred_at) end
       limit 1
    )
    select * from head
    union all
    -- every event of the window handled before this one (the customer's row lock orders
    -- them), whatever its occurred_at: the count runs 2, 3, 4… as the replies go out
    select 'count', null, null, type, priority, count(*)::int
      from fed where occurred_at > ${from} and occurred_at < ${until}
     group by type, priority`;
  const head = rows.find((row) => row.part === 'head');
  return {
    head: head?.key ? { messageKey: head.key, instanceId: Number(head.instance_id) } : null,
    counts: rows
      .filter((row) => row.part === 'count')
      .map((row) => ({ eventType: row.event_type, priority: row.priority, n: row.n })),
  };
}

const PRIORITY_ORDER = ['urgent', 'high', 'normal', 'low'];

/**
 * The running count a reply opens with: the window's events of this workflow, this one
 * included, in words: "3 urgent tickets and 1 high ticket in the last hour".
 */
export function burstSummary(
  counts: BurstCount[],
  current: { eventType: string; priority: string | null },
  windowMinutes: number,
): string {
  const all = new Map<string, BurstCount>();
  for (const c of [...counts, { ...current, n: 1 }]) {
    const key = `${c.eventType}/${c.priority ?? ''}`;
    const seen = all.get(key);
    all.set(key, seen ? { ...seen, n: seen.n + c.n } : { ...c });
  }
  const rank = (c: BurstCount) => {
    const p = c.priority ? PRIORITY_ORDER.indexOf(c.priority) : -1;
    return `${c.eventType}/${p}`;
  };
  const parts = [...all.values()]
    .sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0))
    .map((c) => countWords(c));
  return `${joinWords(parts)} in ${windowWords(windowMinutes)}`;
}

function countWords({ eventType, priority, n }: BurstCount): string {
  const plural = (one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (eventType === 'ticket.created') {
    return plural(`${priority ?? ''} ticket`.trim(), `${priority ?? ''} tickets`.trim());
  }
  if (eventType === 'contact.changed') return plural('contact lost', 'contacts lost');
  if (eventType === 'usage.reported') return plural('usage spike', 'usage spikes');
  return plural(`${eventType} event`, `${eventType} events`);
}

function joinWords(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** "the last hour", "the last 2 hours", "the last 90 minutes". */
export function windowWords(minutes: number): string {
  if (minutes === 60) return 'the last hour';
  if (minutes % 60 === 0) return `the last ${minutes / 60} hours`;
  return minutes === 1 ? 'the last minute' : `the last ${minutes} minutes`;
}
