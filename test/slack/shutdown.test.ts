/**
 * Shutdown that ends (issue 14, item 3): with Slack gone silent, `renubu serve` given stop()
 * (as on SIGTERM) ends within SHUTDOWN_GRACE_MS and a small margin, gives the DM it was
 * sending back, and the next `renubu serve` delivers it exactly once: kill and restart.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseOpener } from '../../src/cli/context.ts';
import { serve } from '../../src/cli/serve.ts';
import { fixedClock } from '../../src/clock.ts';
import { enqueue, outboxByPrefix } from '../../src/db/outbox.ts';
import { OUTBOX_EVENT_TYPE } from '../../src/slack/outbox-sender.ts';
import type { FakeSlack } from '../harness/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';
import { USERS, useSeededWorld, worldSettings } from './world.ts';

const GRACE_MS = 1000;
/** Closing the database and the server after the grace. */
const MARGIN_MS = 1500;
const T0 = new Date('2026-11-25T17:00:00Z');
let db: TestDatabase;
let fake: FakeSlack;

const seeded = useSeededWorld();
beforeAll(() => {
  ({ db, fake } = seeded());
});
beforeEach(async () => {
  fake.reset();
  await db.sql`delete from outbox`;
});

function start() {
  const settings = worldSettings(db.url, fake, { SHUTDOWN_GRACE_MS: String(GRACE_MS) });
  const err = captureOutput();
  const ctx = {
    settings,
    out: captureOutput(),
    err,
    clock: fixedClock(T0),
    openDatabase: databaseOpener(settings, err),
  };
  return serve(ctx, {
    port: 0,
    host: '127.0.0.1',
    botIds: { botId: fake.identity.botId, botUserId: fake.identity.botUserId },
    jobs: false,
    outboxIntervalMs: 100,
  });
}

const dmsWithKey = (key: string) =>
  fake
    .messagesIn(USERS.ben.id)
    .filter(
      (m) =>
        m.metadata?.event_type === OUTBOX_EVENT_TYPE &&
        (m.metadata.event_payload as { key?: string }).key === key,
    );

describe('renubu serve stopping while Slack does not answer', () => {
  it.each([
    ['Slack never got the post', false],
    ['Slack posted it, then went silent', true],
  ])(
    '%s: stops within the grace, and the restart sends the DM exactly once',
    async (_, processed) => {
      const key = `shutdown:${processed}`;
      await enqueue(db.sql, {
        idempotencyKey: key,
        channel: 'slack',
        kind: 'test',
        recipient: USERS.ben.id,
        payload: { text: 'Umbrella needs you' },
        companyId: 1,
        availableAt: T0,
      });
      fake.hang('chat.postMessage', { processed });
      const first = await start();
      await fake.waitForCall('chat.postMessage', undefined, 5000);
      const started = Date.now();
      await first.stop();
      expect(Date.now() - started).toBeLessThan(GRACE_MS + MARGIN_MS);
      // given back, due now, and marked unsure: the post had gone out to Slack
      const [row] = await db.sql<{ status: string; available_at: Date }[]>`
      select status, available_at from outbox where idempotency_key = ${key}`;
      expect(row).toEqual({ status: 'sending', available_at: T0 });

      fake.hang('chat.postMessage', null);
      const second = await start();
      try {
        await expect
          .poll(async () => (await outboxByPrefix(db.sql, key))[0]?.status, { timeout: 5000 })
          .toBe('sent');
      } finally {
        await second.stop();
      }
      expect(dmsWithKey(key)).toHaveLength(1);
    },
  );
});
