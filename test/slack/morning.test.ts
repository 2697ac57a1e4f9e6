/**
 * The morning DM through the outbox, end to end: `renubu daily-run` with Slack configured
 * DMs every CSM Slack knows exactly once, also when run twice and when retried after a
 * crash between send and record.
 */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { fixedClock } from '../../src/clock.ts';
import type { Sql } from '../../src/db/connection.ts';
import { enqueue, outboxByPrefix } from '../../src/db/outbox.ts';
import { createLogger } from '../../src/logger.ts';
import { deliverSlackOutbox, OUTBOX_EVENT_TYPE } from '../../src/slack/outbox-sender.ts';
import { DEFAULT_BOT_TOKEN, FAST_RETRIES, type FakeSlack } from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';
import { AS_OF, NOON, seedWorld, slackEnv, startWorldSlack, USERS } from './world.ts';

let db: TestDatabase;
let sql: Sql;
let fake: FakeSlack;

async function dailyRun(asOf: string, extra: Record<string, string> = {}) {
  const out = captureOutput();
  const err = captureOutput();
  const code = await runCli(['daily-run', '--json', '--as-of', asOf], {
    env: slackEnv(db.url, fake, extra),
    cwd: '/tmp',
    out,
    err,
    clock: fixedClock(NOON),
  });
  expect(code, err.text()).toBe(0);
  return { json: JSON.parse(out.text()), err: err.text() };
}

const dmsTo = (user: { id: string }) =>
  fake.messagesIn(user.id).filter((m) => m.metadata?.event_type === OUTBOX_EVENT_TYPE);

beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
  fake = await startWorldSlack();
  await seedWorld(sql);
});
afterAll(async () => {
  await fake.close();
  await db.drop();
});

describe('morning DMs after a daily run', () => {
  it('DMs every CSM Slack knows exactly once, also when the day is run twice', async () => {
    const first = await dailyRun(AS_OF);
    expect(first.err).toContain('3 morning DMs queued; 3 sent, 1 CSM not found in Slack');
    expect(first.json.summaries.map((s: { csm: string }) => s.csm)).toEqual([
      'csm-ana',
      'csm-ben',
      'csm-gus',
      'csm-ida',
    ]);
    await dailyRun(AS_OF);
    expect(dmsTo(USERS.ana)).toHaveLength(1);
    expect(dmsTo(USERS.ben)).toHaveLength(1);
    expect(dmsTo(USERS.ida)).toHaveLength(1);
    expect(dmsTo(USERS.eve)).toHaveLength(0);
    expect(dmsTo(USERS.ana)[0]?.text).toMatch(/globex/i);
    expect(dmsTo(USERS.ida)[0]?.text).toMatch(/clear/i);
    // Ana was found by email, and the link is kept.
    const [ana] = await sql`select slack_user_id from csms where external_id = 'csm-ana'`;
    expect(ana?.slack_user_id).toBe(USERS.ana.id);
    const rows = await outboxByPrefix(sql, 'morning:');
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
      ['sent', 1],
    ]);
  });

  it('sends no all-clear DM when RENUBU_ALL_CLEAR_DM=false, and nothing on a dry run', async () => {
    fake.reset();
    await dailyRun('2026-11-26', { RENUBU_ALL_CLEAR_DM: 'false' });
    expect(dmsTo(USERS.ida)).toHaveLength(0);
    expect(dmsTo(USERS.ben)).toHaveLength(1);
    const out = captureOutput();
    const env = slackEnv(db.url, fake);
    await runCli(['daily-run', '--dry-run', '--as-of', '2026-11-27'], { env, cwd: '/tmp', out });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });
});

describe('the outbox after a crash between send and record', () => {
  const deps = () => ({
    sql,
    client: new WebClient(DEFAULT_BOT_TOKEN, { slackApiUrl: fake.url, retryConfig: FAST_RETRIES }),
    // a second ahead of the rows' now(), which has microseconds (see rate-limit.test.ts)
    clock: fixedClock(new Date(Date.now() + 1000)),
    logger: createLogger('silent'),
    retry: { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 },
  });

  /** A row as a crashed deliverer leaves it: claimed (sending), lease run out. */
  async function crashedRow(key: string, user: string) {
    await enqueue(sql, {
      idempotencyKey: key,
      channel: 'slack',
      kind: 'test',
      recipient: user,
      payload: { text: `message ${key}` },
      companyId: 1,
      availableAt: new Date(),
    });
    await sql`
      update outbox set status = 'sending', attempts = 1, available_at = now() - interval '1 minute'
       where idempotency_key = ${key}`;
  }

  beforeEach(() => fake.reset());

  it('finds a message already posted and marks it sent; sends one that is not there once', async () => {
    await crashedRow('crash:posted', USERS.ben.id);
    await crashedRow('crash:lost', USERS.ben.id);
    const before = await deps().client.chat.postMessage({
      channel: USERS.ben.id,
      text: 'message crash:posted',
      metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { key: 'crash:posted' } },
    });
    const report = await deliverSlackOutbox(deps());
    expect(report).toMatchObject({ sent: 1, found: 1, failed: 0, retrying: 0 });
    const texts = dmsTo(USERS.ben).map((m) => m.text);
    expect(texts).toEqual(['message crash:posted', 'message crash:lost']);
    const rows = await outboxByPrefix(sql, 'crash:');
    expect(rows[0]).toMatchObject({ status: 'sent', external_ref: before.ts });
    expect(rows[1]).toMatchObject({ status: 'sent' });
    expect(await deliverSlackOutbox(deps())).toMatchObject({ sent: 0, found: 0 });
  });

  it('keeps a failed send that may have reached Slack unsure, and looks before resending', async () => {
    await enqueue(sql, {
      idempotencyKey: 'flaky:1',
      channel: 'slack',
      kind: 'test',
      recipient: USERS.ida.id,
      payload: { text: 'flaky' },
      companyId: 1,
      availableAt: new Date(),
    });
    fake.failNext('chat.postMessage', { status: 500 }, 3);
    const d = deps();
    expect(await deliverSlackOutbox(d)).toMatchObject({ retrying: 1 });
    const [row] = await outboxByPrefix(sql, 'flaky:');
    expect(row).toMatchObject({ status: 'sending', last_error: 'http_500' });
    d.clock.set(new Date(Date.now() + 6000));
    expect(await deliverSlackOutbox(d)).toMatchObject({ sent: 1 });
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(dmsTo(USERS.ida)).toHaveLength(1);
  });
});
