/**
 * How a workflow's Slack thread follows a step action, written by the one step service in the
 * action's own transaction (outbox rows only; the doors nudge and republish after the commit).
 * The machine (src/domain/step-machine.ts `ThreadMove`) decides the move; here it is written:
 * the note (`thread:<exec>:note:action:<actionId>`), the next step's reply and the execution
 * moved on, or the resumed step posted again (`thread:<exec>:step:<i>:resume:<actionId>`), and
 * the parent's badges. A step its wake-up put back in progress is reopened once, keyed on that
 * wake's audit row (`…:resume:w<wakeId>`), without an action.
 */
import { z } from 'zod';
import { instantInWords } from '../../blocks/format.ts';
import { STEP_BADGES } from '../../blocks/thread-header.ts';
import type { Sql, TransactionSql } from '../db/connection.ts';
import { advanceExecution, bumpMetrics, type StepStateRow, saveContext } from '../db/executions.ts';
import { enqueue } from '../db/outbox.ts';
import { lastWakeOfStep, loadMachineRow, type MachineRow } from '../db/step-states.ts';
import { type StepRecord, stepRecordSchema, type ThreadMove } from '../domain/step-machine.ts';
import {
  type ExecutionContext,
  enqueueNote,
  enqueueParent,
  enqueueStep,
  renderStep,
  type ThreadTarget,
} from './thread-messages.ts';

/** What a thread note says about an action. */
export interface NotedChange {
  action: string;
  stepIndex: number;
  stepTitle: string;
  reason: string | null;
  snoozedUntil: Date | null;
  escalatedTo: { name: string } | null;
}

/** `⏸️ Step 3 Pricing strategy snoozed until Fri 27 Nov 09:00: waiting for finance approval` */
export function stepNote(done: NotedChange, timeZone: string): string {
  const step = `Step ${done.stepIndex + 1} ${done.stepTitle}`;
  const why = done.reason ? `: ${done.reason}` : '';
  if (done.action === 'snooze' && done.snoozedUntil) {
    const when = instantInWords(done.snoozedUntil.toISOString(), timeZone, '');
    return `${STEP_BADGES.snoozed} ${step} snoozed until ${when}${why}`;
  }
  if (done.action === 'skip') return `${STEP_BADGES.skipped} ${step} skipped${why}`;
  if (done.action === 'escalate') {
    return `${STEP_BADGES.escalated} ${step} escalated to ${done.escalatedTo?.name ?? 'your manager'}${why}`;
  }
  if (done.action === 'undo') return `↩️ ${step}: your last change was undone`;
  if (done.action === 'back') return `↩️ Back at ${step}: it is open again`;
  return `${STEP_BADGES.in_progress} ${step} resumed`;
}

/**
 * A context a thread is written from: composed steps (objects with their slide id) and a
 * version. Older or hand-made contexts that only name their steps have no thread to move.
 */
const threadContextSchema = z.looseObject({
  version: z.number().int(),
  checked: z.record(z.string(), z.array(z.string())),
  steps: z.array(z.looseObject({ slideId: z.string(), title: z.string() })).min(1),
});

/** The thread of a loaded row, when it has one, a composed context and a CSM to write to. */
export function threadOf(row: MachineRow, now: Date) {
  const slackUserId = row.csm?.slackUserId ?? null;
  if (!row.slack_thread_ts || !slackUserId) return null;
  if (!threadContextSchema.safeParse(row.context).success) return null;
  const ctx = row.context as ExecutionContext;
  const target: ThreadTarget = {
    executionId: row.id,
    companyId: row.company_id,
    slackUserId,
    now,
  };
  return { ts: row.slack_thread_ts, ctx, target };
}

const asRows = (records: StepRecord[]): StepStateRow[] =>
  records.map((r) => ({ step_index: r.index, step_id: r.id, status: r.status }));

/**
 * Write the machine's thread move for the action `actionId` (its step states are written
 * already). False when there was nothing to write (no thread, or the reply exists already).
 */
