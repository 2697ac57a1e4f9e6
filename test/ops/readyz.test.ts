/**
 * /readyz names the failing part: the job worker once stopped, and an outbox row due long ago
 * and not sent (here: a Slack row while Slack is off, so nothing delivers it). /healthz stays
 * 200 throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
