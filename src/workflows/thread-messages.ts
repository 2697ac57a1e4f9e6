/**
 * What a workflow thread says, as outbox rows written in the caller's transaction: the
 * parent (header and progress bar; first posted, then updated in place by ts), each step's
 * reply in the thread, and short notes. Keys make every message at most once:
 * `thread:<executionId>:parent`, `…:parent:v<version>`, `…:step:<i>:<n>`, `…:note:<name>`.
 */

import { escapeMrkdwn } from '../../blocks/format.ts';
import { type StepStatus, threadHeader } from '../../blocks/thread-header.ts';
import { threadStep } from '../../blocks/thread-step.ts';
import type { StandardContext } from '../../slides/context.ts';
import type { TransactionSql } from '../db/connection.ts';
import type { ExecutionStatus, StepStateRow } from '../db/executions.ts';
import { enqueue } from '../db/outbox.ts';
import type { PricingScenario } from '../domain/pricing.ts';
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

/** The parent message: posted when `parentTs` is null, else an update of it in place. */
export async function enqueueParent(
  tx: TransactionSql,
  t: ThreadTarget,
  view: { ctx: ExecutionContext; states: StepStateRow[]; current: number; status: ExecutionStatus },
  parentTs: string | null,
) {
  const rendered = header(view.ctx, view.states, view.current, view.status);
  if (parentTs === null) {
    return enqueue(tx, message(t, parentKey(t.executionId), 'thread-parent', rendered));
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

/** A step's chat text and artifacts as a reply in the thread (`n`: the how-many-th time). */
export async function enqueueStep(
  tx: TransactionSql,
  t: ThreadTarget,
  ctx: ExecutionContext,
  stepIndex: number,
  threadTs: string,
  n = 0,
) {
  const rendered = renderStep(ctx, t.executionId, stepIndex);
  if (!rendered) return false;
  const key = `thread:${t.executionId}:step:${stepIndex}:${n}`;
  return enqueue(tx, message(t, key, 'thread-step', { ...rendered, thread_ts: threadTs }));
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
