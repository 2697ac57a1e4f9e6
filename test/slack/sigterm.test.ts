/**
 * The real command: `renubu serve` (jobs and all) given SIGTERM while Slack does not answer
 * exits within SHUTDOWN_GRACE_MS and a margin for the process itself, with the DM it was
 * sending given back for the next process.
 */
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/db/outbox.ts';
import type { FakeSlack } from '../harness/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { slackEnv, USERS, useSeededWorld } from './world.ts';

const GRACE_MS = 1500;
/** Closing pools, the job worker and node itself after the grace. */
const MARGIN_MS = 3000;
let db: TestDatabase;
let fake: FakeSlack;

const seeded = useSeededWorld();
beforeAll(() => {
  ({ db, fake } = seeded());
});

describe('renubu serve given SIGTERM while Slack is silent', () => {
  it('exits 0 within the grace and releases the DM it was sending', async () => {
    await enqueue(db.sql, {
      idempotencyKey: 'sigterm:1',
      channel: 'slack',
      kind: 'test',
      recipient: USERS.ben.id,
      payload: { text: 'Umbrella needs you' },
      companyId: 1,
      availableAt: new Date(Date.now() - 60_000),
    });
    fake.hang('chat.postMessage', { processed: false });
    const env = slackEnv(db.url, fake, { SHUTDOWN_GRACE_MS: String(GRACE_MS) });
    const child = spawn(process.execPath, ['bin/renubu.mjs', 'serve', '--port', '0'], {
      env: { ...process.env, ...env, RENUBU_HOME: '/tmp/renubu-sigterm-test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await Promise.race([
        fake.waitForCall('chat.postMessage', undefined, 20_000),
        exited.then((exit) => Promise.reject(new Error(`serve exited early (${exit})`))),
      ]);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${output}`);
    }
    const started = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    expect(Date.now() - started, output).toBeLessThan(GRACE_MS + MARGIN_MS);
    expect(code, output).toBe(0);
    const [row] = await db.sql<{ status: string; available_at: Date }[]>`
      select status, available_at from outbox where idempotency_key = 'sigterm:1'`;
    expect(row?.status).toBe('sending'); // unsure: the next process looks before posting
    expect(row!.available_at.getTime()).toBeLessThanOrEqual(Date.now());
  }, 40_000);
});
