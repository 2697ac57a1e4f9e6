/**
 * A job the due runner runs late runs AS OF its due time (jobs/due.ts), but the DM it then
 * delivers is leased by the process's clock: a lease taken "as of" a time long past would
 * look expired to every other process at once, and another `renubu serve` would claim the row
 * and send the same DM again while the first is still sending it (seen with three serves,
 * test/multi/three-serves.test.ts).
 */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Jobs, startJobs } from '../../jobs/agenda.ts';
import { afterStepChange } from '../../jobs/wakeups.ts';
import { fixedClock } from '../../src/clock.ts';
import { applyStepAction } from '../../src/workflows/step-actions.ts';
import { DEFAULT_BOT_TOKEN, type FakeSlack } from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { type Seeded, seedExecution } from '../jobs/fixture.ts';
import { jobDeps } from '../jobs/world.ts';
import { NOON, startWorldSlack, USERS } from '../slack/world.ts';

/** The wake-up was due at noon; the process's clock says it is a day later. */
const LATER = new Date(NOON.getTime() + 24 * 3_600_000);
const clock = fixedClock(LATER);

let db: TestDatabase;
let fake: FakeSlack;
let seeded: Seeded;
let jobs: Jobs | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startWorldSlack();
  seeded = await seedExecution(db.sql);
  await db.sql`update csms set slack_user_id = ${USERS.ana.id} where id = ${seeded.anaId}`;
});
afterAll(async () => {
  fake.hang('chat.postMessage', null);
  await jobs?.stop();
  await fake.close();
  await db.drop();
});

describe('a job run late by the injected clock', () => {
  it('leases the DM it sends by the process clock, not as of its due time', async () => {
    const deps = jobDeps(db.sql, fake, clock);
    // Slack does not answer for a while: the row stays claimed, its lease readable
    const client = new WebClient(DEFAULT_BOT_TOKEN, {
      slackApiUrl: fake.url,
      retryConfig: { retries: 0 },
      timeout: 1500,
    });
    jobs = await startJobs({
      settings: { backend: 'postgres', mongodbUrl: undefined },
      databaseUrl: db.url,
      deps: { ...deps, slack: { ...deps.slack!, client } },
      processEvery: 60_000,
    });
    const change = await applyStepAction(
      db.sql,
      {
        executionId: seeded.executionId,
        stepIndex: 2,
        actorCsmId: seeded.anaId,
        now: new Date(NOON.getTime() - 3_600_000),
        source: 'command',
      },
      { action: 'snooze', until: NOON, event: null, reason: 'waiting for finance' },
    );
    await afterStepChange(jobs.agenda, change);
    fake.hang('chat.postMessage', { processed: false });
    const ran = jobs.runDue();
    const lease = await vi.waitFor(
      async () => {
        const [row] = await db.sql<{ available_at: Date }[]>`
          select available_at from outbox where kind = 'step_wake' and status = 'sending'`;
        expect(row).toBeDefined();
        return row!.available_at;
      },
      { timeout: 5000, interval: 20 },
    );
    expect(lease.getTime(), 'leased past the clock').toBeGreaterThan(clock.now().getTime());
    fake.hang('chat.postMessage', null);
    expect((await ran).map((job) => [job.name, job.at])).toEqual([['snooze-wakeup', NOON]]);
  }, 20_000);
});
