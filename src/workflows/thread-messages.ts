/**
 * What a workflow thread says, as outbox rows written in the caller's transaction: the
 * parent (header and progress bar; first posted, then updated in place by ts), each step's
 * reply in the thread, and short notes. Keys make every message at most once:
 * `thread:<executionId>:parent`, `…:parent:v<version>`, `…:step:<i>:<n>`, `…:note:<name>`,
 * `…:file:<name>` (a file uploaded into the thread by the deliverer, e.g. the quote PDF).
 */

import { escapeMrkdwn } from '../../blocks/format.ts';
import { type StepStatus, threadHeader } from '../../blocks/thread-header.ts';
import { threadStep } from '../../blocks/thread-step.ts';
import type { StandardContext } from '../../slides/context.ts';
import type { TransactionSql } from '../db/connection.ts';
import type { ExecutionStatus, StepStateRow } from '../db/executions.ts';
import { enqueue } from '../db/outbox.ts';
import type { PricingScenario } from '../domain/pricing.ts';
import type { Quote } from '../domain/quote.ts';
import { enqueueStepChart } from './answer-files.ts';
import type { ComposedStep } from './compose.ts';
import type { WorkflowDefinition } from './definitions.ts';

/** workflow_executions.context: the composed steps and what the CSM decided on the way. */
export interface ExecutionContext {
  workflowName: string;
  customerName: string;
  customerExternalId: string;
  currentArr: number;
  asOf: string;
  /** The renewal stage at launch (PRODUCT.md §3), when the customer has a contract. */
  stage?: string;
  steps: ComposedStep[];
  /** Ticked checklist item ids, by step index. */
  checked: Record<string, string[]>;
  decided: {
    scenario: PricingScenario['name'] | 'custom';
    changePct: number;
    newArr: number;
  } | null;
  /**
   * What the steps were composed from at launch, so the steps after a decision are hydrated
   * again from it (src/workflows/price.ts). Absent on executions launched before it was kept.
   */
  composedFrom?: { definition: WorkflowDefinition; standard: StandardContext };
  /** Bumped on every change: the key of the parent's next update. */
  version: number;
}

export interface ThreadTarget {
  executionId: number;
  companyId: number;
  /** The CSM's Slack user id: the outbox opens the DM. */
  slackUserId: string;
  now: Date;
}

export const parentKey = (executionId: number) => `thread:${executionId}:parent`;

function header(
  ctx: ExecutionContext,
  states: StepStateRow[],
  current: number,
  status: ExecutionStatus,
) {
  return threadHeader({
    workflowName: ctx.workflowName,
    customerName: ctx.customerName,
    steps: ctx.steps.map((s, i) => ({
      title: s.title,
      status: (states.find((st) => st.step_index === i)?.status ?? 'pending') as StepStatus,
    })),
    currentStep: current,
    status,
  });
}

const message = (t: ThreadTarget, key: string, kind: string, payload: unknown) => ({
  idempotencyKey: key,
  channel: 'slack' as const,
  kind,
  recipient: t.slackUserId,
  payload,
  companyId: t.companyId,
  availableAt: t.now,
});

export const THREAD_PARENT_KIND = 'thread-parent';

/** The first post of a thread's parent: once it is sent, the thread is recorded (`executionId`). */
export interface ThreadParentPayload {
  text: string;
  blocks: unknown[];
  executionId: number;
}

/**
 * The parent message: posted when `parentTs` is null (the deliverer records the thread once
 * it is out), else an update of it in place.
 */
export async function enqueueParent(
  tx: TransactionSql,
  t: ThreadTarget,
  view: { ctx: ExecutionContext; states: StepStateRow[]; current: number; status: ExecutionStatus },
  parentTs: string | null,
) {
  const rendered = header(view.ctx, view.states, view.current, view.status);
  if (parentTs === null) {
    const payload: ThreadParentPayload = { ...rendered, executionId: t.executionId };
    return enqueue(tx, message(t, parentKey(t.executionId), THREAD_PARENT_KIND, payload));
  }
  const key = `${parentKey(t.executionId)}:v${view.ctx.version}`;
  return enqueue(tx, message(t, key, 'thread-parent-update', { ...rendered, update_ts: parentTs }));
}

