/**
 * Mark Complete (PRODUCT.md §4, seed Layer 8 "completion"): in one transaction, through the
 * one step machine, the summary step is completed, the execution finished (or left in
 * progress while snoozed steps remain), the summary's follow-ups become tasks, the renewal gets
 * the decided price and its next action date, the outcome and metrics are stored, and the
 * celebration and the updated parent go to the outbox.
 */

import type { Artifact } from '../../slides/define.ts';
import type { Sql } from '../db/connection.ts';
import { insertTasks, upsertRenewal } from '../db/executions.ts';
import { addDays } from '../domain/dates.ts';
import { formatDollars } from '../domain/money.ts';
import { inflect, plural } from '../domain/words.ts';
import { type StepRef, type StepResult, stepTarget } from './executions-steps.ts';
import { type CompletionWrites, runWorkAction } from './step-service.ts';
import type { ExecutionContext } from './thread-messages.ts';

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
 * Mark Complete, on the last step only, through the one step machine (step-service.ts
 * `runWorkAction`, `complete`): refused in words while any other step is pending or in progress; with
 * snoozed or escalated steps the workflow stays open until they are worked. Here: what
 * completing leaves behind (the follow-up tasks, the renewal, the outcome) and the thread's note.
 */
export async function completeWorkflow(
  sql: Sql,
  ref: StepRef & { today: string },
): Promise<StepResult> {
  const writes: CompletionWrites = async (tx, row, finished) => {
    const ctx = row.context as ExecutionContext;
    const summary = ctx.steps[ref.stepIndex]?.artifacts.find((a) => a.kind === 'summary');
    const base = { executionId: row.id, companyId: row.company_id, now: ref.now };
    const tasks = followUps(ctx, summary).map((f) => ({
      title: f.title,
      dueDate: addDays(ref.today, f.inDays),
    }));
    await insertTasks(tx, { ...base, customerId: row.customer_id, csmId: row.csm_id }, tasks);
    const nextActionDate = tasks.map((t) => t.dueDate).sort()[0] ?? addDays(ref.today, 7);
    const renewalId = await upsertRenewal(tx, {
      customerId: row.customer_id,
      stage: ctx.stage ?? 'active',
      proposedArr: ctx.decided?.newArr ?? null,
      nextActionDate,
      notes: `${ctx.workflowName} completed in Slack on ${ref.today}`,
      now: ref.now,
    });
    const arrChange = ctx.decided ? ctx.decided.newArr - ctx.currentArr : null;
    const price = ctx.decided ? ` at ${formatDollars(ctx.decided.newArr)}` : '';
    const waiting = finished.waiting;
    const many = waiting?.includes(',') ?? false;
    const note = waiting
      ? `✅ ${ctx.customerName}: done for now; the workflow stays open until ${many ? 'steps' : 'step'} ${waiting} ${many ? 'are' : 'is'} worked.`
      : `🎉 ${ctx.workflowName} for ${ctx.customerName} is complete${price}! ${plural(tasks.length, 'follow-up')} ${inflect(tasks.length, 'is', 'are')} on your task list.`;
    const nextSteps = summary?.kind === 'summary' ? summary.nextSteps : [];
    return {
      outcome: { decided: ctx.decided, tasks, renewalId, nextSteps, arrChange },
      arrChange,
      note,
    };
  };
  const outcome = await runWorkAction(sql, stepTarget(ref), { action: 'complete', writes });
  if (!outcome.ok) return { ok: false, reason: outcome.refusal };
  return { ok: true, completed: outcome.applied.finished?.status === 'completed' };
}
