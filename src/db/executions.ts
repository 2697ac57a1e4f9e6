/**
 * Workflow executions and what hangs off them (PRODUCT.md §4): the execution row, its step
 * states, the audit actions, metrics, and at completion the tasks and the renewal. Each
 * change that moves a step is guarded by the step the caller saw, so a retry changes nothing.
 * Over 200 lines: one aggregate, whose statements share the row types.
 */
import type { StepStatus } from '../domain/step-status.ts';
import type { Sql, TransactionSql } from './connection.ts';

type Db = Sql | TransactionSql;

export type { StepStatus };
export type ExecutionStatus = 'in_progress' | 'snoozed' | 'completed' | 'abandoned';

export interface LaunchInstanceRow {
  id: number;
  company_id: number;
  customer_id: number;
  customer_external_id: string;
  csm_id: number;
  type: string;
  status: string;
}

export interface ExecutionRow {
  id: number;
  company_id: number;
  workflow_instance_id: number | null;
  customer_id: number;
  csm_id: number;
  workflow_config_id: string;
  status: ExecutionStatus;
  total_steps: number;
  current_step: number;
  has_snoozed_steps: boolean;
  slack_channel_id: string | null;
  slack_thread_ts: string | null;
  context: unknown;
  started_at: Date;
}

export interface StepStateRow {
  step_index: number;
  step_id: string;
  status: StepStatus;
}

const EXECUTION_COLUMNS = (sql: Db) => sql`
  id::int, company_id::int, workflow_instance_id::int, customer_id::int, csm_id::int,
  workflow_config_id, status, total_steps, current_step, has_snoozed_steps, slack_channel_id,
  slack_thread_ts, context, started_at`;

/** A workflow instance with what a launch needs (whose and whether open: the step machine's), or null. */
export async function findLaunchInstance(db: Db, instanceId: number) {
  const [row] = await db<LaunchInstanceRow[]>`
    select w.id::int, w.company_id::int, w.customer_id::int, c.external_id as customer_external_id,
           w.csm_id::int, w.type, w.status
      from workflow_instances w join customers c on c.id = w.customer_id
     where w.id = ${instanceId}`;
  return row ?? null;
}

/** The in-progress (or snoozed) execution of an instance, or null. */
export async function findActiveExecution(db: Db, instanceId: number) {
  const [row] = await db<ExecutionRow[]>`
    select ${EXECUTION_COLUMNS(db)} from workflow_executions
     where workflow_instance_id = ${instanceId} and status in ('in_progress', 'snoozed')`;
  return row ?? null;
}

/** One execution; `lock` takes a row lock for the rest of the transaction. */
export async function findExecution(db: Db, id: number, lock = false) {
  const [row] = lock
    ? await db<ExecutionRow[]>`
        select ${EXECUTION_COLUMNS(db)} from workflow_executions where id = ${id} for update`
    : await db<ExecutionRow[]>`
        select ${EXECUTION_COLUMNS(db)} from workflow_executions where id = ${id}`;
  return row ?? null;
}

export interface NewExecution {
  companyId: number;
  instanceId: number;
  definitionId: number;
  type: string;
  customerId: number;
  csmId: number;
  totalSteps: number;
  context: unknown;
  now: Date;
}

/** Insert the execution; null when the instance already has an active one (a race). */
export async function insertExecution(tx: TransactionSql, e: NewExecution) {
  const [row] = await tx<{ id: number }[]>`
    insert into workflow_executions
      (company_id, workflow_instance_id, workflow_definition_id, workflow_config_id, customer_id,
       csm_id, status, total_steps, current_step, context, started_at, updated_at)
    values (${e.companyId}, ${e.instanceId}, ${e.definitionId}, ${e.type}, ${e.customerId},
            ${e.csmId}, 'in_progress', ${e.totalSteps}, 0, ${tx.json(e.context as never)},
            ${e.now}, ${e.now})
    on conflict (workflow_instance_id) where status in ('in_progress', 'snoozed') do nothing
    returning id::int`;
  return row?.id ?? null;
}

/** A new execution's step states (as the step machine began them), and its empty metrics row. */
export async function insertStepStates(
  tx: TransactionSql,
  e: {
    executionId: number;
    companyId: number;
    steps: { index: number; id: string; status: StepStatus }[];
    now: Date;
  },
) {
  const rows = e.steps.map((step) => ({
    company_id: e.companyId,
    execution_id: e.executionId,
    step_index: step.index,
    step_id: step.id,
    status: step.status,
    updated_at: e.now,
  }));
  await tx`insert into workflow_step_states ${tx(rows)}`;
  await tx`insert into execution_metrics (execution_id, company_id, updated_at)
           values (${e.executionId}, ${e.companyId}, ${e.now})
           on conflict do nothing`;
}

export async function loadStepStates(db: Db, executionId: number) {
  return db<StepStateRow[]>`
    select step_index, step_id, status from workflow_step_states
     where execution_id = ${executionId} order by step_index`;
}

export async function setInstanceStatus(db: Db, instanceId: number, status: string, now: Date) {
  await db`
    update workflow_instances set status = ${status}, updated_at = ${now},
           closed_at = case when ${status} = 'completed' then ${now}::timestamptz else closed_at end
     where id = ${instanceId}`;
}

