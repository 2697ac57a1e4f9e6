/**
 * Issue 13 items 3-4: a workflow is completed exactly when every step is completed or skipped.
 * Marked complete with step 1 snoozed, it stays open; skipping step 1 then completes the
 * execution and its instance, so the row agrees with what every surface shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyStepAction } from '../../src/workflows/step-actions.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { type Seeded, STEPS, seedExecution } from '../jobs/fixture.ts';

let db: TestDatabase;
let seeded: Seeded;
const NOW = new Date('2026-11-25T17:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  seeded = await seedExecution(db.sql);
});
afterAll(() => db.drop());

const rows = async () => {
  const [e] = await db.sql`select status from workflow_executions where id = ${seeded.executionId}`;
  const [w] = await db.sql`select status from workflow_instances where id = ${seeded.instanceId}`;
  return { execution: e!.status, instance: w!.status };
};

describe('skipping the last open step', () => {
  it('completes the workflow only once nothing is left open', async () => {
    const statuses = ['snoozed', 'pending', 'completed', 'completed', 'completed'];
    await db.sql`
      insert into workflow_step_states
        (company_id, execution_id, step_index, step_id, status, snoozed_until)
      select 1, ${seeded.executionId}, i - 1, s, st,
             case when st = 'snoozed' then ${new Date(NOW.getTime() + 86_400_000)}::timestamptz end
        from unnest(${STEPS}::text[], ${statuses}::text[]) with ordinality t(s, st, i)`;
    const skip = (stepIndex: number) =>
      applyStepAction(
        db.sql,
        {
          executionId: seeded.executionId,
          stepIndex,
          actorCsmId: seeded.anaId,
          now: NOW,
          source: 'command' as const,
        },
        { action: 'skip', reason: 'not needed this time' },
      );
    await skip(1);
    expect(await rows()).toEqual({ execution: 'in_progress', instance: 'in_progress' });
    await skip(0);
    expect(await rows()).toEqual({ execution: 'completed', instance: 'completed' });
  });
});
