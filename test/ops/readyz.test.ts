/**
 * /readyz names the failing part: the job worker once stopped, and an outbox row due long ago
 * and not sent (here: a Slack row while Slack is off, so nothing delivers it). /healthz stays
 * 200 throughout. SMTP is asked at start, so /readyz knows before the first email is due.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseOpener } from '../../src/cli/context.ts';
import { type Serving, serve } from '../../src/cli/serve.ts';
import { systemClock } from '../../src/clock.ts';
import { loadSettings } from '../../src/config.ts';
import { enqueue } from '../../src/db/outbox.ts';
import { OUTBOX_STALE_MS } from '../../src/health.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';

let db: TestDatabase;
let serving: Serving;

beforeAll(async () => {
  db = await createTestDatabase();
  const settings = loadSettings({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }, '/tmp');
  const err = captureOutput();
  const ctx = {
    settings,
    out: captureOutput(),
    err,
    clock: systemClock,
    openDatabase: databaseOpener(settings, err),
  };
  serving = await serve(ctx, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await serving?.stop();
  await db.drop();
});

async function get(path: string) {
  const response = await fetch(`http://127.0.0.1:${serving.port}${path}`);
  return {
    status: response.status,
    body: (await response.json()) as {
      failing: string[];
      checks: Record<string, { ok: boolean; [key: string]: unknown }>;
    },
  };
}

describe('GET /readyz', () => {
  it('is ready with every check ok, then names a stale outbox and a stopped worker', async () => {
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.failing).toEqual([]);
    expect(Object.keys(ready.body.checks).sort()).toEqual([
      'database',
      'jobs',
      'outbox',
      'slack',
      'smtp',
    ]);
    expect(ready.body.checks.outbox).toEqual({ ok: true, due: 0, oldestDueSeconds: 0 });

    await enqueue(db.sql, {
      idempotencyKey: 'readyz:stale',
      channel: 'slack',
      kind: 'test',
      recipient: 'U0NOBODY',
      payload: { text: 'never delivered: Slack is off' },
      companyId: null,
      availableAt: new Date(systemClock.now().getTime() - OUTBOX_STALE_MS - 60_000),
    });
    const stale = await get('/readyz');
    expect(stale.status).toBe(503);
    expect(stale.body.failing).toEqual(['outbox']);
    expect(stale.body.checks.outbox?.due).toBe(1);

    await serving.running.jobs?.stop();
    const stopped = await get('/readyz');
    expect(stopped.body.failing).toEqual(['outbox', 'jobs']);
    expect(stopped.body.checks.jobs).toEqual({ ok: false, state: 'stopped' });
    expect((await get('/healthz')).status).toBe(200);
  });
});

describe('SMTP at start', () => {
  /** A serve (no jobs) with SMTP_URL at `smtpUrl`; its smtp check once it has one. */
  async function smtpCheckWith(smtpUrl: string) {
    const settings = loadSettings(
      { DATABASE_URL: db.url, LOG_LEVEL: 'silent', SMTP_URL: smtpUrl },
      '/tmp',
    );
    const err = captureOutput();
    const ctx = {
      settings,
      out: captureOutput(),
      err,
      clock: systemClock,
      openDatabase: databaseOpener(settings, err),
    };
    const other = await serve(ctx, { port: 0, host: '127.0.0.1', jobs: false });
    try {
      const url = `http://127.0.0.1:${other.port}/readyz`;
      let smtp: { ok: boolean; state?: unknown } = { ok: true, state: 'no call yet' };
      await vi.waitFor(
        async () => {
          const body = (await (await fetch(url)).json()) as { checks: { smtp: typeof smtp } };
          smtp = body.checks.smtp;
          expect(smtp.state).not.toBe('no call yet');
        },
        { timeout: 10_000, interval: 100 },
      );
      return smtp;
    } finally {
      await other.stop();
    }
  }

  it('is asked before any email is due: up with a server that answers, down without', async () => {
    const sink = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'] });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const { port } = sink.server.address() as AddressInfo;
    try {
      expect(await smtpCheckWith(`smtp://127.0.0.1:${port}`)).toMatchObject({
        ok: true,
        state: 'up',
      });
    } finally {
      await new Promise<void>((resolve) => sink.close(() => resolve()));
    }
    // the same port, now closed
    expect(await smtpCheckWith(`smtp://127.0.0.1:${port}`)).toMatchObject({
      ok: false,
      state: 'down',
    });
  }, 30_000);
});
