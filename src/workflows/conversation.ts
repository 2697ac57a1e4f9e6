/**
 * What a CSM writes to Renubu (PRODUCT.md §11), heard once and answered once: in a workflow's
 * thread a message acts on that workflow through the one step service, exactly as its button
 * or `/renubu` would (same machine, same audit row), and the answer is written to the outbox
 * in the same transaction, keyed on the message (a retry finds the key taken: nothing is done
 * twice). The words are read by `understand` (src/domain/understood.ts), the one seam to the
 * parser. What the door renders itself (today, list) comes back as a read.
 */
import { instantInWords } from '../../blocks/format.ts';
import type { SlackMessage } from '../../blocks/index.ts';
import {
  changedReply,
  confirmReply,
  plainReply,
  suggestionsReply,
} from '../../blocks/message-replies.ts';
import { findSlide } from '../../slides/registry.ts';
import type { Sql, TransactionSql } from '../db/connection.ts';
import { enqueue } from '../db/outbox.ts';
import { type ExecutionTarget, findExecution, findExecutionByThread } from '../db/step-states.ts';
import type { CsmRow } from '../db/work-queue.ts';
import type { ActionSource } from '../domain/step-machine.ts';
import { type Understood, understand } from '../domain/understood.ts';
import { enqueueAnswerFiles } from './answer-files.ts';
import {
  type Answer,
  answerAccount,
  answerBook,
  answerForecast,
  answerRenewals,
  answerSteps,
  answerWhyFirst,
} from './answers.ts';
import { type DoorAction, runStepActionIn, type StepChange } from './step-service.ts';

export const MESSAGE_ANSWER_KIND = 'message_answer';

/** Where an answer goes: the writer's DM (in `threadTs`'s thread), once per `key`. */
export interface AnswerTo {
  companyId: number | null;
  slackUserId: string;
  channel: string;
  /** The thread it was written in; null: top-level in the DM. */
  threadTs: string | null;
  /** The message's ts (or a click's): one answer each. */
  key: string;
  now: Date;
}

/** A message from a CSM. */
export interface Said extends AnswerTo {
  csm: CsmRow;
  text: string;
}

export type Heard =
  /** Answered (and the step changed, when `change`), or already answered before (a retry). */
  | { kind: 'answered'; change: StepChange | null }
  /** A read the door renders and sends with `sendAnswer`. */
  | { kind: 'read'; intent: 'today' | 'list' };

/** The outbox key of the answer to a message (or click) at `to`. */
export function answerKey(to: Pick<AnswerTo, 'channel' | 'key'>): string {
  return `message:${to.channel}:${to.key}`;
}

/** Put the answer in the outbox; false when this message was answered already. */
export function sendAnswer(
  sql: Sql | TransactionSql,
  to: AnswerTo,
  reply: SlackMessage,
): Promise<boolean> {
  const { text, blocks } = reply;
  return enqueue(sql, {
    idempotencyKey: answerKey(to),
    channel: 'slack',
    kind: MESSAGE_ANSWER_KIND,
    recipient: to.slackUserId,
    companyId: to.companyId,
    availableAt: to.now,
    payload: { text, blocks, ...(to.threadTs ? { thread_ts: to.threadTs } : {}) },
  });
}

/** Understand a CSM's message where it was written, act on it, answer it. */
export async function hearMessage(sql: Sql, said: Said): Promise<Heard> {
  const found = said.threadTs
    ? await findExecutionByThread(sql, said.channel, said.threadTs)
    : null;
  if (found && found.csm_id !== said.csm.id) {
    return answerOnly(sql, said, plainReply('This thread is another CSM’s workflow.'));
  }
  const context = {
    place: found ? ('thread' as const) : ('dm' as const),
    now: said.now,
    timeZone: said.csm.timezone,
    steps: found?.step_ids ?? [],
    titles: (found?.step_ids ?? []).map((id) => findSlide(id)?.title ?? id),
  };
  const scope = { companyId: said.csm.company_id, csmId: said.csm.id, now: said.now };
  // names are matched in the CSM's own book only
  const customers = found
    ? []
    : (await answerBook(sql, scope)).map((c) => ({ id: c.customerId, name: c.name }));
  const understood = understand(said.text, { ...context, customers });
  if (understood.intent === 'today' || understood.intent === 'list') {
    return { kind: 'read', intent: understood.intent };
  }
  // questions about the book are the DM's; in a thread, "why" is about its own customer
  const question = found ? null : await answerQuestion(sql, scope, understood);
  if (question) return answerWithFiles(sql, said, question);
  if (!found) return answerOnly(sql, said, answerWithoutWorkflow(understood));
  return answerInThread(sql, said, found, understood);
}

