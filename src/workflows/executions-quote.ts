/**
 * The prepare-quote step (PRODUCT.md §4): the builder's prefill, the quote built from the
 * form, and its upload recorded at most once per build.
 *
 * Rebuilds: until the email after the quote step is sent (or saved as a draft), the CSM may
 * build the quote again; each build is a revision (1, 2, …). The newest replaces the last one:
 * it is the quote the email attaches, and a note in the thread says which one it supersedes.
 *
 * At most once: the build is reserved in the execution context under the key
 * `quote:<executionId>:<stepIndex>:r<revision>`, and its PDF put in the outbox, in one
 * transaction on the locked execution. The builder carries the revision it was opened for, so
 * a Slack retry or a second submission of the same modal finds that key and enqueues nothing.
 * The deliverer uploads the PDF once (a crashed upload is looked for in the thread first) and
 * records it when it marks the row sent; giving up puts the last quote back so the CSM can
 * try again.
 *
 * A quote whose yearly value is far from today's ARR (QUOTE_LIMITS.confirmArrChangeShare) is
 * built only when the CSM submits the same form a second time.
 */
import {
  blockForIssue,
  PAYMENT_DAYS,
  QUOTE_BLOCK,
  type QuoteForm,
  type QuoteLine,
} from '../../blocks/quote-modal.ts';
import type { Sql, TransactionSql } from '../db/connection.ts';
import {
  bumpMetrics,
  type ExecutionRow,
  findExecution,
  loadStepStates,
  type StepStateRow,
  saveContext,
} from '../db/executions.ts';
import { arrChangeQuestion, BILLING_PERIODS, buildQuote, type Quote } from '../domain/quote.ts';
import { type StepRef, type StepResult, stepTarget } from './executions-steps.ts';
import { decidedPrice, decisionFromQuote, rehydrateAfterDecision } from './price.ts';
import { finishStepIn } from './step-service.ts';
import {
  type ExecutionContext,
  enqueueNote,
  enqueueParent,
  enqueueQuoteFile,
} from './thread-messages.ts';

export interface StoredQuote {
  key: string;
  status: 'reserved' | 'uploaded';
  /** 1 for the first build of the step, then 2, 3, … */
  revision?: number;
  quote: Quote;
  form?: QuoteForm;
  fileId?: string;
  /** While a rebuild is in flight: the quote it replaces (put back if the upload fails). */
  previous?: StoredQuote;
}
export type QuoteContext = ExecutionContext & {
  quote?: StoredQuote;
  /** The form the CSM was asked to confirm (far from today's ARR), as JSON. */
  quoteToConfirm?: string;
};

export const quoteKey = (executionId: number, stepIndex: number, revision = 1) =>
  `quote:${executionId}:${stepIndex}:r${revision}`;

/** The quote the thread and the email go by: the last one uploaded (not one in flight). */
export function currentQuote(ctx: QuoteContext): StoredQuote | null {
  if (ctx.quote?.status === 'uploaded') return ctx.quote;
  return ctx.quote?.previous ?? null;
}

const DONE = new Set(['completed', 'skipped']);

/**
 * Why the quote of `stepIndex` cannot be built now, or null when it can: its step is the open
 * one, or it is done and the email step after it is not (the quote may still change).
 */
export function quoteClosedReason(
  execution: Pick<ExecutionRow, 'status'>,
  ctx: QuoteContext,
  states: Pick<StepStateRow, 'step_index' | 'status'>[],
  stepIndex: number,
): string | null {
  if (execution.status === 'completed' || execution.status === 'abandoned') {
    return `This workflow is ${execution.status}; the quote can no longer be built.`;
  }
  const artifact = ctx.steps[stepIndex]?.artifacts.find((a) => a.kind === 'quote-builder');
  if (!artifact) return 'This step has no quote to build.';
  const status = states.find((s) => s.step_index === stepIndex)?.status;
  if (status === 'in_progress') return null;
  if (status !== 'completed' || !currentQuote(ctx)) {
    return `Step ${stepIndex + 1} is not open now; the thread's latest step is where to go on.`;
  }
  const emailDone = ctx.steps.some(
    (s, i) =>
      i > stepIndex &&
      s.slideId === 'email-draft' &&
      DONE.has(states.find((st) => st.step_index === i)?.status ?? ''),
  );
  return emailDone
    ? 'The email with this quote has gone out (or was saved as a draft), so the quote can no longer be rebuilt.'
    : null;
}

