/**
 * `snooze-wakeup` (PRODUCT.md §5, §6): at a step's exact snoozed_until, if the step is still
 * snoozed with that very until (a re-snooze moves the job, a resume cancels it; this check
 * covers the races), the step wakes and the CSM gets a DM with a "Resume" button that says
 * why it woke. A step snoozed past the rot limit asks for an action instead, and a
 * `rot-escalation` job is set for `snooze.managerAfterDays` later.
 * Steps: wake (the step service: state + audit row + outbox row, one transaction) → schedule rot check → deliver.
 */
import { z } from 'zod';
import type { Sql } from '../src/db/connection.ts';
import { runStepAction, WAKE_KIND, wakeOutboxKey } from '../src/workflows/step-service.ts';
import type { JobSpec } from './agenda.ts';
import { deliver } from './deps.ts';
import { scheduleRotCheck } from './wakeups.ts';

export { WAKE_KIND, wakeOutboxKey };
export const SNOOZE_WAKEUP = 'snooze-wakeup';

export const snoozeWakeupSchema = z.object({
  key: z.string(),
  executionId: z.number().int().positive(),
  stepIndex: z.number().int().min(0),
  snoozedUntil: z.iso.datetime(),
});
export type SnoozeWakeupData = z.infer<typeof snoozeWakeupSchema>;

export interface Woken {
  rot: boolean;
  managerAfterDays: number;
}

/**
 * The wake itself, through the one step service (one transaction: state, audit row, DM); null
 * when the step is no longer snoozed so (or its workflow ended).
 */
export async function wakeStep(sql: Sql, data: SnoozeWakeupData, now: Date): Promise<Woken | null> {
  const outcome = await runStepAction(
    sql,
    {
      executionId: data.executionId,
      stepIndex: data.stepIndex,
      actorCsmId: null,
      now,
      source: 'job',
    },
    { action: 'wake', cause: { kind: 'timer', snoozedUntil: data.snoozedUntil } },
  );
  if (!outcome.ok) return null;
  return {
    rot: outcome.applied.audit?.metadata.rot === true,
    managerAfterDays: outcome.settings.snooze.managerAfterDays,
  };
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
