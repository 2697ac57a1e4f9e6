/**
 * Reopening a step in its workflow thread after a resume: the step's chat text and artifacts
 * again as a new reply, the parent's badges updated, in one transaction on the locked
 * execution. The reply's key says which resume it answers, so each resume reopens once:
 * `thread:<exec>:step:<i>:resume:<actionId>` for a resume action, `…:resume:w<wakeId>` for a
 * step its wake-up put back in progress. (The one look-up of the step's last wake is SQL
 * here because this change may only touch the thread door; it belongs in src/db/.)
 */
import type { Sql, TransactionSql } from '../../db/connection.ts';
import { bumpMetrics, findExecution, loadStepStates, saveContext } from '../../db/executions.ts';
import { enqueue } from '../../db/outbox.ts';
import {
  type ExecutionContext,
  enqueueParent,
  renderStep,
} from '../../workflows/thread-messages.ts';

export interface ReopenRef {
  executionId: number;
  stepIndex: number;
  csmId: number;
  slackUserId: string;
  now: Date;
}

async function lastWake(tx: TransactionSql, executionId: number, stepIndex: number) {
  const [row] = await tx<{ id: number; action_type: string }[]>`
    select id::int, action_type from workflow_step_actions
     where execution_id = ${executionId} and step_index = ${stepIndex}
     order by id desc limit 1`;
  return row?.action_type === 'wake' ? row.id : null;
}

/** True when the step was reopened now; false when there is nothing (more) to reopen. */
export function reopenStep(
  sql: Sql,
  ref: ReopenRef,
  via: { actionId: number } | 'wake',
): Promise<boolean> {
  return sql.begin(async (tx) => {
    const execution = await findExecution(tx, ref.executionId, true);
    const threadTs = execution?.slack_thread_ts;
    const ctx = execution?.context as ExecutionContext | undefined;
    if (!execution || execution.csm_id !== ref.csmId || !threadTs || !ctx) return false;
    if (execution.status === 'completed' || execution.status === 'abandoned') return false;
    const states = await loadStepStates(tx, execution.id);
    if (states.find((s) => s.step_index === ref.stepIndex)?.status !== 'in_progress') return false;
    const wake = via === 'wake' ? await lastWake(tx, execution.id, ref.stepIndex) : null;
    if (via === 'wake' && wake === null) return false;
    const which = via === 'wake' ? `w${wake}` : String(via.actionId);
    const rendered = renderStep(ctx, execution.id, ref.stepIndex);
    if (!rendered) return false;
    const inserted = await enqueue(tx, {
      idempotencyKey: `thread:${execution.id}:step:${ref.stepIndex}:resume:${which}`,
      channel: 'slack',
      kind: 'thread-step',
      recipient: ref.slackUserId,
      payload: { ...rendered, thread_ts: threadTs },
      companyId: execution.company_id,
      availableAt: ref.now,
    });
    if (!inserted) return false;
    const updated = { ...ctx, version: ctx.version + 1 };
    await saveContext(tx, execution.id, updated, ref.now);
    const target = { ...ref, companyId: execution.company_id };
    const view = {
      ctx: updated,
      states,
      current: execution.current_step,
      status: execution.status,
    };
    await enqueueParent(tx, target, view, threadTs);
    await bumpMetrics(tx, execution.id, { slides: 1 });
    return true;
  });
}
