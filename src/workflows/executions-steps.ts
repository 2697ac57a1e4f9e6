/**
 * Moving through a workflow thread (PRODUCT.md §4-5). Tick the checklist, Continue, accept or
 * set a price go through the one step machine (step-service.ts `runWorkAction`): one
 * transaction on the locked execution, only on an open step, so a stale button or a double
 * click changes nothing and gets an explanation instead. Still here for the quote and email
 * steps (their own I/O first): `onCurrentStep` and `completeAndAdvance`, which complete the
 * step, move to the next pending one and put its reply and the updated parent in the outbox.
 */
import type { Sql, TransactionSql } from '../db/connection.ts';
import {
  advanceExecution,
  bumpMetrics,
  completeRemainingExecution,
  type ExecutionRow,
  findExecution,
  insertStepAction,
  loadStepStates,
  type StepStateRow,
  setInstanceStatus,
  setStepStatus,
} from '../db/executions.ts';
import type { ActionSource } from '../domain/step-machine.ts';
import { runWorkAction, type WorkRequest } from './step-service.ts';
import { type ExecutionContext, enqueueParent, enqueueStep } from './thread-messages.ts';

export interface StepRef {
  executionId: number;
  stepIndex: number;
  csmId: number;
  slackUserId: string;
  now: Date;
  /** Where the action came from (a thread button, a modal): its audit row says so. */
  source: ActionSource;
}

export type StepResult = { ok: true; completed?: boolean } | { ok: false; reason: string };

export interface StepScope {
  tx: TransactionSql;
  execution: ExecutionRow;
  ctx: ExecutionContext;
  states: StepStateRow[];
}

const stale = (reason: string): StepResult => ({ ok: false, reason });

/** Run `change` on the locked execution when `ref` names its current step; else explain. */
export function onCurrentStep(
  sql: Sql,
  ref: StepRef,
  change: (scope: StepScope) => Promise<StepResult>,
): Promise<StepResult> {
  return sql.begin(async (tx) => {
    const execution = await findExecution(tx, ref.executionId, true);
    if (!execution || execution.csm_id !== ref.csmId) {
      return stale('That button belongs to a workflow that is not yours; nothing was changed.');
    }
    if (execution.status === 'completed' || execution.status === 'abandoned') {
      return stale(`This workflow is already ${execution.status}; nothing was changed.`);
    }
    const states = await loadStepStates(tx, execution.id);
    const state = states.find((s) => s.step_index === ref.stepIndex);
    // The current step, or one the CSM went around and has resumed: both are in progress.
    if (state?.status !== 'in_progress') {
      return stale(
        `Step ${ref.stepIndex + 1} is ${state?.status === 'completed' ? 'already done' : 'not open now'}; the thread's latest step is where to go on. Nothing was changed.`,
      );
    }
    await bumpMetrics(tx, execution.id, { clicks: 1 });
    return change({ tx, execution, ctx: execution.context as ExecutionContext, states });
  });
}

/** The first pending step after `from`, else the first pending one, else none (total). */
export function nextPendingStep(states: StepStateRow[], from: number, total: number): number {
  const pending = states.filter((s) => s.status === 'pending').map((s) => s.step_index);
  return pending.find((i) => i > from) ?? pending[0] ?? total;
}

/** Complete the current step and move on: action row, next step, its reply, the parent. */
export async function completeAndAdvance(
  scope: StepScope,
  ref: StepRef,
  ctx: ExecutionContext,
  metadata: Record<string, unknown> = {},
): Promise<StepResult> {
  const { tx, execution } = scope;
  const base = { executionId: execution.id, companyId: execution.company_id, now: ref.now };
  await setStepStatus(tx, execution.id, ref.stepIndex, 'completed', ref.now);
  await insertStepAction(tx, {
    ...base,
    stepIndex: ref.stepIndex,
    type: 'complete',
    csmId: ref.csmId,
    metadata,
    source: ref.source,
  });
  const states = await loadStepStates(tx, execution.id);
  if (execution.current_step !== ref.stepIndex) {
    return completeAroundStep(scope, ref, ctx, states);
  }
  const next = nextPendingStep(states, ref.stepIndex, execution.total_steps);
  const done = states.filter((s) => s.status === 'completed' || s.status === 'skipped').length;
  const updated = { ...ctx, version: ctx.version + 1 };
  const moved = await advanceExecution(tx, {
    id: execution.id,
    expectedStep: ref.stepIndex,
    nextStep: next,
    percentage: Math.round((done / execution.total_steps) * 100),
    context: updated,
    now: ref.now,
  });
  if (!moved)
    throw new Error(`execution ${execution.id}: step ${ref.stepIndex} moved under a lock`);
  const target = { ...base, slackUserId: ref.slackUserId };
  const threadTs = execution.slack_thread_ts;
  if (next < execution.total_steps) {
    await setStepStatus(tx, execution.id, next, 'in_progress', ref.now);
    if (threadTs) await enqueueStep(tx, target, updated, next, threadTs);
    await bumpMetrics(tx, execution.id, { slides: 1 });
  }
  const view = { ctx: updated, states: await loadStepStates(tx, execution.id), current: next };
  if (threadTs) await enqueueParent(tx, target, { ...view, status: execution.status }, threadTs);
  return { ok: true };
}

