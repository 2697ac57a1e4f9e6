/**
 * What the thread's doors read of an execution, and the one count they keep, behind a service
 * (ARCHITECTURE.md: listeners hold no SQL): the pricing a "Modify price" click opens, the
 * customer a quote is built for, and "a modal was opened" for the feedback loop (§8).
 */
import type { Sql } from '../db/connection.ts';
import { bumpMetrics, findExecution, loadStepStates } from '../db/executions.ts';
import { findPerson } from '../db/step-states.ts';
import { findOpenInstance, type InstanceRef } from '../db/work-queue.ts';
import type { ExecutionContext } from './thread-messages.ts';

/**
 * The pricing artifact of the CSM's own step when it is still the current one of an open
 * workflow, with the recommended change; null when the click is stale or not theirs.
 */
export async function openPricing(
  sql: Sql,
  on: { executionId: number; stepIndex: number; csmId: number },
): Promise<{ ctx: ExecutionContext; recommendedPct: number } | null> {
  const execution = await findExecution(sql, on.executionId);
  if (!execution || execution.csm_id !== on.csmId || execution.status === 'completed') {
    return null;
  }
  if (execution.current_step !== on.stepIndex) return null;
  const ctx = execution.context as ExecutionContext;
  const pricing = ctx.steps[on.stepIndex]?.artifacts.find((a) => a.kind === 'pricing');
  if (pricing?.kind !== 'pricing') return null;
  const recommended = pricing.scenarios.find((s) => s.name === pricing.recommended);
  return { ctx, recommendedPct: recommended?.changePct ?? 0 };
}

/** The customer an execution is for, or null when there is no such execution. */
export async function executionCustomerName(sql: Sql, executionId: number): Promise<string | null> {
  const execution = await findExecution(sql, executionId);
  const ctx = execution?.context as { customerName?: string } | undefined;
  return ctx?.customerName ?? null;
}

/** The CSM opened one of the execution's modals (pricing, quote, email). */
export async function countModalOpened(sql: Sql, executionId: number): Promise<void> {
  await bumpMetrics(sql, executionId, { modals: 1 });
}

export type OpenStep =
  | { ok: true; stepTitle: string; customerName: string }
  | { ok: false; why: string };

/** The step a menu acts on when it can still be acted on (the CSM's, open), else why not. */
export async function openStep(
  sql: Sql,
  ref: { executionId: number; stepIndex: number },
  csmId: number,
): Promise<OpenStep> {
  const execution = await findExecution(sql, ref.executionId);
  if (!execution || execution.csm_id !== csmId) {
    return { ok: false, why: 'That menu belongs to a workflow that is not yours.' };
  }
  if (execution.status === 'completed' || execution.status === 'abandoned') {
    return { ok: false, why: `This workflow is already ${execution.status}.` };
  }
  const ctx = execution.context as ExecutionContext;
  const step = ctx.steps[ref.stepIndex];
  const states = await loadStepStates(sql, execution.id);
  const status = states.find((s) => s.step_index === ref.stepIndex)?.status;
  if (!step) return { ok: false, why: 'That step is not in this workflow.' };
  if (status === 'completed' || status === 'skipped') {
    return { ok: false, why: `Step ${ref.stepIndex + 1} ${step.title} is already ${status}.` };
  }
  return { ok: true, stepTitle: step.title, customerName: ctx.customerName };
}

/** The CSM's manager (to escalate to), or null when none is set. */
export async function managerOf(sql: Sql, csmId: number): Promise<{ name: string } | null> {
  const me = await findPerson(sql, csmId);
  return me?.manager_id ? await findPerson(sql, me.manager_id) : null;
}

/** The CSM's own workflow instance while it is still open (a card's Snooze), else null. */
export function openInstanceOf(
  sql: Sql,
  instanceId: number,
  csmId: number,
): Promise<InstanceRef | null> {
  return findOpenInstance(sql, instanceId, csmId);
}
