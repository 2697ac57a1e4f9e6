/** `renubu serve` without Slack, and stopping it as SIGTERM does (via the returned stop()). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOpener } from '../../src/cli/context.ts';
import { serve } from '../../src/cli/serve.ts';
import { systemClock } from '../../src/clock.ts';
import { loadSettings } from '../../src/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('renubu serve without a Slack token', () => {
  it('says Slack is off, still serves /healthz, and stop() closes the server', async () => {
    const settings = loadSettings({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }, '/tmp');
    const out = captureOutput();
    const err = captureOutput();
    const ctx = {
      settings,
      out,
      err,
      clock: systemClock,
      openDatabase: databaseOpener(settings, err),
    };
    const serving = await serve(ctx, { port: 0, host: '127.0.0.1' });
    expect(out.text()).toContain('Slack is off (no SLACK_BOT_TOKEN)');
    const base = `http://127.0.0.1:${serving.port}`;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true });
    const ready = await fetch(`${base}/readyz`);
    const body = (await ready.json()) as { checks: Record<string, { ok: boolean }> };
    expect(ready.status).toBe(200);
    expect(body.checks.database?.ok).toBe(true);
    expect(body.checks.jobs).toEqual({ ok: true, state: 'running' });
    expect(body.checks.slack).toEqual({ ok: true, state: 'off' });
    expect((await fetch(`${base}/slack/events`, { method: 'POST' })).status).toBe(404);
    await serving.stop();
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    await serving.stop(); // a second signal is harmless
  });
});
