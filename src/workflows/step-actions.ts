/**
 * Step actions (PRODUCT.md §5): snooze, skip, escalate, resume one step, and snooze a whole
 * workflow. One step's action goes through the one step service (step-service.ts), whose pure
 * machine (src/domain/step-machine.ts) holds the rules, e.g. work must not rot quietly: a step
 * already snoozed for more than `snooze.rotLimitDays` in total is not snoozed again without
 * a reason. Here: which workflow a command means, and refusals as coded errors. Scheduling the
 * wake-up job is the caller's, right after the commit.
 */
import type { Sql } from '../db/connection.ts';
import * as db from '../db/step-states.ts';
import { snoozeInstance } from '../db/work-queue.ts';
import { type ActionSource, applyWorkflowSnooze } from '../domain/step-machine.ts';
import { RenubuError } from '../errors.ts';
import {
  type DoorAction,
  ESCALATE_KIND,
  runStepAction,
  type StepChange,
  type StepTarget,
} from './step-service.ts';

export type StepActionProblem =
  | 'no_workflow'
  | 'not_yours'
  | 'stale_target'
  | 'step_out_of_range'
  | 'not_snoozed'
  | 'rot_needs_reason'
  | 'no_manager'
  | 'nothing_to_undo'
  | 'too_late_to_undo'
  | 'changed_since'
  | 'nothing_before'
  | 'gate';

/** A refused action: `problem` for code, `userMessage` safe to show the CSM. */
export class StepActionError extends RenubuError {
  constructor(
    readonly problem: StepActionProblem,
    userMessage: string,
  ) {
    super(problem === 'no_workflow' ? 'not_found' : 'usage', userMessage);
  }
}

export type StepAction = Exclude<DoorAction, { action: 'wake' }>;
export type { StepChange, StepTarget };

export { ESCALATE_KIND };

/** The workflow a command acts on: the thread's, else the CSM's most recent active one. */
export async function resolveExecution(
  sql: Sql,
  where: { csmId: number; channelId?: string | undefined; threadTs?: string | undefined },
): Promise<db.ExecutionTarget> {
  const inThread =
    where.channelId && where.threadTs
      ? await db.findExecutionByThread(sql, where.channelId, where.threadTs)
      : null;
  if (inThread && inThread.csm_id !== where.csmId) {
    throw new StepActionError('not_yours', 'This thread is another CSM’s workflow.');
  }
  const execution = inThread ?? (await db.findLatestActiveExecution(sql, where.csmId));
  if (!execution) {
    throw new StepActionError(
      'no_workflow',
      'There is no workflow in progress to act on. Start one from your morning DM or App Home ' +
        '(the Begin button), then snooze, skip or resume its steps.',
    );
  }
  return execution;
}

/**
 * Apply one action to one step, in one transaction (the step service, through the one step
 * machine); a refusal is thrown as a {@link StepActionError} whose message says why.
 */
export async function applyStepAction(
  sql: Sql,
  target: StepTarget,
  change: StepAction,
): Promise<StepChange> {
  const outcome = await runStepAction(sql, target, change);
  if (!outcome.ok) {
    if (outcome.problem === 'not_snoozed_so') {
      throw new StepActionError('not_snoozed', outcome.refusal);
    }
    throw new StepActionError(outcome.problem, outcome.refusal);
  }
  return outcome.change;
}

/**
 * Snooze a whole workflow until `until`, in one transaction: the instance, and its active
 * execution through the step machine (`applyWorkflowSnooze`: the execution snoozed, its audit
 * row); the steps keep their states. False when the workflow is not the CSM's or no longer
 * open (nothing changed).
 */
export async function snoozeWholeWorkflow(
  sql: Sql,
  change: {
    instanceId: number;
    csmId: number;
    until: Date;
    reason: string | null;
    now: Date;
    source: ActionSource;
  },
): Promise<boolean> {
  return sql.begin(async (tx) => {
    const active = await db.findActiveExecutionOfInstance(tx, change.instanceId);
    const row = active ? await db.loadMachineRow(tx, active.id) : null;
    const applied = row
      ? applyWorkflowSnooze(
          { csmId: row.csm_id, status: row.status },
          { actorCsmId: change.csmId, ...change },
          change.now,
        )
      : null;
    if (applied && !applied.ok) return false;
    if (!(await snoozeInstance(tx, change))) return false;
    if (row && applied) {
      await db.snoozeExecutionRow(tx, row.id, applied.execution.snoozedUntil, change.now);
      await db.insertStepAction(tx, {
        ...applied.audit,
        companyId: row.company_id,
        executionId: row.id,
        source: change.source,
        now: change.now,
      });
    }
    return true;
  });
}
