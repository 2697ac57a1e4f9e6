/**
 * Moving through a workflow thread (PRODUCT.md §4-5): tick the checklist, Continue, accept or
 * set a price, each through the one step machine (step-service.ts `runWorkAction`): one
 * transaction on the locked execution, only on an open step, so a stale button or a double
 * click changes nothing and gets an explanation instead. The quote and email steps finish
 * through the same machine (`runOpenStep`, `finishStepIn`), Mark Complete too
 * (executions-complete.ts); here only what a door names and gets back.
 */
import type { Sql } from '../db/connection.ts';
import type { ActionSource } from '../domain/step-machine.ts';
import { runWorkAction, type StepTarget, type WorkRequest } from './step-service.ts';

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

/** The step service's target for a door's step: the CSM acts on the named step. */
export function stepTarget(ref: StepRef): Omit<StepTarget, 'thread'> {
  return {
    executionId: ref.executionId,
    stepIndex: ref.stepIndex,
    actorCsmId: ref.csmId,
    now: ref.now,
    source: ref.source,
  };
}

/** A thread button's work through the one step machine (step-service.ts `runWorkAction`). */
async function work(sql: Sql, ref: StepRef, request: WorkRequest): Promise<StepResult> {
  const outcome = await runWorkAction(sql, stepTarget(ref), request);
  return outcome.ok ? { ok: true } : { ok: false, reason: outcome.refusal };
}

/** The checklist's ticks, kept in the context; the step does not move. */
export function recordChecks(sql: Sql, ref: StepRef, ticked: string[]): Promise<StepResult> {
  return work(sql, ref, { action: 'tick', ticked });
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
