/**
 * Step actions (PRODUCT.md §5): snooze, skip, escalate, resume one step, and snooze a whole
 * workflow. Each action upserts workflow_step_states and inserts its workflow_step_actions row
 * in one transaction (the trigger keeps the execution's snooze flags); an escalation's DM to
 * the manager is an outbox row of the same transaction. Work must not rot quietly: a step
 * already snoozed for more than `snooze.rotLimitDays` in total is not snoozed again without
 * a reason. Scheduling the wake-up job is the caller's, right after this commits.
 */
import { escapeMrkdwn } from '../../blocks/format.ts';
import { findSlide } from '../../slides/registry.ts';
import type { Sql, TransactionSql } from '../db/connection.ts';
import { completeRemainingExecution, loadStepStates, setInstanceStatus } from '../db/executions.ts';
import { enqueue } from '../db/outbox.ts';
import * as db from '../db/step-states.ts';
import { snoozeInstance } from '../db/work-queue.ts';
import { plural, resolveSettings } from '../domain/index.ts';
import type { SnoozeEvent } from '../domain/step-command.ts';
import { workflowState } from '../domain/workflow-state.ts';
import { RenubuError } from '../errors.ts';

export type StepActionProblem =
  | 'no_workflow'
  | 'not_yours'
  | 'stale_target'
  | 'step_out_of_range'
  | 'not_snoozed'
  | 'rot_needs_reason'
  | 'no_manager';

/** A refused action: `problem` for code, `userMessage` safe to show the CSM. */
export class StepActionError extends RenubuError {
  constructor(
    readonly problem: StepActionProblem,
    userMessage: string,
  ) {
    super(problem === 'no_workflow' ? 'not_found' : 'usage', userMessage);
  }
}

export type StepAction =
  | { action: 'snooze'; until: Date; event: SnoozeEvent | null; reason: string }
  | { action: 'skip'; reason: string }
  | { action: 'escalate'; reason: string | null }
  | { action: 'resume' };

export interface StepTarget {
  executionId: number;
  /** 0-based; null: the execution's current step. */
  stepIndex: number | null;
  /** Who acts: the execution's CSM, or null for Renubu itself (a job). */
  actorCsmId: number | null;
  now: Date;
}

export interface StepChange {
  action: StepAction['action'];
  executionId: number;
  companyId: number;
  csmId: number;
  stepIndex: number;
  stepId: string;
  stepTitle: string;
  customerName: string;
  /** The step's snoozed_until before and after (the wake-up job moves or goes with it). */
  previousUntil: Date | null;
  snoozedUntil: Date | null;
  reason: string | null;
  actionId: number;
  escalatedTo: { id: number; name: string } | null;
}

export const ESCALATE_KIND = 'step_escalated';
const DAY_S = 86_400;

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

