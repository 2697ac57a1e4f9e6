/**
 * One delivery path that owns its retries: a DM's messages go out in order, one at a time
 * per recipient, and a row's lease outlasts its attempt even when Slack never answers.
 */
import { WebClient } from '@slack/web-api';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { claimDue, enqueue, outboxByPrefix } from '../../src/db/outbox.ts';
import { createLogger } from '../../src/logger.ts';
import { deliverSlackOutbox, OUTBOX_EVENT_TYPE } from '../../src/slack/outbox-sender.ts';
import { LEASE_MARGIN_MS, SLACK_CLIENT_OPTIONS } from '../../src/slack/outbox-timing.ts';
import { DEFAULT_BOT_TOKEN, type FakeSlack } from '../harness/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { USERS, useSeededWorld } from './world.ts';

let db: TestDatabase;
let fake: FakeSlack;
const T0 = new Date('2026-11-25T17:00:00Z');

const seeded = useSeededWorld();
beforeAll(() => {
  ({ db, fake } = seeded());
});
beforeEach(async () => {
  fake.reset();
  await db.sql`delete from outbox`;
});

async function dm(key: string, user: string, text: string, availableAt = T0) {
  await enqueue(db.sql, {
    idempotencyKey: key,
    channel: 'slack',
    kind: 'test',
    recipient: user,
    payload: { text },
    companyId: 1,
    availableAt,
  });
}

function deps(clock = fixedClock(T0), attemptTimeoutMs?: number) {
  return {
    sql: db.sql,
    client: new WebClient(DEFAULT_BOT_TOKEN, { ...SLACK_CLIENT_OPTIONS, slackApiUrl: fake.url }),
    clock,
    logger: createLogger('silent'),
    retry: { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 },
    ...(attemptTimeoutMs ? { attemptTimeoutMs } : {}),
  };
}

const texts = (user: string) =>
  fake
    .messagesIn(user)
    .filter((m) => m.metadata?.event_type === OUTBOX_EVENT_TYPE)
    .map((m) => m.text);

describe('delivery in order per recipient', () => {
  it('claims at most one row per recipient at a time, oldest first', async () => {
    await dm('order:ben:1', USERS.ben.id, 'first');
    await dm('order:ben:2', USERS.ben.id, 'second');
    await dm('order:ida:1', USERS.ida.id, 'other');
    const claim = () =>
      claimDue(db.sql, {
        channel: 'slack',
        now: T0,
        leaseUntil: new Date(+T0 + 60_000),
        limit: 20,
      });
    const first = await claim();
    expect(first.map((r) => r.idempotency_key).sort()).toEqual(['order:ben:1', 'order:ida:1']);
    expect(await claim()).toEqual([]); // a second deliverer gets nothing while they are out
  });

  it('holds a later DM back while an earlier one to the same person waits for its retry', async () => {
    await dm('order:ben:1', USERS.ben.id, 'first');
    await dm('order:ben:2', USERS.ben.id, 'second');
    fake.failNext('chat.postMessage', { error: 'internal_error' });
    const d = deps();
    expect(await deliverSlackOutbox(d)).toMatchObject({ sent: 0, retrying: 1 });
    expect(texts(USERS.ben.id)).toEqual([]); // "second" did not overtake "first"
    d.clock.set(new Date(+T0 + 1000));
    expect(await deliverSlackOutbox(d)).toMatchObject({ sent: 2 });
    expect(texts(USERS.ben.id)).toEqual(['first', 'second']);
  });

  it('is not held back by a row merely scheduled for later', async () => {
    await dm('order:ben:later', USERS.ben.id, 'tomorrow', new Date(+T0 + 86_400_000));
    await dm('order:ben:now', USERS.ben.id, 'now');
    expect(await deliverSlackOutbox(deps())).toMatchObject({ sent: 1 });
    expect(texts(USERS.ben.id)).toEqual(['now']);
  });
});

describe('an attempt against a Slack that never answers', () => {
  it('ends by its deadline, well inside the lease it was claimed with', async () => {
    await dm('hang:ben', USERS.ben.id, 'hello');
    fake.hang('chat.postMessage', { processed: false });
    const d = deps(fixedClock(T0), 300);
    const delivering = deliverSlackOutbox(d);
    await fake.waitForCall('chat.postMessage');
    const [held] = await db.sql<{ status: string; available_at: Date }[]>`
      select status, available_at from outbox where idempotency_key = 'hang:ben'`;
    expect(held).toEqual({
      status: 'sending',
      available_at: new Date(+T0 + 300 + LEASE_MARGIN_MS),
    });
    const started = Date.now();
    expect(await delivering).toMatchObject({ sent: 0, retrying: 1 });
    expect(Date.now() - started).toBeLessThan(2000);
    // the post may have reached Slack: the row stays unsure, so the next attempt looks first
    expect((await outboxByPrefix(db.sql, 'hang:'))[0]).toMatchObject({ status: 'sending' });
    fake.hang('chat.postMessage', null);
    d.clock.set(new Date(+T0 + 60_000));
    expect(await deliverSlackOutbox(d)).toMatchObject({ sent: 1 });
    expect(texts(USERS.ben.id)).toEqual(['hello']);
    expect(fake.callsTo('conversations.history').length).toBeGreaterThan(0);
  });
});
