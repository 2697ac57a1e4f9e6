/**
 * The prepare-quote step (PRODUCT.md §4): the builder's prefill, the quote built from the
 * form, and its upload recorded at most once.
 *
 * At most once: before the PDF is uploaded, the quote is reserved in the execution context
 * under the key `quote:<executionId>:<stepIndex>` (one transaction on the locked execution).
 * A Slack retry, or a second submission of the same modal, finds that key (reserved: an
 * upload is in flight; uploaded: the step has moved on) and uploads nothing. A definite
 * upload failure releases the reservation so the CSM can try again; a process that dies
 * between reserving and recording leaves the reservation, and the CSM goes on with Continue.
 */

import { z } from 'zod';
import type { QuoteForm, QuoteLine } from '../../blocks/quote-modal.ts';
import type { Sql } from '../db/connection.ts';
import { findExecution, saveContext } from '../db/executions.ts';
import { buildQuote, type Quote } from '../domain/quote.ts';
import { completeAndAdvance, onCurrentStep, type StepRef } from './executions-steps.ts';
import type { ExecutionContext } from './thread-messages.ts';

export interface StoredQuote {
  key: string;
  status: 'reserved' | 'uploaded';
  quote: Quote;
  fileId?: string;
}
export type QuoteContext = ExecutionContext & { quote?: StoredQuote };

export const quoteKey = (executionId: number, stepIndex: number) =>
  `quote:${executionId}:${stepIndex}`;

/** What the builder opens with, or null when the step is not the CSM's current quote step. */
export async function quoteDraft(sql: Sql, ref: Omit<StepRef, 'slackUserId' | 'now'>) {
  const execution = await findExecution(sql, ref.executionId);
  if (!execution || execution.csm_id !== ref.csmId || execution.status === 'completed') return null;
  if (execution.current_step !== ref.stepIndex) return null;
  const ctx = execution.context as QuoteContext;
  const artifact = ctx.steps[ref.stepIndex]?.artifacts.find((a) => a.kind === 'quote-builder');
  if (artifact?.kind !== 'quote-builder') return null;
  const lines: QuoteLine[] = artifact.lineItems.map((item, i) => ({
    description: item.description,
    quantity: 1,
    // the subscription at the decided ARR over the term
    unitPrice:
      i === 0 && ctx.decided
        ? Math.round(ctx.decided.newArr * artifact.termMonths * (100 / 12)) / 100
        : item.amount,
  }));
  const { termMonths, paymentTerms } = artifact;
  return { customerName: ctx.customerName, lines, termMonths, paymentTerms };
}

const PAYMENT_DAYS: Record<QuoteForm['paymentTerms'], number> = {
  'Net 30': 30,
  'Net 45': 45,
  'Annual upfront': 0,
  Quarterly: 30,
};

export type BuiltQuote =
  | { ok: true; quote: Quote }
  | { ok: false; issues: readonly z.core.$ZodIssue[] };

/**
 * The quote from the form, or its validation issues (the door says them in words on the
 * form's inputs). Annual upfront is one payment.
 */
export function quoteFromForm(
  form: QuoteForm,
  who: { executionId: number; stepIndex: number; customerName: string; today: string },
  csm: { name: string; email: string },
): BuiltQuote {
  const installments =
    form.paymentTerms === 'Annual upfront'
      ? 1
      : form.paymentTerms === 'Quarterly'
        ? Math.max(1, Math.ceil(form.termMonths / 3))
        : form.installments;
  try {
    const quote = buildQuote({
      quoteNumber: `Q-${who.today.replace(/-/g, '')}-${who.executionId}-${who.stepIndex + 1}`,
      date: who.today,
      customer: { name: who.customerName },
      csm,
      lineItems: form.lines,
      terms: { termMonths: form.termMonths, paymentDays: PAYMENT_DAYS[form.paymentTerms] },
      installments,
      ...(form.notes ? { notes: form.notes } : {}),
    });
    return {
      ok: true,
      quote: { ...quote, terms: { ...quote.terms, paymentTerms: form.paymentTerms } },
    };
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    return { ok: false, issues: error.issues };
  }
}

export type Reserved =
  | { kind: 'reserved'; channel: string; threadTs: string }
  | { kind: 'duplicate' }
  | { kind: 'stale'; reason: string };

/** Reserve the step's one upload; a second call for the same step is a duplicate. */
export async function reserveQuote(sql: Sql, ref: StepRef, quote: Quote): Promise<Reserved> {
  const key = quoteKey(ref.executionId, ref.stepIndex);
  const seen = await findExecution(sql, ref.executionId);
  if ((seen?.context as QuoteContext | undefined)?.quote?.key === key) return { kind: 'duplicate' };
  let reserved: Reserved = { kind: 'duplicate' };
  const result = await onCurrentStep(sql, ref, async ({ tx, execution, ctx }) => {
    if ((ctx as QuoteContext).quote?.key === key) return { ok: true };
    if (!execution.slack_channel_id || !execution.slack_thread_ts) {
      return { ok: false, reason: 'This workflow has no thread to put the quote in yet.' };
    }
    const stored: StoredQuote = { key, status: 'reserved', quote };
    await saveContext(tx, execution.id, { ...ctx, quote: stored }, ref.now);
    reserved = {
      kind: 'reserved',
      channel: execution.slack_channel_id,
      threadTs: execution.slack_thread_ts,
    };
    return { ok: true };
  });
  return result.ok ? reserved : { kind: 'stale', reason: result.reason };
}

/** The PDF is in the thread: keep its file id and complete the step. */
export function recordQuoteUpload(sql: Sql, ref: StepRef, fileId: string) {
  return onCurrentStep(sql, ref, async (scope) => {
    const ctx = scope.ctx as QuoteContext;
    if (ctx.quote?.status !== 'reserved') {
      throw new Error(`execution ${ref.executionId}: no quote reserved to record`);
    }
    const quote: StoredQuote = { ...ctx.quote, status: 'uploaded', fileId };
    const summary = { number: quote.quote.quoteNumber, total: quote.quote.total, fileId };
    return completeAndAdvance(scope, ref, { ...ctx, quote } as ExecutionContext, {
      quote: summary,
    });
  });
}

/** The upload failed for certain: forget the reservation so the CSM can build again. */
export function releaseQuote(sql: Sql, ref: StepRef) {
  return onCurrentStep(sql, ref, async ({ tx, ctx }) => {
    const { quote: _, ...rest } = ctx as QuoteContext;
    await saveContext(tx, ref.executionId, rest, ref.now);
    return { ok: true };
  });
}
