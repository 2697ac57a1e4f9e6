/**
 * workflow_step_states and workflow_step_actions (PRODUCT.md §5): the execution a step action
 * targets (by id, by Slack thread, or the CSM's latest active one), its step ids, the step's
 * state, and the writes of one action. The step-state trigger keeps the execution's
 * has_snoozed_steps / next_due_step_date right in the same transaction.
 */
import type { ActionSource, StepRecord } from '../domain/step-machine.ts';
import type { Sql, TransactionSql } from './connection.ts';

type Db = Sql | TransactionSql;

export interface ExecutionTarget {
  id: number;
  company_id: number;
  csm_id: number;
  workflow_instance_id: number | null;
  workflow_config_id: string;
  customer_name: string;
  /** The customer's external id (the one imports, events and answers name it by). */
  customer_external_id: string;
  status: 'in_progress' | 'snoozed' | 'completed' | 'abandoned';
  total_steps: number;
  current_step: number;
  /** The steps' ids in order: from the execution's context, else its definition. */
  step_ids: string[];
}

export interface StepStateRow {
  status: 'pending' | 'in_progress' | 'completed' | 'snoozed' | 'skipped' | 'escalated';
  step_id: string;
  snoozed_until: Date | null;
  snooze_until_event: string | null;
  snooze_count: number;
  total_snoozed_seconds: number;
  reason: string | null;
  escalated_to: number | null;
  updated_at: Date;
}

export type StepStatus = StepStateRow['status'];

const TARGET = (sql: Db) => sql`
  select e.id, e.company_id, e.csm_id, e.workflow_instance_id, e.workflow_config_id,
         c.name as customer_name, c.external_id as customer_external_id, e.status,
         e.total_steps, e.current_step,
         coalesce(
           (select array_agg(case jsonb_typeof(x) when 'string' then x #>> '{}'
                                  else coalesce(x ->> 'id', x ->> 'slideId') end order by n)
              from jsonb_array_elements(
                     case when jsonb_typeof(e.context -> 'steps') = 'array'
                          then e.context -> 'steps' else '[]'::jsonb end) with ordinality t(x, n)),
           d.slide_sequence,
           (select g.slide_sequence from workflow_definitions g
             where g.workflow_id = e.workflow_config_id
               and (g.company_id = e.company_id or g.company_id is null)
             order by g.company_id nulls last limit 1),
           '{}'::text[]) as step_ids
    from workflow_executions e
    join customers c on c.id = e.customer_id
    left join workflow_definitions d on d.id = e.workflow_definition_id`;

/** An execution of the CSM's, in any status (the caller refuses stale ones), or null. */
export async function findExecution(
  sql: Db,
  executionId: number,
  options: { forUpdate?: boolean } = {},
): Promise<ExecutionTarget | null> {
  const lock = options.forUpdate ? sql`for update of e` : sql``;
  const [row] = await sql<ExecutionTarget[]>`${TARGET(sql)} where e.id = ${executionId} ${lock}`;
  return row ?? null;
}

/** The execution whose Slack thread this is, or null. */
export async function findExecutionByThread(
  sql: Db,
  channelId: string,
  threadTs: string,
): Promise<ExecutionTarget | null> {
  const [row] = await sql<ExecutionTarget[]>`
    ${TARGET(sql)} where e.slack_channel_id = ${channelId} and e.slack_thread_ts = ${threadTs}`;
  return row ?? null;
}

/** The CSM's most recently started execution that is still in progress or snoozed. */
export async function findLatestActiveExecution(
  sql: Db,
  csmId: number,
): Promise<ExecutionTarget | null> {
  const [row] = await sql<ExecutionTarget[]>`
    ${TARGET(sql)} where e.csm_id = ${csmId} and e.status in ('in_progress', 'snoozed')
     order by e.started_at desc, e.id desc limit 1`;
  return row ?? null;
}

