/**
 * The one step service against a real database: every way a step changes (a command, a timer
 * wake-up, an event) follows the same machine, so the same rules hold for all of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wakeStep } from '../../jobs/snooze-wakeup.ts';
import { wakeSnoozedSteps } from '../../src/events/wake.ts';
import { runStepAction } from '../../src/workflows/step-service.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { actions, type Seeded, seedExecution, stepState } from '../jobs/fixture.ts';

let db: TestDatabase;
let seeded: Seeded;
const NOW = new Date('2026-11-25T17:00:00Z');
const UNTIL = new Date('2026-11-27T17:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  seeded = await seedExecution(db.sql);
});
afterAll(() => db.drop());

const at = (stepIndex: number, now = NOW) => ({
  executionId: seeded.executionId,
  stepIndex,
  actorCsmId: seeded.anaId,
  now,
  source: 'command' as const,
});

async function customer() {
  const [row] = await db.sql`
    select c.id, c.company_id, c.external_id, c.name, e.csm_id, 'U0ANA' as csm_recipient
      from customers c join workflow_executions e on e.customer_id = c.id
     where e.id = ${seeded.executionId}`;
  return row as never;
}

describe('step service', () => {
  it('a step snoozed until an event, in a workflow since closed, wakes neither by event nor timer', async () => {
    const snoozed = await runStepAction(db.sql, at(1), {
      action: 'snooze',
      until: UNTIL,
      event: 'ticket-solved',
      reason: 'waiting on support',
    });
    expect(snoozed.ok).toBe(true);
    await db.sql`update workflow_executions set status = 'abandoned' where id = ${seeded.executionId}`;
    const before = (await actions(db.sql, seeded.executionId)).length;
    const who = await customer();
    const woken = await db.sql.begin((tx) =>
      wakeSnoozedSteps(
        tx,
        who,
        { until: 'ticket-solved', reason: 'ticket T-1 solved' },
        'evt-1',
        UNTIL,
      ),
    );
    expect(woken).toEqual([]);
    const data = {
      key: 'k',
      executionId: seeded.executionId,
      stepIndex: 1,
      snoozedUntil: UNTIL.toISOString(),
    };
    expect(await wakeStep(db.sql, data, UNTIL)).toBeNull();
    expect(await stepState(db.sql, seeded.executionId, 1)).toMatchObject({ status: 'snoozed' });
    expect(await actions(db.sql, seeded.executionId)).toHaveLength(before);
    const dms = await db.sql`select 1 from outbox where idempotency_key like 'wake:%'`;
    expect(dms).toHaveLength(0);
  });

  it('in an open workflow the event wakes the step once, with its audit row and one DM', async () => {
    await db.sql`update workflow_executions set status = 'in_progress' where id = ${seeded.executionId}`;
    const wake = () =>
      db.sql.begin(async (tx) =>
        wakeSnoozedSteps(
          tx,
          await customer(),
          { until: 'ticket-solved', reason: 'ticket T-1 solved' },
          'evt-2',
          UNTIL,
        ),
      );
    expect(await wake()).toEqual([
      { executionId: seeded.executionId, stepIndex: 1, stepId: 'account-overview' },
    ]);
    expect(await wake()).toEqual([]);
    expect(await stepState(db.sql, seeded.executionId, 1)).toMatchObject({
      status: 'in_progress',
      snooze_count: 1,
      reason: 'waiting on support',
    });
    expect((await actions(db.sql, seeded.executionId)).at(-1)).toMatchObject({
      action_type: 'wake',
      performed_by: null,
      reason: 'ticket T-1 solved',
    });
    const dms = await db.sql`select recipient from outbox where idempotency_key like 'wake:%'`;
    expect(dms).toHaveLength(1);
  });

  it('refuses in words and writes nothing for a workflow that does not exist', async () => {
    const outcome = await runStepAction(
      db.sql,
      { ...at(0), executionId: 999_999 },
      { action: 'resume' },
    );
    expect(outcome).toEqual({
      ok: false,
      problem: 'stale_target',
      refusal: 'That workflow no longer exists.',
    });
  });
});