/** A question about the CSM's book (an account, why first, steps, renewals), or null. */
function answerQuestion(
  sql: Sql,
  scope: { companyId: number; csmId: number; now: Date },
  understood: Understood,
): Promise<Answer> | null {
  switch (understood.intent) {
    case 'show':
      return answerAccount(sql, { ...scope, customerId: understood.args.customerId });
    case 'why':
      return answerWhyFirst(sql, { ...scope, customerId: understood.args.customerId });
    case 'steps':
      return answerSteps(sql, { ...scope, which: understood.args.which });
    case 'renewals':
      return answerRenewals(sql, scope);
    case 'forecast':
      return answerForecast(sql, scope);
    default:
      return null;
  }
}

/** The answer and its files (the usage chart after the card), once, in one transaction. */
async function answerWithFiles(sql: Sql, said: Said, answer: Answer): Promise<Heard> {
  await sql.begin(async (tx) => {
    if (!(await sendAnswer(tx, said, answer))) return;
    const target = {
      companyId: said.csm.company_id,
      slackUserId: said.slackUserId,
      key: answerKey(said),
      threadTs: said.threadTs,
      now: said.now,
    };
    await enqueueAnswerFiles(tx, target, answer.files ?? []);
  });
  return { kind: 'answered', change: null };
}

/** The Undo button under an answer: the CSM's last change in that workflow, reverted. */
export async function undoFromButton(
  sql: Sql,
  to: AnswerTo & { csm: CsmRow },
  executionId: number,
): Promise<Heard> {
  const execution = await findExecution(sql, executionId);
  if (!execution || execution.csm_id !== to.csm.id) {
    return answerOnly(
      sql,
      to,
      plainReply('That workflow is not one of yours; nothing was undone.'),
    );
  }
  return act(sql, to, execution, null, { action: 'undo' }, 'button');
}

function answerWithoutWorkflow(understood: Understood): SlackMessage {
  if (understood.intent === 'unclear') return unclearReply(understood.args);
  if (understood.intent === 'help') {
    return suggestionsReply('I answer here and in your workflows’ threads.', [
      'today',
      'list',
      'help',
    ]);
  }
  return plainReply('Write that as a reply in the workflow’s thread.');
}

function unclearReply(args: { problem: string | null; suggestions: string[] }): SlackMessage {
  const lead = args.problem ?? 'I did not understand that, so nothing was changed.';
  return suggestionsReply(lead, args.suggestions);
}

async function answerInThread(
  sql: Sql,
  said: Said,
  execution: ExecutionTarget,
  understood: Understood,
): Promise<Heard> {
  switch (understood.intent) {
    case 'unclear':
      return answerOnly(sql, said, unclearReply(understood.args));
    case 'help':
      return answerOnly(
        sql,
        said,
        suggestionsReply('Here I act on this workflow.', ['snooze 1d', 'next', 'status']),
      );
    case 'status':
      return answerOnly(sql, said, plainReply(statusWords(execution)));
    case 'why': {
      const scope = { companyId: execution.company_id, csmId: said.csm.id, now: said.now };
      const customerId = execution.customer_external_id;
      return answerWithFiles(sql, said, await answerWhyFirst(sql, { ...scope, customerId }));
    }
    case 'skip':
    case 'escalate': {
      const { step, reason, exact } = understood.args;
      if (!exact) return answerOnly(sql, said, confirmStep(execution, understood));
      const change: DoorAction =
        understood.intent === 'skip'
          ? { action: 'skip', reason: understood.args.reason }
          : { action: 'escalate', reason };
      return act(sql, said, execution, step, change);
    }
    case 'snooze': {
      const { step, ...snooze } = understood.args;
      return act(sql, said, execution, step, { action: 'snooze', ...snooze });
    }
    case 'resume':
      return act(sql, said, execution, understood.args.step, { action: 'resume' });
    case 'continue':
    case 'back':
    case 'undo':
      return act(sql, said, execution, null, { action: understood.intent });
    default:
      return answerOnly(sql, said, plainReply('Write that as a top-level message to me.'));
  }
}

