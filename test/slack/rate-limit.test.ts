/**
 * A 429 storm on chat.postMessage delays the outbox's DMs but loses none and doubles none.
 * The WebClient makes one attempt (Renubu's client options); the deliverer owns the retry.
 */
import { WebClient } from '@slack/web-api';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { enqueue, outboxByPrefix } from '../../src/db/outbox.ts';
import { createLogger } from '../../src/logger.ts';
import { deliverSlackOutbox, OUTBOX_EVENT_TYPE } from '../../src/slack/outbox-sender.ts';
import { SLACK_CLIENT_OPTIONS } from '../../src/slack/outbox-timing.ts';
import { DEFAULT_BOT_TOKEN, type FakeSlack } from '../harness/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { USERS, useSeededWorld } from './world.ts';

let db: TestDatabase;
let fake: FakeSlack;

const dmsTo = (user: { id: string }) =>
  fake.messagesIn(user.id).filter((m) => m.metadata?.event_type === OUTBOX_EVENT_TYPE);

const seeded = useSeededWorld();
beforeAll(() => {
  ({ db, fake } = seeded());
});

describe('a 429 storm on chat.postMessage', () => {
  beforeEach(async () => {
    fake.reset();
    await db.sql`delete from outbox`;
    for (const user of [USERS.ana, USERS.ben, USERS.ida]) {
      await enqueue(db.sql, {
        idempotencyKey: `storm:${user.id}`,
        channel: 'slack',
        kind: 'test',
        recipient: user.id,
        payload: { text: `storm ${user.id}` },
        companyId: 1,
        availableAt: new Date(),
      });
    }
  });

  // A second ahead: rows get available_at = the database's now(), which has microseconds,
  // so a clock read in the same millisecond could see them as not yet due.
  const deps = (clock = fixedClock(new Date(Date.now() + 1000))) => ({
    sql: db.sql,
    client: new WebClient(DEFAULT_BOT_TOKEN, { ...SLACK_CLIENT_OPTIONS, slackApiUrl: fake.url }),
    clock,
    logger: createLogger('silent'),
    retry: { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 },
  });

  it('waits out Retry-After and retries later: every DM sent once, none twice', async () => {
    fake.rateLimit('chat.postMessage', { everyNth: 2, retryAfter: 1 });
    const d = deps();
    let sent = 0;
    for (let pass = 0; pass < 5 && sent < 3; pass++) {
      sent += (await deliverSlackOutbox(d)).sent;
      d.clock.set(new Date(d.clock.now().getTime() + 60_000));
    }
    expect(sent).toBe(3);
    for (const user of [USERS.ana, USERS.ben, USERS.ida]) expect(dmsTo(user)).toHaveLength(1);
    const limited = fake.callsTo('chat.postMessage').filter((c) => c.status === 429);
    expect(limited.length).toBeGreaterThan(0);
  });

  it('delays every DM while the storm lasts and sends each once after it', async () => {
    fake.rateLimit('chat.postMessage', { retryAfter: 0 });
    const d = deps();
    expect(await deliverSlackOutbox(d)).toMatchObject({ sent: 0, retrying: 3 });
    const rows = await outboxByPrefix(db.sql, 'storm:');
    expect(rows.map((r) => [r.status, r.last_error])).toEqual(
      Array(3).fill(['pending', 'ratelimited']),
    );
    expect(await deliverSlackOutbox(d)).toMatchObject({ sent: 0, retrying: 0 }); // not due yet
    fake.rateLimit('chat.postMessage', null);
    d.clock.set(new Date(Date.now() + 4000));
    expect(await deliverSlackOutbox(d)).toMatchObject({ sent: 3 });
    for (const user of [USERS.ana, USERS.ben, USERS.ida]) expect(dmsTo(user)).toHaveLength(1);
  });

  it('puts a rate-limited row back until Retry-After, with one call and no hidden retry', async () => {
    fake.rateLimit('chat.postMessage', { retryAfter: 30 });
    const d = deps();
    const started = Date.now();
    expect(await deliverSlackOutbox(d)).toMatchObject({ sent: 0, retrying: 3 });
    expect(Date.now() - started).toBeLessThan(5000); // the client did not wait 30 s itself
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 429, 429]);
    const rows = await db.sql<{ available_at: Date; status: string; attempts: number }[]>`
      select available_at, status, attempts from outbox where idempotency_key like 'storm:%'`;
    for (const row of rows) {
      expect(row.status).toBe('pending');
      expect(row.attempts).toBe(0); // waiting out a 429 uses none of the message's attempts
      expect(row.available_at.getTime()).toBe(d.clock.now().getTime() + 30_000);
    }
    fake.rateLimit('chat.postMessage', null);
    d.clock.set(new Date(d.clock.now().getTime() + 29_000));
    expect(await deliverSlackOutbox(d)).toMatchObject({ sent: 0 }); // not yet
    d.clock.set(new Date(d.clock.now().getTime() + 1_000));
    expect(await deliverSlackOutbox(d)).toMatchObject({ sent: 3 });
    for (const user of [USERS.ana, USERS.ben, USERS.ida]) expect(dmsTo(user)).toHaveLength(1);
  });
});
