/**
 * One price (issue 13, item 5): once the CSM chooses a price, it is `ctx.decided.newArr`, and
 * every step still to come is hydrated again from the launch's definition and context with
 * that price as `decidedArr`, so the quote step, its builder, the email draft and the summary
 * say the chosen price and nothing keeps the recommendation fixed at launch. Steps already
 * done stay as the CSM saw them. Pure.
 */
import type { StepStateRow } from '../db/executions.ts';
import { composeWorkflow } from './compose.ts';
import type { ExecutionContext } from './thread-messages.ts';

/** The price every later text, the quote and the completion use: the chosen one, or none. */
export function decidedPrice(ctx: Pick<ExecutionContext, 'decided'>): number | null {
  return ctx.decided?.newArr ?? null;
}

/**
 * `ctx` with its open steps (not completed nor skipped, other than `decidedAt`) composed
 * again with the decided price. Unchanged without a decision or a launch snapshot.
 */
export function rehydrateAfterDecision(
  ctx: ExecutionContext,
  states: Pick<StepStateRow, 'step_index' | 'status'>[],
  decidedAt: number,
): ExecutionContext {
  const price = decidedPrice(ctx);
  if (price === null || !ctx.composedFrom) return ctx;
  const { definition, standard } = ctx.composedFrom;
  const fresh = composeWorkflow(definition, { ...standard, decidedArr: price });
  const done = new Set(
    states
      .filter((s) => s.status === 'completed' || s.status === 'skipped')
      .map((s) => s.step_index),
  );
  const steps = ctx.steps.map((step, i) => {
    const again = fresh.steps[i];
    if (i === decidedAt || done.has(i) || again?.slideId !== step.slideId) return step;
    return again;
  });
  return { ...ctx, steps };
}

/**
 * The decision a built quote makes: its first line is the subscription over the term, so
 * its yearly value is that line's amount × 12 / term months (to the dollar). A quote the CSM
 * changed away from the decided price becomes the decided price (the quote is what the
 * customer gets); null when it says the decided price already.
 */
export function decisionFromQuote(
  ctx: Pick<ExecutionContext, 'decided' | 'currentArr'>,
  quote: {
    lineItems: { quantity: number; unitPrice: number }[];
    terms: { termMonths: number };
  },
): NonNullable<ExecutionContext['decided']> | null {
  const line = quote.lineItems[0];
  if (!line || !(quote.terms.termMonths > 0)) return null;
  const yearly = Math.round((line.quantity * line.unitPrice * 12) / quote.terms.termMonths);
  const price = decidedPrice(ctx);
  if (price !== null && Math.abs(yearly - price) < 1) return null;
  const changePct =
    ctx.currentArr > 0 ? Math.round(((yearly - ctx.currentArr) / ctx.currentArr) * 1000) / 10 : 0;
  return { scenario: 'custom', changePct, newArr: yearly };
}