/** Skip or escalate read from inexact words: ask, with the exact words on the button. */
function confirmStep(
  execution: ExecutionTarget,
  understood: Extract<Understood, { intent: 'skip' | 'escalate' }>,
): SlackMessage {
  const { intent } = understood;
  const { step, reason } = understood.args;
  const n = (step ?? execution.current_step) + 1;
  const why = reason ? `: ${reason}` : '';
  const verb = intent === 'skip' ? 'Skip' : 'Escalate';
  const question = `${verb} step ${n}, ${titleOf(execution, n - 1)}${why}?`;
  const words = `${intent} ${n}${reason ? ` ${reason}` : ''}`;
  return confirmReply(question, `Yes, ${intent} it`, words);
}

/** Raised to roll an action back when its message was answered already (a retry). */
class AnsweredBefore extends Error {}

/** One action through the step service and its answer, in one transaction. */
async function act(
  sql: Sql,
  to: AnswerTo & { csm: CsmRow },
  execution: ExecutionTarget,
  stepIndex: number | null,
  change: DoorAction,
  /** A message written, or the Undo button under an answer. */
  source: ActionSource = 'message',
): Promise<Heard> {
  try {
    return await sql.begin(async (tx) => {
      const target = {
        executionId: execution.id,
        stepIndex,
        actorCsmId: to.csm.id,
        now: to.now,
        thread: 'follow' as const,
        source,
      };
      const outcome = await runStepActionIn(tx, target, change);
      const reply = outcome.ok
        ? changedReply(
            changeWords(outcome.change, to.csm.timezone),
            outcome.change.action === 'undo' ? null : execution.id,
          )
        : plainReply(outcome.refusal);
      if (!(await sendAnswer(tx, to, reply))) throw new AnsweredBefore();
      return { kind: 'answered' as const, change: outcome.ok ? outcome.change : null };
    });
  } catch (error) {
    if (error instanceof AnsweredBefore) return { kind: 'answered', change: null };
    throw error;
  }
}

async function answerOnly(sql: Sql, to: AnswerTo, reply: SlackMessage): Promise<Heard> {
  await sendAnswer(sql, to, reply);
  return { kind: 'answered', change: null };
}

function titleOf(execution: ExecutionTarget, index: number): string {
  const id = execution.step_ids[index];
  return id === undefined ? `step ${index + 1}` : (findSlide(id)?.title ?? id);
}

/** "Snoozed step 3, Pricing strategy, until Fri 5 Dec 09:00 America/New_York: why." */
export function changeWords(done: StepChange, timeZone: string): string {
  const step = `step ${done.stepIndex + 1}, ${done.stepTitle}`;
  const why = done.reason ? `: ${done.reason}` : '';
  switch (done.action) {
    case 'snooze': {
      const when = done.snoozedUntil
        ? ` until ${instantInWords(done.snoozedUntil.toISOString(), timeZone, '')} ${timeZone}`
        : '';
      return `Snoozed ${step},${when}${why}`;
    }
    case 'skip':
      return `Skipped ${step}${why}`;
    case 'escalate':
      return `Escalated ${step}, to ${done.escalatedTo?.name ?? 'your manager'}${why}`;
    case 'resume':
      return `Resumed ${step}: it is back in progress.`;
    case 'continue':
      return `Done: ${step}. On to the next step.`;
    case 'back':
      return `Back at ${step}: it is open again.`;
    case 'undo':
      return `Undone: ${step} is back as it was.`;
    default:
      return `Changed ${step}.`;
  }
}

function statusWords(execution: ExecutionTarget): string {
  const where = `${execution.customer_name}'s ${execution.workflow_config_id}`;
  if (execution.status === 'completed' || execution.status === 'abandoned') {
    return `${where} is ${execution.status}.`;
  }
  const n = execution.current_step + 1;
  const title = titleOf(execution, execution.current_step);
  const snoozed = execution.status === 'snoozed' ? ' The workflow is snoozed.' : '';
  return `${where}: step ${n} of ${execution.total_steps}, ${title}.${snoozed}`;
}
