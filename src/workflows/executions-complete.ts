/**
 * Mark Complete (PRODUCT.md §4, seed Layer 8 "completion"): in one transaction the summary
 * step is completed, the execution finished (or left in progress while snoozed steps remain),
 * the summary's follow-ups become tasks, the renewal gets the decided price and its next
 * action date, the outcome and metrics are stored, and the celebration and the updated parent
 * go to the outbox.
 */

import type { Artifact } from '../../slides/define.ts';
import type { Sql } from '../db/connection.ts';
import {
  finishExecution,
  finishMetrics,
  insertStepAction,
  insertTasks,
  loadStepStates,
  saveContext,
  setInstanceStatus,
  setStepStatus,
  upsertRenewal,
} from '../db/executions.ts';
import { addDays } from '../domain/dates.ts';
import { formatDollars } from '../domain/money.ts';
import { inflect, plural } from '../domain/words.ts';
import { completionBlocker } from '../domain/workflow-state.ts';
import { gateProblem, onCurrentStep, type StepRef, type StepResult } from './executions-steps.ts';
import { type ExecutionContext, enqueueNote, enqueueParent } from './thread-messages.ts';

/** The follow-ups of the summary, then those of checklist items the CSM kept (a save plan). */
function followUps(ctx: ExecutionContext, summary: Artifact | undefined) {
  const fromSummary = summary?.kind === 'summary' ? summary.followUps : [];
  const kept = ctx.steps.flatMap((step) => {
    const ticked = new Set(ctx.checked[String(step.index)] ?? []);
    return step.artifacts.flatMap((a) =>
      a.kind === 'checklist'
        ? a.items.flatMap((i) =>
            ticked.has(i.id) && i.followUpInDays !== undefined
              ? [{ title: i.label.replace(/ \(in \d+ days?\)$/, ''), inDays: i.followUpInDays }]
              : [],
          )
        : [],
    );
  });
  return [...fromSummary, ...kept];
}

/**
 * Mark Complete, on the last step only: refused in words while any other step is pending or in
 * progress; with snoozed or escalated steps the workflow stays open until they are worked.
 */
export function completeWorkflow(sql: Sql, ref: StepRef & { today: string }): Promise<StepResult> {
  return onCurrentStep(sql, ref, async ({ tx, execution, ctx, states: before }) => {
    const step = ctx.steps[ref.stepIndex];
    const summary = step?.artifacts.find((a) => a.kind === 'summary');
    const titled = ctx.steps.map((s, i) => ({
      title: s.title,
      status: before.find((b) => b.step_index === i)?.status ?? 'pending',
    }));
    const blocker = completionBlocker(titled, ref.stepIndex);
    if (blocker && 'refuse' in blocker) return { ok: false, reason: blocker.refuse };
    const gate = gateProblem(ctx, ref.stepIndex);
    if (gate) return { ok: false, reason: `${gate} Nothing was changed.` };
    const base = { executionId: execution.id, companyId: execution.company_id, now: ref.now };
    await setStepStatus(tx, execution.id, ref.stepIndex, 'completed', ref.now);
    const states = await loadStepStates(tx, execution.id);
    const snoozed = blocker !== null;
    const status: 'in_progress' | 'completed' = snoozed ? 'in_progress' : 'completed';
    const tasks = followUps(ctx, summary).map((f) => ({
      title: f.title,
      dueDate: addDays(ref.today, f.inDays),
    }));
    await insertTasks(
      tx,
      { ...base, customerId: execution.customer_id, csmId: execution.csm_id },
      tasks,
    );
    const nextActionDate = tasks.map((t) => t.dueDate).sort()[0] ?? addDays(ref.today, 7);
    const renewalId = await upsertRenewal(tx, {
      customerId: execution.customer_id,
      stage: ctx.stage ?? 'active',
      proposedArr: ctx.decided?.newArr ?? null,
      nextActionDate,
      notes: `${ctx.workflowName} completed in Slack on ${ref.today}`,
      now: ref.now,
    });
    const arrChange = ctx.decided ? ctx.decided.newArr - ctx.currentArr : null;
    const outcome = {
      decided: ctx.decided,
      tasks,
      renewalId,
      nextSteps: summary?.kind === 'summary' ? summary.nextSteps : [],
      arrChange,
    };
    await finishExecution(tx, { id: execution.id, status, outcome, now: ref.now });
    await insertStepAction(tx, {
      ...base,
      stepIndex: ref.stepIndex,
      type: 'complete',
      csmId: ref.csmId,
      metadata: { outcome },
      source: ref.source,
    });
    const seconds = Math.max(
      0,
      Math.round((ref.now.getTime() - execution.started_at.getTime()) / 1000),
    );
    await finishMetrics(tx, {
      executionId: execution.id,
      seconds,
      outcome: null,
      arrChange,
      now: ref.now,
    });
    if (execution.workflow_instance_id !== null && status === 'completed') {
      await setInstanceStatus(tx, execution.workflow_instance_id, 'completed', ref.now);
    }
    // The parent's next update is keyed on the context's version: keep the bump, or a later
    // change (a Resume) would reuse this key and its header update would be dropped.
    const updated = { ...ctx, version: ctx.version + 1 };
    await saveContext(tx, execution.id, updated, ref.now);
    const threadTs = execution.slack_thread_ts;
    if (threadTs) {
      const target = { ...base, slackUserId: ref.slackUserId };
      const price = ctx.decided ? ` at ${formatDollars(ctx.decided.newArr)}` : '';
      const text = snoozed
        ? `✅ ${ctx.customerName}: done for now; the workflow stays open until ${blocker.waiting.includes(',') ? 'steps' : 'step'} ${blocker.waiting} ${blocker.waiting.includes(',') ? 'are' : 'is'} worked.`
        : `🎉 ${ctx.workflowName} for ${ctx.customerName} is complete${price}! ${plural(tasks.length, 'follow-up')} ${inflect(tasks.length, 'is', 'are')} on your task list.`;
      await enqueueNote(tx, target, 'complete', text, threadTs);
      const view = { ctx: updated, states, current: execution.total_steps, status };
      await enqueueParent(tx, target, view, threadTs);
    }
    return { ok: true, completed: status === 'completed' };
  });
}
