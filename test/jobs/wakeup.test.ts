/**
 * Snooze wake-ups on a running Agenda (real time: wake-ups a second or two ahead): the DM at
 * the due time exactly once, also when the job runs twice; an early resume cancels it; a
 * re-snooze moves it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { snoozeWakeupJob } from '../../jobs/snooze-wakeup.ts';
import { afterStepChange, wakeJobKey } from '../../jobs/wakeups.ts';
import { OUTBOX_EVENT_TYPE } from '../../src/slack/outbox-sender.ts';
import { applyStepAction } from '../../src/workflows/step-actions.ts';
import type { FakeSlack } from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { startWorldSlack, USERS } from '../slack/world.ts';
import { type Seeded, seedExecution, stepState } from './fixture.ts';
import { type Agenda, jobDeps, jobRows, testAgenda } from './world.ts';

let db: TestDatabase;
let fake: FakeSlack;
let seeded: Seeded;
let agenda: Agenda;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startWorldSlack();
  seeded = await seedExecution(db.sql);
  await db.sql`update csms set slack_user_id = ${USERS.ana.id} where id = ${seeded.anaId}`;
  agenda = await testAgenda(db.url, jobDeps(db.sql, fake));
  await agenda.start();
});
afterAll(async () => {
  await agenda?.stop(true);
  await fake.close();
  await db.drop();
});

const wakeDms = () =>
  fake
    .messagesIn(USERS.ana.id)
    .filter(
      (m) => m.metadata?.event_type === OUTBOX_EVENT_TYPE && /resume snoozed/.test(m.text ?? ''),
    );

async function snooze(stepIndex: number, inMs: number, reason = 'waiting for finance approval') {
  const now = new Date();
  const change = await applyStepAction(
    db.sql,
    {
      executionId: seeded.executionId,
      stepIndex,
      actorCsmId: seeded.anaId,
      now,
      source: 'command' as const,
    },
    { action: 'snooze', until: new Date(now.getTime() + inMs), event: null, reason },
  );
  await afterStepChange(agenda, change);
  return change;
}

describe('snooze-wakeup', () => {
  it('DMs "resume snoozed step" at the due time, exactly once even when the job runs twice', async () => {
    const change = await snooze(0, 1500);
    expect(await jobRows(db.sql, 'snooze-wakeup')).toEqual([
      expect.objectContaining({
        key: wakeJobKey(seeded.executionId, 0),
        next_run_at: change.snoozedUntil,
      }),
    ]);
    await vi.waitFor(() => expect(wakeDms()).toHaveLength(1), { timeout: 10_000, interval: 100 });
    const dm = wakeDms()[0]!;
    const [woke] = await db.sql`select created_at from workflow_step_actions
      where execution_id = ${seeded.executionId} and step_index = 0 and action_type = 'wake'`;
    expect(woke!.created_at.getTime()).toBeGreaterThanOrEqual(change.snoozedUntil!.getTime());
    expect(dm.text).toContain('resume snoozed step 1');
    expect(dm.text).toContain('It woke because its snooze ended');
    expect(JSON.stringify(dm.blocks)).toContain(`"value":"${seeded.executionId}:0"`);
    expect(await stepState(db.sql, seeded.executionId, 0)).toMatchObject({ status: 'in_progress' });
    // the same job again (a retry, or a second worker): nothing new is sent
    const data = {
      key: wakeJobKey(seeded.executionId, 0),
      executionId: seeded.executionId,
      stepIndex: 0,
      snoozedUntil: change.snoozedUntil!.toISOString(),
    };
    await snoozeWakeupJob.run(jobDeps(db.sql, fake), data, { agenda, job: null as never });
    expect(wakeDms()).toHaveLength(1);
  });

  it('cancels the wake-up when the step is resumed early', async () => {
    const before = wakeDms().length;
    await snooze(1, 2000);
    const now = new Date();
    const resumed = await applyStepAction(
      db.sql,
      {
        executionId: seeded.executionId,
        stepIndex: 1,
        actorCsmId: seeded.anaId,
        now,
        source: 'command' as const,
      },
      { action: 'resume' },
    );
    await afterStepChange(agenda, resumed);
    const keys = (await jobRows(db.sql, 'snooze-wakeup')).map((row) => row.key);
    expect(keys).not.toContain(wakeJobKey(seeded.executionId, 1));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(wakeDms()).toHaveLength(before);
  });

  it('moves the wake-up when the step is snoozed again', async () => {
    const before = wakeDms().length;
    await snooze(3, 60_000);
    const moved = await snooze(3, 1500, 'legal moved the meeting');
    const rows = (await jobRows(db.sql, 'snooze-wakeup')).filter(
      (row) => row.key === wakeJobKey(seeded.executionId, 3),
    );
    expect(rows).toEqual([expect.objectContaining({ next_run_at: moved.snoozedUntil })]);
    await vi.waitFor(() => expect(wakeDms()).toHaveLength(before + 1), { timeout: 10_000 });
    expect(wakeDms().at(-1)!.text).toContain('legal moved the meeting');
  });
});
