/** `renubu serve` delivers the email rows of the outbox, also with Slack off. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOpener } from '../../src/cli/context.ts';
import { serve } from '../../src/cli/serve.ts';
import { systemClock } from '../../src/clock.ts';
import { loadSettings } from '../../src/config.ts';
import { enqueue, outboxByPrefix } from '../../src/db/outbox.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';
import { type SmtpSink, startSmtpSink } from './smtp-sink.ts';

let db: TestDatabase;
let sink: SmtpSink;

beforeAll(async () => {
  db = await createTestDatabase();
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
  await db.drop();
});

describe('renubu serve with SMTP_URL and no Slack token', () => {
  it('sends an email row that is waiting, once, and says where emails go', async () => {
    const env = { DATABASE_URL: db.url, SMTP_URL: sink.url, LOG_LEVEL: 'silent' };
    const settings = loadSettings(env, '/tmp');
    const out = captureOutput();
    const err = captureOutput();
    const openDatabase = databaseOpener(settings, err);
    const ctx = { settings, out, err, clock: systemClock, openDatabase };
    await enqueue(db.sql, {
      idempotencyKey: 'serve:email:1',
      channel: 'email',
      kind: 'test',
      recipient: 'csm@example.com',
      payload: { to: 'csm@example.com', subject: 'From serve', text: 'Hello' },
      companyId: null,
      availableAt: new Date(),
    });
    const serving = await serve(ctx, { port: 0, host: '127.0.0.1', outboxIntervalMs: 50 });
    try {
      expect(out.text()).toContain('Outbox: emails go out over SMTP.');
      await expect.poll(() => sink.received.map((m) => m.subject)).toEqual(['From serve']);
      await expect
        .poll(async () => (await outboxByPrefix(db.sql, 'serve:email:'))[0]?.status)
        .toBe('sent');
    } finally {
      await serving.stop();
    }
    expect(sink.received).toHaveLength(1);
  });
});