export interface StepActionRow {
  companyId: number;
  executionId: number;
  stepIndex: number | null;
  actionType:
    | 'start'
    | 'snooze'
    | 'skip'
    | 'escalate'
    | 'resume'
    | 'snooze_workflow'
    | 'wake'
    | 'undo'
    | 'back'
    | 'complete';
  performedBy: number | null;
  reason: string | null;
  snoozedUntil: Date | null;
  metadata: Record<string, unknown>;
  /** Where the action came from (a button, a modal, /renubu, a job, an event...). */
  source: ActionSource;
  now: Date;
}

/** The audit row of one action; returns its id (outbox keys name it). */
export async function insertStepAction(tx: TransactionSql, a: StepActionRow): Promise<number> {
  const [row] = await tx<{ id: number }[]>`
    insert into workflow_step_actions
      (company_id, execution_id, step_index, action_type, performed_by, reason, snoozed_until,
       metadata, source, created_at)
    values (${a.companyId}, ${a.executionId}, ${a.stepIndex}, ${a.actionType}, ${a.performedBy},
            ${a.reason}, ${a.snoozedUntil}, ${tx.json(a.metadata as never)}, ${a.source}, ${a.now})
    returning id`;
  return row!.id;
}

/** Snooze the execution as a whole (the workflow snooze); its steps keep their states. */
export async function snoozeExecutionRow(tx: TransactionSql, id: number, until: Date, now: Date) {
  await tx`
    update workflow_executions set status = 'snoozed', snoozed_until = ${until}, updated_at = ${now}
     where id = ${id} and status in ('in_progress', 'snoozed')`;
}

export interface PersonRow {
  id: number;
  name: string;
  email: string;
  slack_user_id: string | null;
  timezone: string;
  manager_id: number | null;
  company_settings: unknown;
}

/** A CSM (the actor, or a manager to escalate to), or null. */
export async function findPerson(sql: Db, csmId: number): Promise<PersonRow | null> {
  const [row] = await sql<PersonRow[]>`
    select m.id, m.name, m.email, m.slack_user_id, m.timezone, m.manager_id,
           co.settings as company_settings
      from csms m join companies co on co.id = m.company_id
     where m.id = ${csmId}`;
  return row ?? null;
}

/** The in-progress or snoozed execution of a workflow instance, if it has one. */
export async function findActiveExecutionOfInstance(tx: Db, instanceId: number) {
  const [row] = await tx<{ id: number; company_id: number }[]>`
    select id, company_id from workflow_executions
     where workflow_instance_id = ${instanceId} and status in ('in_progress', 'snoozed')`;
  return row ?? null;
}

/**
 * One workflow's state for the step machine, in one query after locking the execution for the
 * action (every step change locks its execution first, so two never interleave). JSON parts
 * (the context's steps, the step states) are parsed by the caller with zod.
 */
export interface MachineRow {
  id: number;
  company_id: number;
  csm_id: number;
  workflow_instance_id: number | null;
  status: ExecutionTarget['status'];
  total_steps: number;
  current_step: number;
  customer_id: number;
  customer_name: string;
  customer_external_id: string;
  started_at: Date;
  context_steps: unknown;
  definition_steps: string[] | null;
  csm: {
    id: number;
    name: string;
    recipient: string;
    timezone: string;
    slackUserId: string | null;
  } | null;
  manager: { id: number; name: string; recipient: string } | null;
  company_settings: unknown;
  steps: unknown;
  /** The whole context (the thread's steps, ticks, decision, version) and the thread. */
  context: unknown;
  slack_thread_ts: string | null;
  /** The CSM's last audit row in this workflow (what undo reverts), JSON, or null. */
  last_action: unknown;
}