/** Record the thread once; false when it was already recorded. */
export async function setThread(db: Db, id: number, channel: string, ts: string) {
  const rows = await db`
    update workflow_executions set slack_channel_id = ${channel}, slack_thread_ts = ${ts}
     where id = ${id} and slack_thread_ts is null returning id`;
  return rows.length === 1;
}

/** Move from `expectedStep` to `nextStep`; false when another change got there first. */
export async function advanceExecution(
  db: Db,
  m: {
    id: number;
    expectedStep: number;
    nextStep: number;
    percentage: number;
    context: unknown;
    now: Date;
  },
) {
  const rows = await db`
    update workflow_executions
       set current_step = ${m.nextStep}, completion_percentage = ${m.percentage},
           context = ${db.json(m.context as never)}, updated_at = ${m.now}
     where id = ${m.id} and current_step = ${m.expectedStep} and status in ('in_progress', 'snoozed')
    returning id`;
  return rows.length === 1;
}

export async function saveContext(db: Db, id: number, context: unknown, now: Date) {
  await db`update workflow_executions set context = ${db.json(context as never)}, updated_at = ${now}
            where id = ${id}`;
}

export async function finishExecution(
  db: Db,
  f: { id: number; status: ExecutionStatus; outcome: unknown; now: Date },
) {
  await db`
    update workflow_executions
       set status = ${f.status}, completion_percentage = 100, outcome = ${db.json(f.outcome as never)},
           completed_at = case when ${f.status} = 'completed' then ${f.now}::timestamptz else null end,
           updated_at = ${f.now}
     where id = ${f.id}`;
}

/**
 * The last open step of a workflow already marked complete was done (a snoozed step finished
 * later): the execution is completed now; its outcome was recorded at Mark Complete.
 */
export async function completeRemainingExecution(db: Db, id: number, now: Date) {
  await db`
    update workflow_executions
       set status = 'completed', completion_percentage = 100, completed_at = ${now},
           updated_at = ${now}
     where id = ${id} and status in ('in_progress', 'snoozed')`;
}

/** Count clicks, slides and modals as they happen (the feedback loop's inputs). */
/**
 * Count a click, slide or modal. Counters decide nothing, so `updated_at` stays: the re-tune
 * reads it as when the metrics last changed by the clock (insert, finish, outcome), and a
 * click must not make an old outcome look recent.
 */
export async function bumpMetrics(
  db: Db,
  executionId: number,
  by: { clicks?: number; slides?: number; modals?: number },
) {
  await db`
    update execution_metrics
       set button_clicks = button_clicks + ${by.clicks ?? 0},
           slides_viewed = slides_viewed + ${by.slides ?? 0},
           modals_viewed = modals_viewed + ${by.modals ?? 0}
     where execution_id = ${executionId}`;
}

export async function finishMetrics(
  db: Db,
  m: {
    executionId: number;
    seconds: number;
    outcome: string | null;
    arrChange: number | null;
    now: Date;
  },
) {
  await db`
    update execution_metrics m
       set time_to_complete_seconds = ${m.seconds}, outcome = ${m.outcome},
           arr_change = ${m.arrChange}, updated_at = ${m.now},
           steps_snoozed = (select count(*) from workflow_step_states s
                             where s.execution_id = m.execution_id and s.snooze_count > 0),
           steps_skipped = (select count(*) from workflow_step_states s
                             where s.execution_id = m.execution_id and s.status = 'skipped')
     where execution_id = ${m.executionId}`;
}

export async function insertTasks(
  db: Db,
  t: { companyId: number; customerId: number; csmId: number; executionId: number },
  tasks: { title: string; dueDate: string }[],
) {
  if (tasks.length === 0) return;
  const rows = tasks.map((task) => ({
    company_id: t.companyId,
    customer_id: t.customerId,
    csm_id: t.csmId,
    workflow_execution_id: t.executionId,
    title: task.title,
    due_date: task.dueDate,
  }));
  await db`insert into tasks ${db(rows)}`;
}

/**
 * The renewal of the customer's current (latest active) contract: in progress, with the
 * proposed ARR and the next action date; made when the daily run has not made it yet (a
 * renewal further out than the preparation window). Null when the customer has no contract.
 */
export async function upsertRenewal(
  db: Db,
  r: {
    customerId: number;
    stage: string;
    proposedArr: number | null;
    nextActionDate: string;
    notes: string;
    now: Date;
  },
) {
  const rows = await db<{ id: number }[]>`
    with target as (
      select company_id, customer_id, id as contract_id, renewal_date, coalesce(arr, 0) as arr
        from contracts
       where customer_id = ${r.customerId} and status = 'active'
       order by renewal_date desc limit 1
    )
    insert into renewals (company_id, customer_id, contract_id, renewal_date, stage, status,
                          current_arr, proposed_arr, next_action_date, notes, updated_at)
    select company_id, customer_id, contract_id, renewal_date, ${r.stage}, 'in_progress', arr,
           ${r.proposedArr}, ${r.nextActionDate}, ${r.notes}, ${r.now}
      from target
    on conflict (contract_id, renewal_date) do update
      set status = case when renewals.status = 'open' then 'in_progress' else renewals.status end,
          proposed_arr = coalesce(excluded.proposed_arr, renewals.proposed_arr),
          next_action_date = excluded.next_action_date, notes = excluded.notes,
          updated_at = excluded.updated_at
    returning id::int`;
  return rows[0]?.id ?? null;
}
