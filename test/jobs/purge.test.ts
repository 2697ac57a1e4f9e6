/**
 * The nightly purge (issue 15 item 6) by a fixed clock: what is older than the retention
 * settings goes, in batches; what is still needed stays however old (unsent and failed
 * outbox rows, a sent row a later reply threads under, an event a workflow was started by,
 * each customer's latest score).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NIGHTLY_PURGE, purgeOldRows } from '../../jobs/purge.ts';
import { fixedClock } from '../../src/clock.ts';
import { purgeSentOutbox } from '../../src/db/retention.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedWorld } from '../slack/world.ts';
import { jobDeps } from './world.ts';

const clock = fixedClock(new Date('2026-11-25T03:30:00Z'));
const retention = {
  outboxDays: 90,
  eventsDays: 365,
  slackEventsDays: 7,
  scoresDays: 730,
  tenantDays: 30,
};
const OLD = new Date('2026-01-01T00:00:00Z'); // 328 days before the clock
const RECENT = new Date('2026-11-01T00:00:00Z');
let db: TestDatabase;
let customers: number[];

async function outbox(key: string, status: string, sentAt: Date | null, threadOf?: string) {
  const payload = threadOf ? { text: key, thread_of: threadOf } : { text: key };
  await db.sql`
    insert into outbox (company_id, idempotency_key, channel, kind, recipient, payload, status,
                        available_at, created_at, sent_at)
    values (1, ${key}, 'email', 'test', 'x@acme.test', ${db.sql.json(payload)}, ${status},
            ${OLD}, ${OLD}, ${sentAt})`;
}

async function score(customerId: number, asOf: string) {
  await db.sql`
    insert into score_history (company_id, customer_id, as_of, health_score, risk_score,
                               opportunity_score, usage_trend_pct, sentiment, contract_status)
    values (1, ${customerId}, ${asOf}, 70, 3, 2, 0, 'neutral', 'active')`;
}

async function event(key: string, occurredAt: Date): Promise<number> {
  const [row] = await db.sql<{ id: number }[]>`
    insert into events (company_id, customer_id, event_key, type, occurred_at)
    values (1, ${customers[0]!}, ${key}, 'ticket.created', ${occurredAt}) returning id`;
  return row!.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const { anaId } = await seedWorld(db.sql);
  customers = (await db.sql<{ id: number }[]>`select id from customers order by id`).map(
    (row) => row.id,
  );
  const [a, b] = customers as [number, number];

  await outbox('sent-old', 'sent', OLD);
  await outbox('sent-recent', 'sent', RECENT);
  await outbox('failed-old', 'failed', null);
  await outbox('pending-old', 'pending', null);
  await outbox('sending-old', 'sending', null);
  await outbox('head-old', 'sent', OLD);
  await outbox('reply-pending', 'pending', null, 'head-old');

  await event('event-old', new Date('2025-06-01T00:00:00Z')); // 542 days
  await event('event-recent', RECENT);
  const started = await event('event-started-workflow', new Date('2025-01-01T00:00:00Z'));
  await db.sql`
    insert into workflow_instances
      (company_id, customer_id, csm_id, type, trigger, status, created_on, updated_on,
       source_event_id)
    values (1, ${a}, ${anaId}, 'risk-escalation', 'event', 'in_progress', '2025-01-01',
            '2025-01-01', ${started})`;

  await db.sql`
    insert into slack_events_seen (event_id, received_at)
    values ('Ev-old', '2026-11-10T00:00:00Z'), ('Ev-new', '2026-11-24T00:00:00Z')`;

  // a: one score long ago and a recent one; b: only one, long ago (its latest: kept)
  await score(a, '2024-01-01');
  await score(a, '2024-11-26');
  await score(a, '2026-11-24');
  await score(b, '2023-05-01');
}, 60_000);
afterAll(async () => {
  await db.drop();
});

describe(NIGHTLY_PURGE, () => {
  it('removes what is older than the retention settings and keeps what is still needed', async () => {
    const report = await purgeOldRows({ ...jobDeps(db.sql, null, clock), retention });
    expect(report).toEqual({ outbox: 1, events: 1, slackEvents: 1, scores: 1, tenants: [] });

    const keys = await db.sql<{ idempotency_key: string }[]>`
      select idempotency_key from outbox order by idempotency_key`;
    expect(keys.map((row) => row.idempotency_key)).toEqual([
      'failed-old',
      'head-old',
      'pending-old',
      'reply-pending',
      'sending-old',
      'sent-recent',
    ]);
    const events = await db.sql<{ event_key: string }[]>`select event_key from events order by id`;
    expect(events.map((row) => row.event_key)).toEqual(['event-recent', 'event-started-workflow']);
    const seen = await db.sql`select event_id from slack_events_seen`;
    expect(seen.map((row) => row.event_id)).toEqual(['Ev-new']);
    const scores = await db.sql<{ customer_id: number; as_of: string }[]>`
      select customer_id, to_char(as_of, 'YYYY-MM-DD') as as_of from score_history
       order by customer_id, as_of`;
    expect(scores).toEqual([
      { customer_id: customers[0], as_of: '2024-11-26' },
      { customer_id: customers[0], as_of: '2026-11-24' },
      { customer_id: customers[1], as_of: '2023-05-01' },
    ]);

    // the head's reply is sent and ages out: then the head goes too; a second run finds nothing
    await db.sql`update outbox set status = 'sent', sent_at = ${OLD} where idempotency_key = 'reply-pending'`;
    expect(await purgeOldRows({ ...jobDeps(db.sql, null, clock), retention })).toEqual({
      outbox: 2,
      events: 0,
      slackEvents: 0,
      scores: 0,
      tenants: [],
    });
  });

  it('deletes in batches until nothing old is left', async () => {
    for (let i = 0; i < 7; i++) await outbox(`batch-${i}`, 'sent', OLD);
    expect(await purgeSentOutbox(db.sql, RECENT, 3)).toBe(7);
    const [left] =
      await db.sql`select count(*)::int as n from outbox where idempotency_key like 'batch-%'`;
    expect(left!.n).toBe(0);
  });
});