export async function loadMachineRow(tx: TransactionSql, executionId: number) {
  // Lock first, then read: a statement that waited for the lock would read the step states
  // (its subqueries) as they were when it began, before the change it waited for.
  await tx`select 1 from workflow_executions where id = ${executionId} for update`;
  const [row] = await tx<MachineRow[]>`
    select e.id, e.company_id, e.csm_id, e.workflow_instance_id, e.status, e.total_steps,
           e.current_step, e.customer_id::int, c.name as customer_name,
           c.external_id as customer_external_id, e.started_at,
           e.context -> 'steps' as context_steps, e.context, e.slack_thread_ts,
           coalesce(d.slide_sequence,
             (select g.slide_sequence from workflow_definitions g
               where g.workflow_id = e.workflow_config_id
                 and (g.company_id = e.company_id or g.company_id is null)
               order by g.company_id nulls last limit 1)) as definition_steps,
           case when m.id is null then null else jsonb_build_object(
             'id', m.id, 'name', m.name, 'recipient', coalesce(m.slack_user_id, m.email),
             'timezone', m.timezone, 'slackUserId', m.slack_user_id) end as csm,
           case when mg.id is null then null else jsonb_build_object(
             'id', mg.id, 'name', mg.name, 'recipient', coalesce(mg.slack_user_id, mg.email))
           end as manager,
           co.settings as company_settings,
           coalesce((select jsonb_agg(jsonb_build_object(
               'index', s.step_index, 'id', s.step_id, 'status', s.status,
               'snoozedUntil', s.snoozed_until, 'snoozeUntilEvent', s.snooze_until_event,
               'snoozeCount', s.snooze_count, 'totalSnoozedSeconds', s.total_snoozed_seconds,
               'reason', s.reason, 'escalatedTo', s.escalated_to) order by s.step_index)
              from workflow_step_states s where s.execution_id = e.id), '[]'::jsonb) as steps,
           (select jsonb_build_object('id', a.id, 'stepIndex', a.step_index,
                     'actionType', a.action_type, 'at', a.created_at, 'undo', a.metadata -> 'undo')
              from workflow_step_actions a
             where a.execution_id = e.id and a.performed_by = e.csm_id
             order by a.id desc limit 1) as last_action
      from workflow_executions e
      join customers c on c.id = e.customer_id
      left join workflow_definitions d on d.id = e.workflow_definition_id
      left join csms m on m.id = e.csm_id
      left join companies co on co.id = m.company_id
      left join csms mg on mg.id = m.manager_id
     where e.id = ${executionId}
       for update of e`;
  return row ?? null;
}

/** Write one step's whole new state (the machine's), insert or update. */
export async function writeStepState(
  tx: TransactionSql,
  w: { companyId: number; executionId: number; step: StepRecord; now: Date },
): Promise<void> {
  const s = w.step;
  await tx`
    insert into workflow_step_states
      (company_id, execution_id, step_index, step_id, status, snoozed_until, snooze_until_event,
       snooze_count, total_snoozed_seconds, reason, escalated_to, updated_at)
    values (${w.companyId}, ${w.executionId}, ${s.index}, ${s.id}, ${s.status},
            ${s.snoozedUntil}, ${s.snoozeUntilEvent}, ${s.snoozeCount}, ${s.totalSnoozedSeconds},
            ${s.reason}, ${s.escalatedTo}, ${w.now})
    on conflict (execution_id, step_index) do update
       set status = excluded.status, snoozed_until = excluded.snoozed_until,
           snooze_until_event = excluded.snooze_until_event,
           snooze_count = excluded.snooze_count,
           total_snoozed_seconds = excluded.total_snoozed_seconds,
           reason = excluded.reason, escalated_to = excluded.escalated_to,
           updated_at = excluded.updated_at`;
}

/** A customer's steps snoozed until this event, in order (the candidates an event wakes). */
export async function findStepsSnoozedUntilEvent(tx: Db, customerId: number, until: string) {
  return tx<{ executionId: number; stepIndex: number }[]>`
    select s.execution_id as "executionId", s.step_index as "stepIndex"
      from workflow_step_states s join workflow_executions e on e.id = s.execution_id
     where e.customer_id = ${customerId} and s.status = 'snoozed'
       and s.snooze_until_event = ${until}
     order by s.execution_id, s.step_index`;
}

/** The id of the step's last audit row when that row is a wake-up, else null. */
export async function lastWakeOfStep(tx: Db, executionId: number, stepIndex: number) {
  const [row] = await tx<{ id: number; action_type: string }[]>`
    select id::int, action_type from workflow_step_actions
     where execution_id = ${executionId} and step_index = ${stepIndex}
     order by id desc limit 1`;
  return row?.action_type === 'wake' ? row.id : null;
}
