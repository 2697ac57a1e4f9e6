/**
 * A CSM's reply to Renubu's email (PRODUCT.md §12), once its token has said who and to what:
 * each command line becomes a step action through the one step service (source `email`, the
 * Slack thread following), and one confirmation email answers the reply in its thread: what
 * was done, with times in the CSM's zone, and what was not. All in one transaction with the
 * reply's Message-ID, so a second copy of the same reply changes nothing and answers nothing.
 * The words are the conversation's (src/domain/understood.ts), as in a Slack thread.
 */
import { createHash } from 'node:crypto';
import { findSlide } from '../../slides/registry.ts';
import type { Sql, TransactionSql } from '../db/connection.ts';
import {
  findSentEmail,
  markReplySeen,
  type ReplyCsmRow,
  type SentEmailRow,
} from '../db/email-replies.ts';
import { enqueue } from '../db/outbox.ts';
import { findExecution } from '../db/step-states.ts';
import { understand as readLine } from '../domain/conversation/index.ts';
import {
  confirmationText,
  expiredText,
  type ReplyAs,
  replyAsSchema,
  replySubject,
  type StepRef,
} from '../domain/email-reply.ts';
import { REPLY_TOKEN_DAYS } from '../domain/reply-token.ts';
import { understand } from '../domain/understood.ts';
import { changeWords } from './conversation.ts';
import { type DoorAction, runStepActionIn, type StepChange } from './step-service.ts';

export const REPLY_ANSWER_KIND = 'email_reply_answer';
/** Lines of one reply acted on at most (a digest lists fewer steps than this). */
export const MAX_COMMANDS = 20;

/** A reply as the email door read it. */
export interface EmailReply {
  messageId: string;
  subject: string;
  /** The reply's own References (its thread), oldest first. */
  references: string[];
  /** The visible text's command lines (quoted history and signature gone). */
  commands: string[];
  now: Date;
}

export type ReplyResult =
  | { status: 'acted'; done: StepChange[]; notDone: { line: string; why: string }[] }
  | { status: 'expired' }
  /** This Message-ID was handled before: nothing changed. */
  | { status: 'duplicate' }
  /** The email the token names is gone or not this CSM's: nothing to act on. */
  | { status: 'unknown'; reason: string };

/** The outbox key of the one answer to a reply (its Message-ID, hashed to a fixed length). */
export function replyAnswerKey(messageId: string): string {
  return `email-reply:${createHash('sha256').update(messageId).digest('hex').slice(0, 40)}`;
}

/** What a reply to `email` may act on: its own `replyAs`, or the email a confirmation confirms. */
export async function replyTarget(
  sql: Sql | TransactionSql,
  email: SentEmailRow,
  csmId: number,
): Promise<{ email: SentEmailRow; replyAs: ReplyAs } | null> {
  const own = replyAsSchema.safeParse(email.payload.replyAs);
  if (!own.success || own.data.csmId !== csmId) return null;
  if (own.data.actsOn === undefined) return { email, replyAs: own.data };
  const original = await findSentEmail(sql, own.data.actsOn);
  return original ? replyTarget(sql, original, csmId) : null;
}

/** Act on each command of `reply` and queue its confirmation, once per Message-ID. */
export async function actOnEmailReply(
  sql: Sql,
  to: { csm: ReplyCsmRow; email: SentEmailRow },
  reply: EmailReply,
): Promise<ReplyResult> {
  const target = await replyTarget(sql, to.email, to.csm.id);
  if (!target) return { status: 'unknown', reason: 'the email is not one of this CSM’s' };
  return sql.begin(async (tx) => {
    const seen = await markReplySeen(tx, {
      messageId: reply.messageId,
      companyId: to.csm.company_id,
      csmId: to.csm.id,
      outboxId: to.email.id,
      outcome: 'acted',
      receivedAt: reply.now,
    });
    if (!seen) return { status: 'duplicate' as const };
    const done: StepChange[] = [];
    const notDone: { line: string; why: string }[] = [];
    for (const line of reply.commands.slice(0, MAX_COMMANDS)) {
      const outcome = await actOnLine(tx, to.csm, target.replyAs, line, reply.now);
      if (outcome.ok) done.push(outcome.change);
      else notDone.push({ line, why: outcome.why });
    }
    for (const line of reply.commands.slice(MAX_COMMANDS)) {
      notDone.push({ line, why: `only the first ${MAX_COMMANDS} lines of a reply are read` });
    }
    const words = done.map((change) => changeWords(change, to.csm.timezone));
    const text = confirmationText({ name: to.csm.name, done: words, notDone });
    await enqueueAnswer(tx, to.csm, reply, text, { csmId: to.csm.id, actsOn: target.email.id });
    return { status: 'acted' as const, done, notDone };
  });
}

/** The one short answer to a reply whose token expired (once per Message-ID). */
export async function answerExpiredReply(
  sql: Sql,
  to: { csm: ReplyCsmRow; outboxId: number },
  reply: EmailReply,
): Promise<ReplyResult> {
  return sql.begin(async (tx) => {
    const seen = await markReplySeen(tx, {
      messageId: reply.messageId,
      companyId: to.csm.company_id,
      csmId: to.csm.id,
      outboxId: to.outboxId,
      outcome: 'expired',
      receivedAt: reply.now,
    });
    if (!seen) return { status: 'duplicate' as const };
    await enqueueAnswer(tx, to.csm, reply, expiredText(to.csm.name, REPLY_TOKEN_DAYS), null);
    return { status: 'expired' as const };
  });
}