export interface QuoteDraft {
  customerName: string;
  lines: QuoteLine[];
  termMonths: number;
  paymentTerms: string;
  billing?: QuoteForm['billing'];
  notes?: string;
  /** The revision a builder opened now makes. */
  revision: number;
  currentArr: number;
}

/** What the builder opens with, or the reason it cannot be opened now. */
export async function quoteDraft(
  sql: Sql,
  ref: Omit<StepRef, 'slackUserId' | 'now' | 'source'>,
): Promise<{ ok: true; draft: QuoteDraft } | { ok: false; reason: string }> {
  const execution = await findExecution(sql, ref.executionId);
  if (!execution || execution.csm_id !== ref.csmId) {
    return { ok: false, reason: 'That quote belongs to a workflow that is not yours.' };
  }
  const ctx = execution.context as QuoteContext;
  const states = await loadStepStates(sql, execution.id);
  const closed = quoteClosedReason(execution, ctx, states, ref.stepIndex);
  if (closed) return { ok: false, reason: closed };
  if (ctx.quote?.status === 'reserved') {
    return { ok: false, reason: 'The last quote is still being uploaded; try again in a moment.' };
  }
  const artifact = ctx.steps[ref.stepIndex]?.artifacts.find((a) => a.kind === 'quote-builder');
  if (artifact?.kind !== 'quote-builder') return { ok: false, reason: 'No quote on this step.' };
  const last = currentQuote(ctx);
  const base = {
    customerName: ctx.customerName,
    revision: (last?.revision ?? (last ? 1 : 0)) + 1,
    currentArr: ctx.currentArr,
  };
  // a rebuild starts from the last quote built, to correct it
  if (last?.form) return { ok: true, draft: { ...base, ...last.form } };
  const price = decidedPrice(ctx);
  const lines: QuoteLine[] = artifact.lineItems.map((item, i) => ({
    description: item.description,
    quantity: 1,
    // the subscription at the decided ARR over the term
    unitPrice:
      i === 0 && price !== null
        ? Math.round(price * artifact.termMonths * (100 / 12)) / 100
        : item.amount,
  }));
  const { termMonths, paymentTerms } = artifact;
  return { ok: true, draft: { ...base, lines, termMonths, paymentTerms } };
}

export type BuiltQuote = { ok: true; quote: Quote } | { ok: false; errors: Record<string, string> };

/** The quote from the form, or the form's blocks to blame, each with a message in words. */
export function quoteFromForm(
  form: QuoteForm,
  who: {
    executionId: number;
    stepIndex: number;
    revision?: number;
    customerName: string;
    today: string;
  },
  csm: { name: string; email: string },
): BuiltQuote {
  const revision = who.revision ?? 1;
  const number = `Q-${who.today.replace(/-/g, '')}-${who.executionId}-${who.stepIndex + 1}`;
  try {
    const quote = buildQuote({
      quoteNumber: revision > 1 ? `${number}-r${revision}` : number,
      date: who.today,
      customer: { name: who.customerName },
      csm,
      lineItems: form.lines,
      terms: { termMonths: form.termMonths, paymentDays: PAYMENT_DAYS[form.paymentTerms] },
      billingMonths: BILLING_PERIODS[form.billing],
      ...(form.notes ? { notes: form.notes } : {}),
    });
    const paymentTerms = `${form.paymentTerms}, billed ${form.billing === 'Annual upfront' ? 'annually, up front' : form.billing.toLowerCase()}`;
    return { ok: true, quote: { ...quote, terms: { ...quote.terms, paymentTerms } } };
  } catch (error) {
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    if (!issues) throw error;
    const errors: Record<string, string> = {};
    for (const issue of issues) errors[blockForIssue(issue.path)] ??= issue.message;
    return { ok: false, errors };
  }
}