/** Apply one action to one step, in one transaction. */
export async function applyStepAction(
  sql: Sql,
  target: StepTarget,
  change: StepAction,
): Promise<StepChange> {
  return sql.begin(async (tx) => {
    const execution = await db.findExecution(tx, target.executionId, { forUpdate: true });
    if (!execution) throw new StepActionError('stale_target', 'That workflow no longer exists.');
    if (target.actorCsmId !== null && execution.csm_id !== target.actorCsmId) {
      throw new StepActionError('not_yours', 'That workflow belongs to another CSM.');
    }
    if (execution.status === 'completed' || execution.status === 'abandoned') {
      const word = execution.status === 'completed' ? 'completed' : 'closed';
      throw new StepActionError('stale_target', `That workflow is already ${word}.`);
    }
    const stepIndex = target.stepIndex ?? execution.current_step;
    const stepId = execution.step_ids[stepIndex];
    if (stepIndex < 0 || stepIndex >= execution.total_steps || stepId === undefined) {
      const count = Math.min(execution.total_steps, execution.step_ids.length);
      throw new StepActionError(
        'step_out_of_range',
        `This workflow has steps 1 to ${count}; there is no step ${stepIndex + 1}.`,
      );
    }
    const state = await db.lockStepState(tx, execution.id, stepIndex);
    const csm = await db.findPerson(tx, execution.csm_id);
    const settings = resolveSettings(csm?.company_settings ?? {});
    const title = findSlide(stepId)?.title ?? stepId;
    const label = `step ${stepIndex + 1} ${title}`;
    if (state?.status === 'completed' || state?.status === 'skipped') {
      throw new StepActionError('stale_target', `${cap(label)} is already ${state.status}.`);
    }
    const wasUntil = state?.status === 'snoozed' ? state.snoozed_until : null;
    // Seconds of the current snooze not yet slept: a re-snooze or early resume gives them back.
    const unslept = wasUntil ? Math.max(0, (wasUntil.getTime() - target.now.getTime()) / 1000) : 0;
    const base = {
      companyId: execution.company_id,
      executionId: execution.id,
      stepIndex,
      stepId,
      snoozeUntilEvent: null as string | null,
      addSnoozes: 0,
      addSnoozedSeconds: 0,
      escalatedTo: null as number | null,
      now: target.now,
    };
    let next: db.StepStateChange;
    let reason: string | null = null;
    let escalatedTo: StepChange['escalatedTo'] = null;
    if (change.action === 'snooze') {
      const slept = (state?.total_snoozed_seconds ?? 0) - unslept;
      if (slept > settings.snooze.rotLimitDays * DAY_S && !change.reason) {
        throw new StepActionError(
          'rot_needs_reason',
          `${cap(label)} has been snoozed for more than ${plural(settings.snooze.rotLimitDays, 'day')} in ` +
            'all: snooze it again only with a reason (e.g. /renubu snooze 2d waiting for legal), ' +
            'or skip it with a reason, or escalate it.',
        );
      }
      reason = change.reason || null;
      const seconds = Math.round((change.until.getTime() - target.now.getTime()) / 1000);
      next = {
        ...base,
        status: 'snoozed',
        snoozedUntil: change.until,
        snoozeUntilEvent: change.event,
        addSnoozes: 1,
        addSnoozedSeconds: seconds - Math.round(unslept),
        reason,
      };
    } else if (change.action === 'resume') {
      if (state?.status !== 'snoozed' && state?.status !== 'escalated') {
        throw new StepActionError(
          'not_snoozed',
          `${cap(label)} is not snoozed: nothing to resume.`,
        );
      }
      next = { ...base, status: 'in_progress', snoozedUntil: null, reason: null };
      next.addSnoozedSeconds = -Math.round(unslept);
    } else if (change.action === 'skip') {
      reason = change.reason;
      next = { ...base, status: 'skipped', snoozedUntil: null, reason };
      next.addSnoozedSeconds = -Math.round(unslept);
    } else {
      const manager = csm?.manager_id ? await db.findPerson(tx, csm.manager_id) : null;
      if (!manager) {
        throw new StepActionError(
          'no_manager',
          'You have no manager set in Renubu to escalate to.',
        );
      }
      reason = change.reason;
      escalatedTo = { id: manager.id, name: manager.name };
      next = { ...base, status: 'escalated', snoozedUntil: null, reason, escalatedTo: manager.id };
      next.addSnoozedSeconds = -Math.round(unslept);
    }
    await db.upsertStepState(tx, next);
    if (change.action === 'skip') await completeWhenAllWorked(tx, execution, target.now);
    const actionId = await db.insertStepAction(tx, {
      companyId: execution.company_id,
      executionId: execution.id,
      stepIndex,
      actionType: change.action,
      performedBy: target.actorCsmId,
      reason,
      snoozedUntil: next.snoozedUntil,
      metadata: change.action === 'snooze' && change.event ? { event: change.event } : {},
      now: target.now,
    });
    if (change.action === 'escalate' && escalatedTo) {
      const manager = (await db.findPerson(tx, escalatedTo.id))!;
      const who = csm ? escapeMrkdwn(csm.name) : 'A CSM';
      const why = reason ? `: ${escapeMrkdwn(reason)}` : '';
      await enqueue(tx, {
        idempotencyKey: `escalate:${execution.id}:${stepIndex}:${actionId}`,
        channel: 'slack',
        kind: ESCALATE_KIND,
        recipient: manager.slack_user_id ?? manager.email,
        payload: {
          text: `${who} escalated ${escapeMrkdwn(label)} of ${escapeMrkdwn(execution.customer_name)}'s workflow to you${why}.`,
        },
        companyId: execution.company_id,
        availableAt: target.now,
      });
    }
    return {
      action: change.action,
      executionId: execution.id,
      companyId: execution.company_id,
      csmId: execution.csm_id,
      stepIndex,
      stepId,
      stepTitle: title,
      customerName: execution.customer_name,
      previousUntil: wasUntil,
      snoozedUntil: next.snoozedUntil,
      reason,
      actionId,
      escalatedTo,
    };
  });
}

/** Snooze a whole workflow: the instance (and its active execution) until `until`. */
export async function snoozeWholeWorkflow(
  sql: Sql,
  change: { instanceId: number; csmId: number; until: Date; reason: string | null; now: Date },
): Promise<boolean> {
  return sql.begin(async (tx) => {
    if (!(await snoozeInstance(tx, change))) return false;
    const execution = await db.findActiveExecutionOfInstance(tx, change.instanceId);
    if (execution) {
      await db.snoozeExecutionRow(tx, execution.id, change.until, change.now);
      await db.insertStepAction(tx, {
        companyId: execution.company_id,
        executionId: execution.id,
        stepIndex: null,
        actionType: 'snooze_workflow',
        performedBy: change.csmId,
        reason: change.reason,
        snoozedUntil: change.until,
        metadata: { instanceId: change.instanceId },
        now: change.now,
      });
    }
    return true;
  });
}

/**
 * The workflow's one state is completed once every step is completed or skipped
 * (src/domain/workflow-state.ts): a skip that leaves nothing open completes the execution and
 * its instance too, so the row never disagrees with what every surface shows.
 */
async function completeWhenAllWorked(
  tx: TransactionSql,
  execution: db.ExecutionTarget,
  now: Date,
): Promise<void> {
  const states = await loadStepStates(tx, execution.id);
  const steps = states.map((s) => ({ title: s.step_id, status: s.status }));
  const state = workflowState({
    execution: { status: execution.status, currentStep: execution.current_step, steps },
  });
  if (state.status !== 'completed' || states.length < execution.total_steps) return;
  await completeRemainingExecution(tx, execution.id, now);
  if (execution.workflow_instance_id !== null) {
    await setInstanceStatus(tx, execution.workflow_instance_id, 'completed', now);
  }
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