export async function writeThreadMove(
  tx: TransactionSql,
  row: MachineRow,
  w: {
    move: ThreadMove;
    /** The context to keep (the decided price hydrated into the steps to come). */
    ctx: ExecutionContext;
    records: StepRecord[];
    status: MachineRow['status'];
    actionId: number;
    note: string;
    now: Date;
  },
): Promise<boolean> {
  const thread = threadOf(row, w.now);
  const { move, ctx } = w;
  if (move.note && thread) {
    const { target, ts } = thread;
    if (!(await enqueueNote(tx, target, `action:${w.actionId}`, w.note, ts))) return false;
  }
  const updated = { ...ctx, version: ctx.version + 1 };
  if (move.post?.as === 'reopen') {
    if (!thread) return false;
    const { target, ts } = thread;
    const which = String(w.actionId);
    if (!(await enqueueReopen(tx, target, ctx, move.post.index, which, ts))) return false;
  }
  if (move.moved || move.progressed) {
    const moved = await advanceExecution(tx, {
      id: row.id,
      expectedStep: row.current_step,
      nextStep: move.currentStep,
      percentage: move.percentage,
      context: updated,
      now: w.now,
    });
    if (!moved && move.moved) throw new Error(`execution ${row.id}: step moved under a lock`);
  } else {
    await saveContext(tx, row.id, updated, w.now);
  }
  if (move.post?.as === 'next' && thread) {
    await enqueueStep(tx, thread.target, updated, move.post.index, thread.ts);
  }
  if (move.post) await bumpMetrics(tx, row.id, { slides: 1 });
  if (!thread) return false;
  const view = { ctx: updated, states: asRows(w.records), current: move.currentStep };
  await enqueueParent(tx, thread.target, { ...view, status: w.status }, thread.ts);
  return true;
}

function enqueueReopen(
  tx: TransactionSql,
  target: ThreadTarget,
  ctx: ExecutionContext,
  stepIndex: number,
  which: string,
  ts: string,
): Promise<boolean> {
  const rendered = renderStep(ctx, target.executionId, stepIndex);
  if (!rendered) return Promise.resolve(false);
  return enqueue(tx, {
    idempotencyKey: `thread:${target.executionId}:step:${stepIndex}:resume:${which}`,
    channel: 'slack',
    kind: 'thread-step',
    recipient: target.slackUserId,
    payload: { ...rendered, thread_ts: ts },
    companyId: target.companyId,
    availableAt: target.now,
  });
}

export interface ReopenRef {
  executionId: number;
  stepIndex: number;
  csmId: number;
  now: Date;
}

/**
 * A step its wake-up put back in progress, posted again in its thread once (keyed on that
 * wake's audit row), with the parent's badges. False when there is nothing (more) to reopen.
 */
export function reopenWokenStep(sql: Sql, ref: ReopenRef): Promise<boolean> {
  return sql.begin(async (tx) => {
    const row = await loadMachineRow(tx, ref.executionId);
    if (!row || row.csm_id !== ref.csmId) return false;
    if (row.status === 'completed' || row.status === 'abandoned') return false;
    const records = stepRecordSchema.array().parse(row.steps);
    if (records.find((r) => r.index === ref.stepIndex)?.status !== 'in_progress') return false;
    const wake = await lastWakeOfStep(tx, row.id, ref.stepIndex);
    if (wake === null) return false;
    const thread = threadOf(row, ref.now);
    if (!thread) return false;
    const { ts, ctx, target } = thread;
    if (!(await enqueueReopen(tx, target, ctx, ref.stepIndex, `w${wake}`, ts))) return false;
    const updated = { ...ctx, version: ctx.version + 1 };
    await saveContext(tx, row.id, updated, ref.now);
    const view = { ctx: updated, states: asRows(records), current: row.current_step };
    await enqueueParent(tx, target, { ...view, status: row.status }, ts);
    await bumpMetrics(tx, row.id, { slides: 1 });
    return true;
  });
}