/** A step's reply as Block Kit, Mark Complete on the last step only; null past the end. */
export function renderStep(
  ctx: Pick<ExecutionContext, 'steps' | 'checked'>,
  executionId: number,
  stepIndex: number,
) {
  const step = ctx.steps[stepIndex];
  if (!step) return null;
  return threadStep({
    executionId,
    stepIndex,
    slideId: step.slideId,
    title: step.title,
    chatText: step.chatText,
    artifacts: step.artifacts,
    gate: step.gate,
    checked: ctx.checked[String(stepIndex)] ?? [],
    last: stepIndex === ctx.steps.length - 1,
  });
}

/**
 * Where a reply goes: the thread's ts, or (a new thread, its parent not posted yet) the
 * parent's outbox key, which the deliverer waits for and replies under.
 */
export type ThreadRef = string | { of: string };

/** The slide whose step reply is followed by the customer's usage chart. */
const CHART_SLIDE = 'account-overview';

const inThread = (thread: ThreadRef) =>
  typeof thread === 'string' ? { thread_ts: thread } : { thread_of: thread.of };

/** A step's chat text and artifacts as a reply in the thread (`n`: the how-many-th time). */
export async function enqueueStep(
  tx: TransactionSql,
  t: ThreadTarget,
  ctx: ExecutionContext,
  stepIndex: number,
  thread: ThreadRef,
  n = 0,
) {
  const rendered = renderStep(ctx, t.executionId, stepIndex);
  if (!rendered) return false;
  const key = `thread:${t.executionId}:step:${stepIndex}:${n}`;
  const posted = await enqueue(
    tx,
    message(t, key, 'thread-step', { ...rendered, ...inThread(thread) }),
  );
  // the account overview's usage chart, the same as the account card's, follows its reply
  if (posted && ctx.steps[stepIndex]?.slideId === CHART_SLIDE) {
    const customer = { customerId: ctx.customerExternalId, customerName: ctx.customerName };
    await enqueueStepChart(tx, t, { ...customer, stepIndex, n }, thread);
  }
  return posted;
}

/**
 * A plain reply in the thread (the celebration, a step's snooze or skip note). `text` is a
 * plain sentence that may quote what a person typed (a reason): escaped here, once, for mrkdwn.
 */
export async function enqueueNote(
  tx: TransactionSql,
  t: ThreadTarget,
  name: string,
  text: string,
  threadTs: string,
) {
  const key = `thread:${t.executionId}:note:${name}`;
  return enqueue(
    tx,
    message(t, key, 'thread-note', { text: escapeMrkdwn(text), thread_ts: threadTs }),
  );
}

export const THREAD_FILE_KIND = 'thread-file';

/**
 * A file for the deliverer to upload into the thread (files.uploadV2), found again after a
 * crash by its filename and title among the thread's replies. The quote PDF is rendered at
 * delivery from `quote` (src/workflows/quote-pdf.ts), and its upload recorded once sent.
 */
export interface ThreadFilePayload {
  /** For logs and the outbox CLI: what the file is. */
  text: string;
  thread_ts: string;
  filename: string;
  title: string;
  quote: { key: string; stepIndex: number; csmId: number; quote: Quote };
  executionId: number;
}

/** The quote's PDF, uploaded into the thread by the deliverer: at most once per key. */
export async function enqueueQuoteFile(
  tx: TransactionSql,
  t: ThreadTarget,
  file: Omit<ThreadFilePayload, 'text' | 'executionId'>,
) {
  const key = `thread:${t.executionId}:file:${file.quote.key}`;
  const payload: ThreadFilePayload = { ...file, text: file.title, executionId: t.executionId };
  return enqueue(tx, message(t, key, THREAD_FILE_KIND, payload));
}
