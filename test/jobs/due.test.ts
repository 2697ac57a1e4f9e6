/**
 * Jobs follow the injected clock, not the wall clock (ARCHITECTURE.md "Time"): with a clock
 * fixed years in the past, a snooze's wake-up whose wall time is long gone does not run (not
 * on demand, not by the runner's own timer) until the clock is moved past it; then it runs
 * once, as of its due time, and its one-off job row goes. Repeating schedules run each
 * occurrence the clock passed, in order, and their next run follows the cron from there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Jobs, startJobs } from '../../jobs/agenda.ts';
import { syncSchedules } from '../../jobs/schedules.ts';
import { afterStepChange, wakeJobKey } from '../../jobs/wakeups.ts';
import { fixedClock } from '../../src/clock.ts';
import { atLocal } from '../../src/domain/dates.ts';
import { OUTBOX_EVENT_TYPE } from '../../src/slack/outbox-sender.ts';
import { applyStepAction } from '../../src/workflows/step-actions.ts';
import type { FakeSlack } from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { startWorldSlack, USERS } from '../slack/world.ts';
import { actions, type Seeded, seedExecution, stepState } from './fixture.ts';
import { jobDeps, jobRows } from './world.ts';

const ZONE = 'America/New_York'; // Ana's
/** Wednesday 10 March 2021, 12:00 in New York: years before any day these tests run. */
const START = atLocal({ year: 2021, month: 3, day: 10 }, 12, 0, ZONE);
const HOUR_MS = 3_600_000;
const clock = fixedClock(START);

let db: TestDatabase;
let fake: FakeSlack;
let seeded: Seeded;
let jobs: Jobs | undefined;

/** The jobs of a `renubu serve` whose runner looks for due jobs every `everyMs`. */
async function startWith(everyMs: number) {
  await jobs?.stop();
  jobs = await startJobs({
    settings: { backend: 'postgres', mongodbUrl: undefined },
    databaseUrl: db.url,
    deps: jobDeps(db.sql, fake, clock),
    processEvery: everyMs,
  });
  return jobs;
}

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startWorldSlack();
  seeded = await seedExecution(db.sql);
  await db.sql`update csms set slack_user_id = ${USERS.ana.id} where id = ${seeded.anaId}`;
});
afterAll(async () => {
  await jobs?.stop();
  await fake.close();
  await db.drop();
});

const wakeDms = () =>
  fake
    .messagesIn(USERS.ana.id)
    .filter(
      (m) => m.metadata?.event_type === OUTBOX_EVENT_TYPE && /resume snoozed/.test(m.text ?? ''),
    );
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('jobs due by the injected clock', () => {
  it('wakes a snoozed step only once the clock passes its time, once, as of that time', async () => {
    // the runner's own timer looks every 50 ms: it must not run anything early either
    const worker = await startWith(50);
    const until = new Date(START.getTime() + 48 * HOUR_MS);
    const change = await applyStepAction(
      db.sql,
      {
        executionId: seeded.executionId,
        stepIndex: 2,
        actorCsmId: seeded.anaId,
        now: START,
        source: 'command' as const,
      },
      { action: 'snooze', until, event: null, reason: 'waiting for finance approval' },
    );
    await afterStepChange(worker.agenda, change);

    // the wall clock is years past `until`; the injected clock is not
    expect(await worker.runDue()).toEqual([]);
    await pause(300);
    expect(await stepState(db.sql, seeded.executionId, 2)).toMatchObject({ status: 'snoozed' });
    expect(wakeDms()).toHaveLength(0);
    expect(await jobRows(db.sql, 'snooze-wakeup')).toEqual([
      expect.objectContaining({ key: wakeJobKey(seeded.executionId, 2), next_run_at: until }),
    ]);

    clock.set(new Date(until.getTime() - 1));
    await worker.runDue();
    expect(await stepState(db.sql, seeded.executionId, 2)).toMatchObject({ status: 'snoozed' });

    // due now: the timer's pass or this one runs it, once, as of `until`
    clock.set(new Date(until.getTime() + HOUR_MS));
    await worker.runDue();
    expect(await stepState(db.sql, seeded.executionId, 2)).toMatchObject({
      status: 'in_progress',
    });
    const [woke] = await db.sql`select created_at from workflow_step_actions
      where execution_id = ${seeded.executionId} and action_type = 'wake'`;
    expect(woke!.created_at).toEqual(until);
    expect(wakeDms()).toHaveLength(1);
    expect(await jobRows(db.sql, 'snooze-wakeup')).toEqual([]);

    // nothing more, however often it is asked
    expect(await worker.runDue()).toEqual([]);
    await pause(200);
    expect(wakeDms()).toHaveLength(1);
    expect((await actions(db.sql, seeded.executionId)).map((a) => a.action_type)).toEqual([
      'snooze',
      'wake',
    ]);
  });

  it('runs each occurrence of a repeating schedule the clock passed, in order', async () => {
    const worker = await startWith(60_000); // only the passes asked for here
    await syncSchedules(db.sql, worker.agenda, clock); // now: Fri 12 Mar 13:00 New York
    const march = { year: 2021, month: 3, day: 1 };
    clock.set(atLocal({ year: 2021, month: 3, day: 14 }, 7, 0, ZONE)); // Sunday 07:00, after DST began
    const ran = (await worker.runDue()).filter((job) => job.key?.endsWith(`:${seeded.anaId}`));
    const at = (day: number, hour: number) => atLocal({ ...march, day }, hour, 0, ZONE);
    expect(ran).toEqual([
      { name: 'nightly-digest', key: `nightly-digest:${seeded.anaId}`, at: at(12, 23), ok: true },
      { name: 'daily-run', key: `daily-run:${seeded.anaId}`, at: at(13, 6), ok: true },
      { name: 'nightly-digest', key: `nightly-digest:${seeded.anaId}`, at: at(13, 23), ok: true },
      { name: 'daily-run', key: `daily-run:${seeded.anaId}`, at: at(14, 6), ok: true },
    ]);
    const daily = (await jobRows(db.sql, 'daily-run')).find(
      (row) => row.key === `daily-run:${seeded.anaId}`,
    );
    expect(daily?.next_run_at).toEqual(at(15, 6));
    expect(await worker.runDue()).toEqual([]);
  });
});