interface QuoteScope {
  tx: TransactionSql;
  execution: ExecutionRow;
  ctx: QuoteContext;
  states: StepStateRow[];
}

/** Run `change` on the locked execution when its quote step may be built; else explain. */
function onQuoteStep(
  sql: Sql,
  ref: StepRef,
  change: (scope: QuoteScope) => Promise<StepResult>,
): Promise<StepResult> {
  return sql.begin((tx) => inQuoteStep(tx, ref, change));
}

/** onQuoteStep within the caller's transaction. */
async function inQuoteStep(
  tx: TransactionSql,
  ref: StepRef,
  change: (scope: QuoteScope) => Promise<StepResult>,
): Promise<StepResult> {
  const execution = await findExecution(tx, ref.executionId, true);
  if (!execution || execution.csm_id !== ref.csmId) {
    return { ok: false, reason: 'That quote belongs to a workflow that is not yours.' };
  }
  const ctx = execution.context as QuoteContext;
  const states = await loadStepStates(tx, execution.id);
  const closed = quoteClosedReason(execution, ctx, states, ref.stepIndex);
  if (closed) return { ok: false, reason: closed };
  return change({ tx, execution, ctx, states });
}

export type Reserved =
  | { kind: 'reserved' }
  | { kind: 'duplicate' }
  | { kind: 'confirm'; errors: Record<string, string> }
  | { kind: 'stale'; reason: string };

/**
 * Reserve this build's one upload, and in the same transaction put its PDF in the outbox
 * (the deliverer uploads it into the thread and then records it, recordQuoteUpload). A second
 * call for the same revision is a duplicate; a quote far from today's ARR is first asked
 * about (kind `confirm`) and reserved when the same form comes again.
 */
export async function reserveQuote(
  sql: Sql,
  ref: StepRef & { revision?: number },
  quote: Quote,
  form: QuoteForm,
): Promise<Reserved> {
  const revision = ref.revision ?? 1;
  const key = quoteKey(ref.executionId, ref.stepIndex, revision);
  let reserved: Reserved = { kind: 'duplicate' };
  const result = await onQuoteStep(sql, ref, async ({ tx, execution, ctx }) => {
    if (ctx.quote?.key === key) return { ok: true }; // a retry or a double submit
    if (ctx.quote?.status === 'reserved') return { ok: true }; // another build in flight
    const last = currentQuote(ctx);
    if ((last?.revision ?? (last ? 1 : 0)) + 1 !== revision) {
      return {
        ok: false,
        reason: 'A newer quote was built since this form opened; open the builder again.',
      };
    }
    if (!execution.slack_channel_id || !execution.slack_thread_ts) {
      return { ok: false, reason: 'This workflow has no thread to put the quote in yet.' };
    }
    const asked = arrChangeQuestion(quote, ctx.currentArr);
    const fingerprint = JSON.stringify(form);
    if (asked && ctx.quoteToConfirm !== fingerprint) {
      await saveContext(tx, execution.id, { ...ctx, quoteToConfirm: fingerprint }, ref.now);
      reserved = { kind: 'confirm', errors: { [QUOTE_BLOCK.unitPrice(0)]: asked } };
      return { ok: true };
    }
    const { quoteToConfirm: _, ...rest } = ctx;
    const stored: StoredQuote = {
      key,
      status: 'reserved',
      revision,
      quote,
      form,
      ...(last ? { previous: { ...last, previous: undefined } } : {}),
    };
    await saveContext(tx, execution.id, { ...rest, quote: stored }, ref.now);
    await enqueueQuoteFile(tx, targetOf(execution, ref), {
      thread_ts: execution.slack_thread_ts,
      filename: `${quote.quoteNumber}.pdf`,
      title: `Quote ${quote.quoteNumber} for ${quote.customer.name}`,
      quote: { key, stepIndex: ref.stepIndex, csmId: ref.csmId, quote },
    });
    reserved = { kind: 'reserved' };
    return { ok: true };
  });
  return result.ok ? reserved : { kind: 'stale', reason: result.reason };
}

