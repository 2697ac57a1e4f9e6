/**
 * What the job scheduler reads: every CSM with their zone (one schedule each), the snoozed
 * steps (their wake-ups), and whether a woken step was touched since.
 */
import type { Sql, TransactionSql } from './connection.ts';

type Db = Sql | TransactionSql;

export interface ScheduledCsm {
  id: number;
  company_id: number;
  timezone: string;
}

/** Every CSM of every company, with the zone their daily schedules run in. */
export async function listScheduledCsms(sql: Db): Promise<ScheduledCsm[]> {
  return sql<ScheduledCsm[]>`select id, company_id, timezone from csms order by id`;
}

export interface SnoozedStepRef {
  execution_id: number;
  step_index: number;
  snoozed_until: Date;
}

/** Every snoozed step of an active execution (each needs its wake-up job). */
export async function listSnoozedSteps(sql: Db): Promise<SnoozedStepRef[]> {
  return sql<SnoozedStepRef[]>`
    select s.execution_id, s.step_index, s.snoozed_until
      from workflow_step_states s join workflow_executions e on e.id = s.execution_id
     where s.status = 'snoozed' and e.status in ('in_progress', 'snoozed')
     order by s.snoozed_until`;
}

/** Actions on the step after `since`, other than Renubu's own wake-ups. */
export async function countActionsSince(
  sql: Db,
  executionId: number,
  stepIndex: number,
  since: Date,
): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from workflow_step_actions
     where execution_id = ${executionId} and step_index = ${stepIndex}
       and created_at > ${since} and action_type <> 'wake'`;
  return row?.n ?? 0;
}
