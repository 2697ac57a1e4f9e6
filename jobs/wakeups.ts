/**
 * Scheduling a step's wake-up (PRODUCT.md §5): one `snooze-wakeup` job per step, keyed
 * `wake:<executionId>:<stepIndex>`, so a re-snooze MOVES it and a resume, skip or escalation
 * CANCELS it. Called right after the step action commits (Agenda has its own pool); if the
 * process dies in between, `reconcileWakeups` at the next start schedules what is missing.
 */
import type { Agenda } from 'agenda';
import type { Sql } from '../src/db/connection.ts';
import { listSnoozedSteps } from '../src/db/jobs.ts';
import type { StepChange } from '../src/workflows/step-actions.ts';
import { isAlreadyScheduled } from './deps.ts';

const SNOOZE_WAKEUP = 'snooze-wakeup';
const ROT_ESCALATION = 'rot-escalation';

export function wakeJobKey(executionId: number, stepIndex: number): string {
  return `wake:${executionId}:${stepIndex}`;
}

/**
 * Save a keyed job (insert, or move the existing one). Agenda's unique() is not atomic: a
 * concurrent twin hits the unique index (23505); then the row exists and saving again updates it.
 */
export async function saveKeyed(
  agenda: Agenda,
  name: string,
  data: { key: string } & Record<string, unknown>,
  build: (job: ReturnType<Agenda['create']>) => void,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const job = agenda.create(name, data).unique({ 'data.key': data.key });
    build(job as unknown as ReturnType<Agenda['create']>);
    try {
      await job.save();
      return;
    } catch (error) {
      if (!isAlreadyScheduled(error) || attempt > 0) throw error;
    }
  }
}

/** Schedule, move or cancel the step's wake-up to match `until` (null: no longer snoozed). */
export async function syncStepWakeup(
  agenda: Agenda,
  step: { executionId: number; stepIndex: number; snoozedUntil: Date | null },
): Promise<void> {
  const key = wakeJobKey(step.executionId, step.stepIndex);
  if (step.snoozedUntil === null) {
    await agenda.cancel({ name: SNOOZE_WAKEUP, data: { key } });
    return;
  }
  const data = {
    key,
    executionId: step.executionId,
    stepIndex: step.stepIndex,
    snoozedUntil: step.snoozedUntil.toISOString(),
  };
  const at = step.snoozedUntil;
  await saveKeyed(agenda, SNOOZE_WAKEUP, data, (job) => job.schedule(at));
}

/** After a step action: its wake-up follows the step; any action on it ends a rot check. */
export async function afterStepChange(agenda: Agenda, change: StepChange): Promise<void> {
  await syncStepWakeup(agenda, change);
  const key = `rot:${change.executionId}:${change.stepIndex}`;
  await agenda.cancel({ name: ROT_ESCALATION, data: { key } });
}

/** `rot-escalation` for a step woken past the rot limit, at `at`. */
export async function scheduleRotCheck(
  agenda: Agenda,
  step: { executionId: number; stepIndex: number; wokeAt: string },
  at: Date,
): Promise<void> {
  const data = {
    key: `rot:${step.executionId}:${step.stepIndex}`,
    executionId: step.executionId,
    stepIndex: step.stepIndex,
    wokeAt: step.wokeAt,
  };
  await saveKeyed(agenda, ROT_ESCALATION, data, (job) => job.schedule(at));
}

/** Give every snoozed step its wake-up (idempotent: an existing one is moved to the same time). */
export async function reconcileWakeups(sql: Sql, agenda: Agenda): Promise<number> {
  const steps = await listSnoozedSteps(sql);
  for (const step of steps) {
    await syncStepWakeup(agenda, {
      executionId: step.execution_id,
      stepIndex: step.step_index,
      snoozedUntil: step.snoozed_until,
    });
  }
  return steps.length;
}

/**
 * The Agenda of this process, for doors that act on steps outside a job (the /renubu
 * command): `renubu serve` sets it when jobs start and clears it when they stop. Without one
 * the wake-up is left to `reconcileWakeups` at the next start.
 */
let processAgenda: Agenda | null = null;

export function setProcessAgenda(agenda: Agenda | null): void {
  processAgenda = agenda;
}

/** `afterStepChange` on this process's Agenda; false when jobs are not running here. */
export async function followStepChange(change: StepChange): Promise<boolean> {
  if (!processAgenda) return false;
  await afterStepChange(processAgenda, change);
  return true;
}