function enqueueAnswer(
  tx: TransactionSql,
  csm: ReplyCsmRow,
  reply: EmailReply,
  text: string,
  replyAs: ReplyAs | null,
) {
  return enqueue(tx, {
    idempotencyKey: replyAnswerKey(reply.messageId),
    channel: 'email',
    kind: REPLY_ANSWER_KIND,
    recipient: csm.email,
    companyId: csm.company_id,
    availableAt: reply.now,
    payload: {
      to: csm.email,
      subject: replySubject(reply.subject),
      text,
      inReplyTo: reply.messageId,
      references: [...reply.references.filter((r) => r !== reply.messageId), reply.messageId],
      ...(replyAs ? { replyAs } : {}),
    },
  });
}

type LineOutcome = { ok: true; change: StepChange } | { ok: false; why: string };

const NOT_UNDERSTOOD = 'not understood';
/** "#2." or "2)": an item's number the conversation's reading does not take as one. */
const PUNCTUATED_ITEM = /^\s*#?(\d{1,3})[.):]?\s+/;

/** Which step a line is about, and the words left to read. */
function stepOfLine(
  replyAs: ReplyAs,
  line: string,
  ctx: { now: Date; timeZone: string },
): { ref: StepRef; words: string } | { why: string } {
  const items = replyAs.items;
  if (items) {
    // the conversation's parser says whether the line starts with an item's number
    const read = readLine(line, { where: 'thread', ...ctx });
    const numbered = PUNCTUATED_ITEM.exec(line);
    const item = read.item ?? (numbered && /[.):#]/.test(numbered[0]) ? Number(numbered[1]) : null);
    if (item !== null && numbered) {
      const ref = items[item - 1];
      if (!ref) return { why: `the email lists items 1 to ${items.length}, not ${item}` };
      return { ref, words: line.slice(numbered[0].length) };
    }
    if (items.length === 1) return { ref: items[0]!, words: line };
    return { why: 'say which item: start the line with its number, such as "2 snooze monday"' };
  }
  if (replyAs.step) return { ref: replyAs.step, words: line };
  return { why: 'this email names no step to act on; reply to a digest, or act in Slack' };
}

async function actOnLine(
  tx: TransactionSql,
  csm: ReplyCsmRow,
  replyAs: ReplyAs,
  line: string,
  now: Date,
): Promise<LineOutcome> {
  const found = stepOfLine(replyAs, line, { now, timeZone: csm.timezone });
  if ('why' in found) return { ok: false, why: found.why };
  const execution = await findExecution(tx, found.ref.executionId);
  if (!execution || execution.csm_id !== csm.id || execution.company_id !== csm.company_id) {
    return { ok: false, why: 'that workflow is not one of yours' };
  }
  const understood = understand(found.words, {
    place: 'thread',
    now,
    timeZone: csm.timezone,
    steps: execution.step_ids,
    titles: execution.step_ids.map((id) => findSlide(id)?.title ?? id),
  });
  const step = (s: number | null) => s ?? found.ref.stepIndex;
  const at = (stepIndex: number | null) => ({
    executionId: execution.id,
    stepIndex,
    actorCsmId: csm.id,
    now,
    thread: 'follow' as const,
    source: 'email' as const,
  });
  const run = async (stepIndex: number | null, act: DoorAction): Promise<LineOutcome> => {
    const outcome = await runStepActionIn(tx, at(stepIndex), act);
    return outcome.ok ? { ok: true, change: outcome.change } : { ok: false, why: outcome.refusal };
  };
  switch (understood.intent) {
    case 'snooze': {
      const { step: s, ...snooze } = understood.args;
      return run(step(s), { action: 'snooze', ...snooze });
    }
    case 'skip':
    case 'escalate': {
      const { step: s, reason, exact } = understood.args;
      const bare = understood.intent === 'escalate' && /^\s*escalate\s*$/i.test(found.words);
      if (!exact && !bare) {
        const example = understood.intent === 'skip' ? 'skip: customer churned' : 'escalate';
        return { ok: false, why: `to be sure, write it as "${example}"` };
      }
      return run(
        step(s),
        understood.intent === 'skip'
          ? { action: 'skip', reason: understood.args.reason }
          : { action: 'escalate', reason },
      );
    }
    case 'resume':
      return run(step(understood.args.step), { action: 'resume' });
    case 'continue':
      return finishStep(tx, at(found.ref.stepIndex));
    case 'undo':
      return run(null, { action: 'undo' });
    case 'unclear':
      return { ok: false, why: understood.args.problem ?? NOT_UNDERSTOOD };
    default:
      return { ok: false, why: 'by email I act on steps only; ask me that in Slack' };
  }
}

/**
 * "done" on a step: a snoozed or escalated one (a digest's items are) is resumed and then
 * done, both or neither (a savepoint: a step whose gate is not met stays as it was).
 */
async function finishStep(
  tx: TransactionSql,
  target: Parameters<typeof runStepActionIn>[1],
): Promise<LineOutcome> {
  class Refusal extends Error {}
  try {
    return await tx.savepoint(async (sp) => {
      const first = await runStepActionIn(sp, target, { action: 'continue' });
      if (first.ok) return { ok: true as const, change: first.change };
      const resumed = await runStepActionIn(sp, target, { action: 'resume' });
      if (!resumed.ok) throw new Refusal(first.refusal);
      const done = await runStepActionIn(sp, target, { action: 'continue' });
      if (!done.ok) throw new Refusal(done.refusal);
      return { ok: true as const, change: done.change };
    });
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, why: error.message };
    throw error;
  }
}
