/**
 * Slack unreachable (SLACK_API_URL at a closed port): `renubu serve` listens at once (over HTTP
 * and in Socket Mode, which connects in the background and again until Slack answers), answers
 * /healthz and says on /readyz that Slack is down; `renubu daily-run` does its database work,
 * gives up on Slack after a bounded time with one sentence, and leaves the DMs queued and due
 * for serve (not held by a claim).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { fixedClock } from '../../src/clock.ts';
import { MORNING_SEND_BUDGET_MS } from '../../src/slack/morning-run.ts';
import { DEFAULT_BOT_TOKEN } from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';
import { spawnServe } from '../helpers/serve-bin.ts';
import { AS_OF, NOON, SECRET, seedWorld } from '../slack/world.ts';

let db: TestDatabase;
let closedUrl: string;

/** A port nothing listens on: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedWorld(db.sql);
  closedUrl = `http://127.0.0.1:${await closedPort()}/api/`;
});
afterAll(async () => {
  await db.drop();
});

const env = () => ({
  DATABASE_URL: db.url,
  SLACK_BOT_TOKEN: DEFAULT_BOT_TOKEN,
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: closedUrl,
  LOG_LEVEL: 'silent',
});

describe('Slack unreachable', () => {
  it.each([
    ['over HTTP', {}],
    ['in Socket Mode', { SLACK_APP_TOKEN: 'xapp-1-socket' }],
  ])(
    'serve listens at once %s, /healthz answers, /readyz names Slack as down',
    async (_, extra) => {
      const serve = spawnServe({ ...env(), ...extra, SHUTDOWN_GRACE_MS: '1000' });
      try {
        const port = await Promise.race([
          serve.port,
          new Promise<never>((_, reject) =>
            setTimeout(
              () => reject(new Error(`not serving after 15 s:\n${serve.output()}`)),
              15_000,
            ),
          ),
        ]);
        const health = await fetch(`http://127.0.0.1:${port}/healthz`);
        expect(health.status).toBe(200);
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
        const body = (await ready.json()) as {
          ok: boolean;
          checks: Record<string, { ok: boolean }>;
        };
        expect(ready.status).toBe(503);
        expect(body.ok).toBe(false);
        expect(body.checks.slack?.ok).toBe(false);
        expect(body.checks.database?.ok).toBe(true);
        serve.child.kill('SIGTERM');
        expect(await serve.exited, serve.output()).toBe(0);
      } finally {
        serve.kill();
      }
    },
    40_000,
  );

  it('daily-run does its work, gives up on Slack in bounded time and leaves the DMs due', async () => {
    const out = captureOutput();
    const err = captureOutput();
    const started = performance.now();
    const code = await runCli(['daily-run', '--as-of', AS_OF], {
      env: env(),
      cwd: '/tmp',
      out,
      err,
      clock: fixedClock(NOON),
    });
    const ms = performance.now() - started;
    expect(code, err.text()).toBe(0);
    expect(out.text()).toContain("Today's one thing: umbrella");
    expect(ms).toBeLessThan(MORNING_SEND_BUDGET_MS + 5000);
    const sentences = err.text().trim().split('\n');
    expect(sentences).toHaveLength(1);
    expect(sentences[0]).toMatch(
      /^Slack: 4 morning DMs queued; Slack did not answer \(.+\), so they stay queued for `renubu serve` to send\.$/,
    );
    // queued for serve: not sent, not given up, and none held by a claim past a short back-off
    const rows = await db.sql<{ status: string; available_at: Date }[]>`
      select status, available_at from outbox where channel = 'slack'`;
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(['pending', 'sending']).toContain(row.status);
      expect(row.available_at.getTime()).toBeLessThanOrEqual(NOON.getTime() + 60_000);
    }
  }, 180_000);
});