/**
 * A step finished after the CSM went around it (a resumed snooze): the thread's current step
 * stays where it is; the progress and the header follow, and when nothing is left open after
 * Mark Complete, the workflow is completed.
 */
async function completeAroundStep(
  scope: StepScope,
  ref: StepRef,
  ctx: ExecutionContext,
  states: StepStateRow[],
): Promise<StepResult> {
  const { tx, execution } = scope;
  const done = states.filter((s) => s.status === 'completed' || s.status === 'skipped').length;
  const updated = { ...ctx, version: ctx.version + 1 };
  await advanceExecution(tx, {
    id: execution.id,
    expectedStep: execution.current_step,
    nextStep: execution.current_step,
    percentage: Math.round((done / execution.total_steps) * 100),
    context: updated,
    now: ref.now,
  });
  // Every step done or skipped: the last one only by Mark Complete, so the workflow is done.
  const finished = done === execution.total_steps;
  if (finished) {
    await completeRemainingExecution(tx, execution.id, ref.now);
    if (execution.workflow_instance_id !== null) {
      await setInstanceStatus(tx, execution.workflow_instance_id, 'completed', ref.now);
    }
  }
  const threadTs = execution.slack_thread_ts;
  if (threadTs) {
    const target = {
      executionId: execution.id,
      companyId: execution.company_id,
      now: ref.now,
      slackUserId: ref.slackUserId,
    };
    const view = { ctx: updated, states, current: execution.current_step };
    const status = finished ? 'completed' : execution.status;
    await enqueueParent(tx, target, { ...view, status }, threadTs);
  }
  return { ok: true };
}

/** A thread button's work through the one step machine (step-service.ts `runWorkAction`). */
async function work(sql: Sql, ref: StepRef, request: WorkRequest): Promise<StepResult> {
  const target = {
    executionId: ref.executionId,
    stepIndex: ref.stepIndex,
    actorCsmId: ref.csmId,
    now: ref.now,
    source: ref.source,
  };
  const outcome = await runWorkAction(sql, target, request);
  return outcome.ok ? { ok: true } : { ok: false, reason: outcome.refusal };
}

/** The checklist's ticks, kept in the context; the step does not move. */
export function recordChecks(sql: Sql, ref: StepRef, ticked: string[]): Promise<StepResult> {
  return work(sql, ref, { action: 'tick', ticked });
}

/** What the step's gate still asks (every checklist item ticked; a price decided), or null. */
export function gateProblem(ctx: ExecutionContext, stepIndex: number): string | null {
  const step = ctx.steps[stepIndex];
  if (step?.gate.kind === 'checklist-complete') {
    const ticked = new Set(ctx.checked[String(stepIndex)] ?? []);
    const items = step.artifacts.flatMap((a) => (a.kind === 'checklist' ? a.items : []));
    const missing = items.filter((i) => !ticked.has(i.id));
    if (missing.length > 0) {
      return `Tick every item first: ${missing.map((i) => i.label).join(', ')}.`;
    }
  }
  if (step?.gate.kind === 'pricing-decided' && ctx.decided === null) {
    return 'Accept a scenario or set a price first.';
  }
  return null;
}

/** Continue: the step's gate first, then complete it and go on. */
export function continueStep(sql: Sql, ref: StepRef): Promise<StepResult> {
  return work(sql, ref, { action: 'continue' });
}

/**
 * Accept a scenario of the step's pricing artifact, or a custom change (`pct`); the open
 * steps are hydrated again with the chosen price (src/workflows/price.ts).
 */
export function decidePrice(
  sql: Sql,
  ref: StepRef,
  choice: { scenario: string } | { pct: number; newArr: number },
): Promise<StepResult> {
  return work(sql, ref, { action: 'accept', choice });
}
