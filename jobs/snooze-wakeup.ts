/**
 * `snooze-wakeup` (PRODUCT.md §5, §6): at a step's exact snoozed_until, if the step is still
 * snoozed with that very until (a re-snooze moves the job, a resume cancels it; this check
 * covers the races), the step wakes and the CSM gets a DM with a "Resume" button that says
 * why it woke. A step snoozed past the rot limit asks for an action instead, and a
 * `rot-escalation` job is set for `snooze.managerAfterDays` later.
 * Steps: wake (state + audit row + outbox row, one transaction) → schedule rot check → deliver.
 */
import { z } from 'zod';
import { ACTION, stepValue } from '../blocks/action-ids.ts';
import { escapeMrkdwn, instantInWords, plural } from '../blocks/format.ts';
import { findSlide } from '../slides/registry.ts';
import type { Sql } from '../src/db/connection.ts';
import { markStepWoken } from '../src/db/jobs.ts';
import { enqueue } from '../src/db/outbox.ts';
import {
  findExecution,
  findPerson,
  insertStepAction,
  lockStepState,
} from '../src/db/step-states.ts';
import { executionStateInput, loadExecutionStates } from '../src/db/work-queue.ts';
import { resolveSettings } from '../src/domain/index.ts';
import { workflowState } from '../src/domain/workflow-state.ts';
import type { JobSpec } from './agenda.ts';
import { deliver } from './deps.ts';
import { scheduleRotCheck } from './wakeups.ts';

export const SNOOZE_WAKEUP = 'snooze-wakeup';
export const WAKE_KIND = 'step_wake';

export const snoozeWakeupSchema = z.object({
  key: z.string(),
  executionId: z.number().int().positive(),
  stepIndex: z.number().int().min(0),
  snoozedUntil: z.iso.datetime(),
});
export type SnoozeWakeupData = z.infer<typeof snoozeWakeupSchema>;

export function wakeOutboxKey(d: Omit<SnoozeWakeupData, 'key'>): string {
  return `wake:${d.executionId}:${d.stepIndex}:${d.snoozedUntil}`;
}

export interface Woken {
  rot: boolean;
  managerAfterDays: number;
}

/** The wake itself, in one transaction; null when the step is no longer snoozed so. */
export async function wakeStep(sql: Sql, data: SnoozeWakeupData, now: Date) {
  return sql.begin(async (tx): Promise<Woken | null> => {
    const state = await lockStepState(tx, data.executionId, data.stepIndex);
    const until = state?.snoozed_until?.toISOString();
    if (state?.status !== 'snoozed' || until !== data.snoozedUntil) return null;
    const execution = (await findExecution(tx, data.executionId))!;
    if (execution.status === 'completed' || execution.status === 'abandoned') return null;
    const csm = (await findPerson(tx, execution.csm_id))!;
    const settings = resolveSettings(csm.company_settings ?? {});
    const rot = state.total_snoozed_seconds > settings.snooze.rotLimitDays * 86_400;
    await markStepWoken(tx, data.executionId, data.stepIndex, now);
    await insertStepAction(tx, {
      companyId: execution.company_id,
      executionId: execution.id,
      stepIndex: data.stepIndex,
      actionType: 'wake',
      performedBy: null,
      reason: state.reason,
      snoozedUntil: state.snoozed_until,
      metadata: { snoozedUntil: data.snoozedUntil, rot },
      now,
    });
    const title = findSlide(state.step_id)?.title ?? state.step_id;
    const label = `step ${data.stepIndex + 1} ${escapeMrkdwn(title)}`;
    const when = instantInWords(data.snoozedUntil, csm.timezone, '');
    const why = `It woke because its snooze ended (${when})${state.reason ? `: ${escapeMrkdwn(state.reason)}` : '.'}`;
    const days = Math.round(state.total_snoozed_seconds / 86_400);
    const ask = rot
      ? `\nIt has been snoozed for ${plural(days, 'day')} in all. Do it now, skip it with a reason ` +
        `(/renubu skip ${data.stepIndex + 1} REASON), or escalate it: left untouched for ` +
        `${plural(settings.snooze.managerAfterDays, 'day')}, it goes to your manager.`
      : '';
    const stored = (await loadExecutionStates(tx, [execution.id])).get(execution.id) ?? null;
    const where = workflowState({ execution: executionStateInput(stored) }).label;
    const text = `${escapeMrkdwn(execution.customer_name)}: resume snoozed ${label}. ${why}${ask}\nWorkflow now: ${where}`;
    await enqueue(tx, {
      idempotencyKey: wakeOutboxKey(data),
      channel: 'slack',
      kind: WAKE_KIND,
      recipient: csm.slack_user_id ?? csm.email,
      payload: {
        text,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text } },
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                action_id: ACTION.resumeStep,
                text: { type: 'plain_text', text: rot ? 'Do it now' : 'Resume step' },
                value: stepValue(data.executionId, data.stepIndex),
                style: 'primary',
              },
            ],
          },
        ],
      },
      companyId: execution.company_id,
      availableAt: now,
    });
    return { rot, managerAfterDays: settings.snooze.managerAfterDays };
  });
}

export const snoozeWakeupJob: JobSpec<SnoozeWakeupData> = {
  name: SNOOZE_WAKEUP,
  schema: snoozeWakeupSchema,
  removeOnComplete: true,
  async run(deps, data, { agenda }) {
    const now = deps.clock.now();
    const woken = await wakeStep(deps.sql, data, now);
    if (woken?.rot) {
      const at = new Date(now.getTime() + woken.managerAfterDays * 86_400_000);
      await scheduleRotCheck(agenda, { ...data, wokeAt: now.toISOString() }, at);
    }
    if (!woken) deps.logger.info(data, 'snooze-wakeup: step no longer snoozed so, nothing to do');
    // Always: a run that crashed after the wake's commit still owes its DM.
    await deliver(deps);
  },
};
