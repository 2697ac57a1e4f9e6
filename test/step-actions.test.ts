/** The step-actions service against a real database: one transaction per action, refusals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyStepAction, StepActionError } from '../src/workflows/step-actions.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { actions, executionFlags, type Seeded, seedExecution, stepState } from './jobs/fixture.ts';

let db: TestDatabase;
let seeded: Seeded;
const NOW = new Date('2026-11-25T17:00:00Z');
const DAY = 86_400_000;

beforeAll(async () => {
  db = await createTestDatabase();
  seeded = await seedExecution(db.sql);
});
afterAll(() => db.drop());

const target = (stepIndex: number | null, now = NOW) => ({
  executionId: seeded.executionId,
  stepIndex,
  actorCsmId: seeded.anaId,
  now,
  source: 'command' as const,
});

describe('step actions', () => {
  it('snoozes the current step: state, audit row and execution flags together', async () => {
    const until = new Date(NOW.getTime() + 2 * DAY);
    const done = await applyStepAction(db.sql, target(null), {
      action: 'snooze',
      until,
      event: null,
      reason: 'waiting for finance approval',
    });
    expect(done).toMatchObject({
      stepIndex: 2,
      stepTitle: 'Pricing strategy',
      snoozedUntil: until,
    });
    expect(await stepState(db.sql, seeded.executionId, 2)).toMatchObject({
      status: 'snoozed',
      snooze_count: 1,
      total_snoozed_seconds: 2 * 86_400,
      reason: 'waiting for finance approval',
    });
    expect(await executionFlags(db.sql, seeded.executionId)).toMatchObject({
      has_snoozed_steps: true,
      next_due_step_date: until,
    });
    expect((await actions(db.sql, seeded.executionId)).at(-1)).toMatchObject({
      action_type: 'snooze',
      performed_by: seeded.anaId,
      reason: 'waiting for finance approval',
    });
  });

  it('refuses a snooze without a reason once the step slept past the rot limit', async () => {
    const later = new Date(NOW.getTime() + 2 * DAY);
    await applyStepAction(db.sql, target(2, later), {
      action: 'snooze',
      until: new Date(later.getTime() + 6 * DAY),
      event: null,
      reason: 'legal review',
    });
    const attempt = applyStepAction(db.sql, target(2, new Date(later.getTime() + 6 * DAY)), {
      action: 'snooze',
      until: new Date(later.getTime() + 7 * DAY),
      event: null,
      reason: '',
    });
    await expect(attempt).rejects.toMatchObject({ problem: 'rot_needs_reason' });
    expect(await stepState(db.sql, seeded.executionId, 2)).toMatchObject({ snooze_count: 2 });
  });

  it('resumes early and gives back the unslept time', async () => {
    const done = await applyStepAction(db.sql, target(2, new Date(NOW.getTime() + 3 * DAY)), {
      action: 'resume',
    });
    expect(done.snoozedUntil).toBeNull();
    expect(await stepState(db.sql, seeded.executionId, 2)).toMatchObject({
      status: 'in_progress',
      total_snoozed_seconds: 3 * 86_400,
    });
    expect((await executionFlags(db.sql, seeded.executionId)).has_snoozed_steps).toBe(false);
  });

  it('escalates to the manager with an outbox DM, and skips only with a reason', async () => {
    const reason = '<!channel> budget < 400K & margin > 20%';
    const done = await applyStepAction(db.sql, target(3), { action: 'escalate', reason });
    expect(done.escalatedTo).toEqual({ id: seeded.benId, name: 'Ben Ode' });
    const [row] = await db.sql`select recipient, payload from outbox
      where idempotency_key = ${`escalate:${seeded.executionId}:3:${done.actionId}`}`;
    expect(row).toMatchObject({ recipient: 'U0BEN' });
    // Slack reads the DM's text as mrkdwn: the reason must neither ping nor lose its < and >.
    expect(row!.payload.text).toMatch(
      /: &lt;!channel&gt; budget &lt; 400K &amp; margin &gt; 20%\.$/,
    );
    await applyStepAction(db.sql, target(4), { action: 'skip', reason: 'no quote needed' });
    expect(await stepState(db.sql, seeded.executionId, 4)).toMatchObject({ status: 'skipped' });
  });

  it('refuses stale targets with a coded, user-safe error and changes nothing', async () => {
    const before = (await actions(db.sql, seeded.executionId)).length;
    const outOfRange = applyStepAction(db.sql, target(9), { action: 'resume' });
    await expect(outOfRange).rejects.toBeInstanceOf(StepActionError);
    await expect(outOfRange).rejects.toMatchObject({ problem: 'step_out_of_range' });
    await db.sql`update workflow_executions set status = 'completed', completed_at = now()
                  where id = ${seeded.executionId}`;
    await expect(
      applyStepAction(db.sql, target(1), { action: 'skip', reason: 'late' }),
    ).rejects.toMatchObject({
      problem: 'stale_target',
      userMessage: 'That workflow is already completed.',
    });
    expect(await actions(db.sql, seeded.executionId)).toHaveLength(before);
  });
});
