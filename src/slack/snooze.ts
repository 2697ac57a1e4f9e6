/**
 * The snooze-workflow modal's part: when a snooze ends, and the change itself through the
 * step-actions service (the instance and its active execution snoozed, with the audit row,
 * in one transaction: `snoozeWholeWorkflow`).
 */
import type { SnoozeWorkflowChoice } from '../../blocks/index.ts';
import type { Sql } from '../db/connection.ts';
import { atLocal } from '../domain/dates.ts';
import { snoozeWholeWorkflow } from '../workflows/step-actions.ts';

const DAY_MS = 86_400_000;

export type SnoozeUntil =
  | { ok: true; until: Date }
  | { ok: false; field: 'quick' | 'date'; message: string };

/** When the snooze ends: a quick option counts from now, a date from its start in the CSM's zone. */
export function snoozeUntil(
  choice: SnoozeWorkflowChoice,
  now: Date,
  today: string,
  timeZone: string,
): SnoozeUntil {
  const until = choice.until;
  if (until === null) {
    return { ok: false, field: 'quick', message: 'Pick 1 day, 2 days or 1 week, or a date below.' };
  }
  if ('days' in until) return { ok: true, until: new Date(now.getTime() + until.days * DAY_MS) };
  if (until.date <= today) {
    return { ok: false, field: 'date', message: 'Pick a date after today.' };
  }
  return { ok: true, until: atLocal(until.date, 0, 0, timeZone) };
}

/** Snooze the CSM's workflow from its Snooze modal; false when it is not theirs or no longer open. */
export async function snoozeWorkflow(
  sql: Sql,
  change: { instanceId: number; csmId: number; until: Date; reason: string | null; now: Date },
): Promise<boolean> {
  return snoozeWholeWorkflow(sql, { ...change, source: 'modal' });
}