/**
 * The PDF of the build `key` is in the thread (the deliverer, in the transaction that marks
 * its outbox row sent): keep its file id. The first build completes the step; a rebuild
 * leaves the steps where they are and says in the thread which quote it supersedes. A build
 * no longer reserved (recorded already, or the workflow closed meanwhile) is left alone.
 */
export function recordQuoteUpload(tx: TransactionSql, ref: StepRef, key: string, fileId: string) {
  return inQuoteStep(tx, ref, async (scope) => {
    const { execution, ctx, states } = scope;
    if (ctx.quote?.status !== 'reserved' || ctx.quote.key !== key) {
      return { ok: false, reason: `quote ${key} is not the one reserved` };
    }
    const { previous, ...built } = ctx.quote;
    const quote: StoredQuote = { ...built, status: 'uploaded', fileId };
    // one price: a quote changed away from the decided price becomes it for the steps to come
    const decided = decisionFromQuote(ctx, quote.quote);
    const priced = decided
      ? (rehydrateAfterDecision({ ...ctx, decided }, states, ref.stepIndex) as QuoteContext)
      : ctx;
    const summary = {
      number: quote.quote.quoteNumber,
      total: quote.quote.total,
      fileId,
      revision: quote.revision ?? 1,
    };
    const open = states.find((s) => s.step_index === ref.stepIndex)?.status === 'in_progress';
    if (open) {
      await bumpMetrics(tx, execution.id, { clicks: 1 });
      const next = { ...priced, quote } as ExecutionContext;
      const metadata = { quote: summary, ...(decided ? { decided } : {}) };
      const done = await finishStepIn(tx, stepTarget(ref), next, metadata);
      return done.ok ? { ok: true } : { ok: false, reason: done.refusal };
    }
    const updated: QuoteContext = { ...priced, quote, version: ctx.version + 1 };
    await saveContext(tx, execution.id, updated, ref.now);
    const threadTs = execution.slack_thread_ts;
    if (threadTs && previous) {
      const target = {
        executionId: execution.id,
        companyId: execution.company_id,
        slackUserId: ref.slackUserId,
        now: ref.now,
      };
      const text =
        `🔁 Quote ${quote.quote.quoteNumber} replaces ${previous.quote.quoteNumber}, which is ` +
        'superseded: the email attaches the new one.';
      await enqueueNote(tx, target, `quote-r${summary.revision}`, text, threadTs);
      const view = { ctx: updated, states, current: execution.current_step };
      await enqueueParent(tx, target, { ...view, status: execution.status }, threadTs);
    }
    return { ok: true };
  });
}

/**
 * The upload of the build `key` failed for good (the deliverer gave up, in the transaction
 * that marks its row failed): put the last quote back so the CSM can build again, and say so
 * in the thread.
 */
export async function releaseQuote(
  tx: TransactionSql,
  ref: StepRef,
  key: string,
): Promise<boolean> {
  const execution = await findExecution(tx, ref.executionId, true);
  if (!execution || execution.csm_id !== ref.csmId) return false;
  const { quote, ...rest } = execution.context as QuoteContext;
  if (quote?.status !== 'reserved' || quote.key !== key) return false;
  const back = quote.previous ? { ...rest, quote: quote.previous } : rest;
  await saveContext(tx, ref.executionId, back, ref.now);
  if (execution.slack_thread_ts) {
    const text = `The quote PDF ${quote.quote.quoteNumber} could not be uploaded; please build it again.`;
    const note = `quote-failed-r${quote.revision ?? 1}`;
    await enqueueNote(tx, targetOf(execution, ref), note, text, execution.slack_thread_ts);
  }
  return true;
}

function targetOf(execution: ExecutionRow, ref: StepRef) {
  return {
    executionId: execution.id,
    companyId: execution.company_id,
    slackUserId: ref.slackUserId,
    now: ref.now,
  };
}
