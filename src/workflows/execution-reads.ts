/**
 * What the thread's doors read of an execution, and the one count they keep, behind a service
 * (ARCHITECTURE.md: listeners hold no SQL): the pricing a "Modify price" click opens, the
 * customer a quote is built for, and "a modal was opened" for the feedback loop (§8).
 */
import type { Sql } from '../db/connection.ts';
import { bumpMetrics, findExecution } from '../db/executions.ts';
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
