/**
 * `renubu serve` given SIGTERM after a job has run ends within SHUTDOWN_GRACE_MS and a
 * margin (Agenda keeps a 5-minute timer per job it ran, which once held the process for
 * minutes after "Stopped.").
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DAILY_RUN } from '../../jobs/daily-run.ts';
import type { FakeSlack } from '../harness/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { spawnServe } from '../helpers/serve-bin.ts';
import { slackEnv, useSeededWorld } from '../slack/world.ts';

const GRACE_MS = 1500;
/** Closing pools, the job worker and node itself after the grace. */
const MARGIN_MS = 3000;
let db: TestDatabase;
let fake: FakeSlack;

const seeded = useSeededWorld();
beforeAll(() => {
  ({ db, fake } = seeded());
});

describe('renubu serve given SIGTERM after a job ran', () => {
  it('exits 0 within the grace', async () => {
    const serve = spawnServe(slackEnv(db.url, fake, { SHUTDOWN_GRACE_MS: String(GRACE_MS) }));
    try {
      await serve.port;
      // a daily run due now, for Ben (id 2); the worker finds it within its 5 s poll
      await db.sql`
        insert into agenda_jobs (name, data, next_run_at)
        values (${DAILY_RUN}, ${db.sql.json({ key: 'sigterm-job', csmId: 2, companyId: 1 })},
                now())`;
      await vi.waitFor(
        async () => {
          const [row] = await db.sql<{ done: Date | null }[]>`
            select last_finished_at as done from agenda_jobs where data->>'key' = 'sigterm-job'`;
          expect(row?.done, serve.output()).toBeTruthy();
        },
        { timeout: 20_000, interval: 200 },
      );
      const started = performance.now();
      serve.child.kill('SIGTERM');
      const code = await serve.exited;
      expect(performance.now() - started, serve.output()).toBeLessThan(GRACE_MS + MARGIN_MS);
      expect(code, serve.output()).toBe(0);
      expect(serve.output()).toContain('Stopped.');
    } finally {
      serve.kill();
    }
  }, 40_000);
});
