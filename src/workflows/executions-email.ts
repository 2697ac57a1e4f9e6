/**
 * The email-draft step (PRODUCT.md §4): the composer's prefill, the email waiting for its
 * confirm, and the two ends. Sending writes, in one transaction on the locked execution,
 * the outbox row (channel `email`, key `email:<executionId>:<step>`: never sent twice), the
 * customer's timeline row (`email.sent`: to and subject, never the body) and the step's
 * completion; the email loop of `renubu serve` delivers it. Saving as a draft writes only
 * the timeline row (`email.draft`, with the body) and completes the step.
 */
import type { EmailForm } from '../../blocks/email-modal.ts';
import type { Sql, TransactionSql } from '../db/connection.ts';
import { findExecution } from '../db/executions.ts';
import { enqueue } from '../db/outbox.ts';
import type { MachineRow } from '../db/step-states.ts';
import { currentQuote, type QuoteContext } from './executions-quote.ts';
import { type StepRef, type StepResult, stepTarget } from './executions-steps.ts';
import { renderQuotePdf } from './quote-pdf.ts';
import { type OpenStepWork, runOpenStep } from './step-service.ts';
import type { ExecutionContext } from './thread-messages.ts';

type Pending = EmailForm & { toName: string };
type EmailContext = QuoteContext & { pendingEmail?: Pending };

export const emailKey = (executionId: number, stepIndex: number) =>
  `email:${executionId}:${stepIndex}`;

/** What the composer opens with, or null when the step is not the CSM's current email step. */
export async function emailDraft(sql: Sql, ref: Omit<StepRef, 'slackUserId' | 'now' | 'source'>) {
  const execution = await findExecution(sql, ref.executionId);
  if (!execution || execution.csm_id !== ref.csmId || execution.status === 'completed') return null;
  if (execution.current_step !== ref.stepIndex) return null;
  const ctx = execution.context as EmailContext;
  const draft = ctx.steps[ref.stepIndex]?.artifacts.find((a) => a.kind === 'email-draft');
  if (draft?.kind !== 'email-draft') return null;
  const quote = currentQuote(ctx)?.quote.quoteNumber ?? null;
  return {
    toName: draft.to.name,
    to: draft.to.email ?? '',
    subject: draft.subject,
    body: draft.body,
    quoteNumber: quote,
  };
}

/**
 * The email step's own work on its open step, through the one step machine (step-service.ts
 * `runOpenStep`): the step completes with what `work` did, or stays open.
 */
async function onEmailStep(
  sql: Sql,
  ref: StepRef,
  work: (tx: TransactionSql, row: MachineRow, ctx: EmailContext) => Promise<OpenStepWork>,
): Promise<StepResult> {
  const done = await runOpenStep(sql, stepTarget(ref), (tx, row) =>
    work(tx, row, row.context as EmailContext),
  );
  return done.ok ? { ok: true } : { ok: false, reason: done.refusal };
}

/** Keep the composed email until the CSM confirms it (the confirm view carries no body). */
export function stageEmail(sql: Sql, ref: StepRef, pending: Pending): Promise<StepResult> {
  return onEmailStep(sql, ref, async (_tx, _row, ctx) => ({
    ok: true,
    context: { ...ctx, pendingEmail: pending },
    finish: null,
  }));
}

async function timeline(
  tx: TransactionSql,
  e: { companyId: number; customerId: number; key: string; type: string; now: Date },
  data: Record<string, unknown>,
) {
  await tx`
    insert into events (company_id, customer_id, event_key, type, source, occurred_at, data, created_at)
    values (${e.companyId}, ${e.customerId}, ${e.key}, ${e.type}, 'slack', ${e.now},
            ${tx.json(data as never)}, ${e.now})
    on conflict (company_id, event_key) where event_key is not null do nothing`;
}

/** Confirmed: outbox row, timeline row and the step's completion, in one transaction. */
export async function sendEmail(sql: Sql, ref: StepRef): Promise<StepResult> {
  const seen = (await findExecution(sql, ref.executionId))?.context as EmailContext | undefined;
  // the newest quote built: a rebuild after the composer opened is the one attached
  const newest = seen ? currentQuote(seen) : null;
  const quote = seen?.pendingEmail?.attach ? newest?.quote : undefined;
  const pdf = quote ? await renderQuotePdf(quote) : null;
  return onEmailStep(sql, ref, async (tx, execution, stored) => {
    const { pendingEmail: pending, ...ctx } = stored;
    if (!pending) return { ok: false, reason: 'There is no email waiting to be sent.' };
    if (ctx.quote?.status === 'reserved' || currentQuote(ctx)?.key !== newest?.key) {
      return {
        ok: false,
        reason: 'A new quote is being built; send the email once its PDF is in the thread.',
      };
    }
    const key = emailKey(execution.id, ref.stepIndex);
    const attachments =
      pending.attach && quote && pdf
        ? [
            {
              filename: `${quote.quoteNumber}.pdf`,
              contentType: 'application/pdf',
              base64: pdf.toString('base64'),
            },
          ]
        : [];
    const payload = { to: pending.to, subject: pending.subject, text: pending.body, attachments };
    await enqueue(tx, {
      idempotencyKey: key,
      channel: 'email',
      kind: 'customer-email',
      recipient: pending.to,
      payload,
      companyId: execution.company_id,
      availableAt: ref.now,
    });
    const at = { companyId: execution.company_id, customerId: execution.customer_id, key };
    const data = { to: pending.to, subject: pending.subject, attached: attachments.length > 0 };
    await timeline(tx, { ...at, type: 'email.sent', now: ref.now }, data);
    return { ok: true, context: ctx as ExecutionContext, finish: { email: data } };
  });
}

/** Save as draft: the timeline row with the body, and the step's completion. */
export function saveEmailDraft(sql: Sql, ref: StepRef, form: Pending): Promise<StepResult> {
  return onEmailStep(sql, ref, async (tx, execution, stored) => {
    const { pendingEmail: _, ...ctx } = stored;
    const key = emailKey(execution.id, ref.stepIndex);
    const at = { companyId: execution.company_id, customerId: execution.customer_id, key };
    const data = { to: form.to, subject: form.subject, body: form.body };
    await timeline(tx, { ...at, type: 'email.draft', now: ref.now }, data);
    const finish = { email: { to: form.to, subject: form.subject, draft: true } };
    return { ok: true, context: ctx as ExecutionContext, finish };
  });
}
