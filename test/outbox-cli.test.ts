/**
 * `renubu outbox list|retry` over a real database (issue 15 item 6): listing by status and
 * channel (text and JSON), requeueing failed messages by id or all at once, and clear
 * messages for bad arguments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/index.ts';
import { fixedClock } from '../src/clock.ts';
import { enqueue } from '../src/db/outbox.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { captureOutput } from './helpers/output.ts';
import { seedWorld } from './slack/world.ts';

const NOW = new Date('2026-11-25T12:00:00Z');
let db: TestDatabase;
const ids: Record<string, number> = {};

async function cli(args: string[]) {
  const out = captureOutput();
  const err = captureOutput();
  const code = await runCli(args, {
    env: { DATABASE_URL: db.url },
    cwd: '/tmp',
    out,
    err,
    clock: fixedClock(NOW),
  });
  return { code, out: out.text(), err: err.text() };
}

async function message(key: string, channel: 'email' | 'slack', status: string, error?: string) {
  await enqueue(db.sql, {
    idempotencyKey: key,
    channel,
    kind: 'digest',
    recipient: channel === 'email' ? 'ana@acme.test' : 'U0ANA',
    payload: {},
    companyId: 1,
    availableAt: new Date('2026-11-24T23:00:00Z'),
  });
  const [row] = await db.sql<{ id: number }[]>`
    update outbox set status = ${status}, attempts = ${status === 'pending' ? 0 : 5},
                      last_error = ${error ?? null}
     where idempotency_key = ${key} returning id`;
  ids[key] = Number(row!.id);
}

async function row(key: string) {
  const [found] = await db.sql`
    select status, attempts, available_at, last_error from outbox where idempotency_key = ${key}`;
  return found!;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedWorld(db.sql);
  await message('mail-failed-1', 'email', 'failed', 'connect ECONNREFUSED 127.0.0.1:25');
  await message('mail-failed-2', 'email', 'failed', '550 mailbox unavailable');
  await message('mail-sent', 'email', 'sent');
  await message('slack-failed', 'slack', 'failed', 'channel_not_found');
  await message('slack-pending', 'slack', 'pending');
}, 60_000);
afterAll(async () => {
  await db.drop();
});

describe('renubu outbox list', () => {
  it('lists by status and channel, newest first, with the last error', async () => {
    const { code, out } = await cli(['outbox', 'list', '--status', 'failed', '--channel', 'email']);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`#${ids['mail-failed-2']}`);
    expect(lines[0]).toContain('550 mailbox unavailable');
    expect(lines[1]).toContain(`#${ids['mail-failed-1']}`);
    expect(lines[1]).toMatch(/failed\s+email .*digest → ana@acme\.test {2}\(5 attempts\)/);
  });

  it('prints one JSON document with --json', async () => {
    const { code, out } = await cli(['outbox', 'list', '--channel', 'slack', '--json']);
    expect(code).toBe(0);
    const document = JSON.parse(out) as { messages: Array<Record<string, unknown>> };
    expect(document.messages.map((m) => [m.id, m.status])).toEqual([
      [ids['slack-pending'], 'pending'],
      [ids['slack-failed'], 'failed'],
    ]);
    expect(document.messages[1]).toMatchObject({
      channel: 'slack',
      kind: 'digest',
      recipient: 'U0ANA',
      attempts: 5,
      lastError: 'channel_not_found',
      sentAt: null,
    });
  });

  it('lists the messages dropped for a workspace that uninstalled Renubu', async () => {
    await message('slack-dropped', 'slack', 'dropped', 'workspace uninstalled Renubu');
    try {
      const { code, out } = await cli(['outbox', 'list', '--status', 'dropped']);
      expect(code).toBe(0);
      expect(out.trim().split('\n')).toEqual([
        expect.stringMatching(/^#\d+ {2}dropped {2}slack .*workspace uninstalled Renubu$/),
      ]);
    } finally {
      await db.sql`delete from outbox where idempotency_key = 'slack-dropped'`;
    }
  });

  it.each([
    [
      ['outbox', 'list', '--status', 'lost'],
      '--status takes failed, pending, sending, sent, dropped (got "lost").',
    ],
    [['outbox', 'list', '--channel', 'fax'], '--channel takes email, slack (got "fax").'],
    [['outbox'], 'list or retry?'],
    [['outbox', 'send'], 'Unknown action "send".'],
    [['outbox', 'retry'], 'Give the ids of the messages to retry, or --failed for every one.'],
    [['outbox', 'retry', 'abc'], '"abc" is not a message id (a whole number).'],
    [['outbox', 'retry', '1', '--failed'], 'Give the ids of the messages to retry, or --failed'],
  ])('refuses %j with a clear message', async (args, message) => {
    const { code, err } = await cli(args);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('Usage: renubu outbox');
  });

  it('is in the help', async () => {
    const { out } = await cli(['help']);
    expect(out).toMatch(/renubu outbox list\|retry .* list outbox messages, requeue failed ones/);
  });
});

describe('renubu outbox retry', () => {
  it('requeues the given failed ids and says which were not failed', async () => {
    const { code, out, err } = await cli([
      'outbox',
      'retry',
      String(ids['mail-failed-1']),
      String(ids['mail-sent']),
      '999999',
    ]);
    expect(code).toBe(1);
    expect(out).toBe('Requeued 1 failed message.\n');
    expect(err).toBe(
      `#${ids['mail-sent']} not requeued: it is sent, not failed.\n` +
        '#999999 not requeued: no such message.\n',
    );
    expect(await row('mail-failed-1')).toEqual({
      status: 'pending',
      attempts: 0,
      available_at: NOW,
      last_error: null,
    });
    expect((await row('mail-failed-2')).status).toBe('failed');
  });

  it('requeues every failed message of a channel with --failed --channel', async () => {
    const { code, out } = await cli(['outbox', 'retry', '--failed', '--channel', 'email']);
    expect(code).toBe(0);
    expect(out).toBe('Requeued 1 failed message.\n');
    expect((await row('mail-failed-2')).status).toBe('pending');
    expect((await row('slack-failed')).status).toBe('failed');
    expect((await cli(['outbox', 'retry', '--failed'])).out).toBe('Requeued 1 failed message.\n');
    expect((await cli(['outbox', 'retry', '--failed'])).out).toBe('Requeued 0 failed messages.\n');
  });
});
