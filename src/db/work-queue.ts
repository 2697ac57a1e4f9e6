/**
 * A CSM's work as Slack shows it: open workflow instances with their customer and latest
 * scores (the summary's entries, chosen in src/db/summaries.ts), the Active / Snoozed /
 * Escalated panel of App Home, and the CSM ↔ Slack user link.
 */
import type { StepStatus } from '../domain/step-status.ts';
import type { WorkflowStateInput } from '../domain/workflow-state.ts';
import type { Sql, TransactionSql } from './connection.ts';
// Same order as the daily summary: priority, then the more pressing trigger.
import { TRIGGER_RANK } from './summaries.ts';

type Db = Sql | TransactionSql;

export interface CsmRow {
  id: number;
  company_id: number;
  external_id: string;
  name: string;
  email: string;
  slack_user_id: string | null;
  timezone: string;
  /** companies.settings: the company's overrides of the scoring settings. */
  company_settings: unknown;
}

export interface WorkItemRow {
  instance_id: number;
  customer_id: string;
  customer_name: string;
  type: string;
  stage: string | null;
  priority_score: number;
  arr: number;
  days_to_renewal: number | null;
  health_score: number | null;
  factors: Record<string, unknown>;
  status: 'open' | 'in_progress' | 'snoozed';
}

/** What src/domain/workflow-state.ts needs of a begun workflow's execution. */
export interface ExecutionStateRow {
  execution_id: number;
  status: 'in_progress' | 'snoozed' | 'completed' | 'abandoned';
  current_step: number;
  steps: {
    title: string;
    status: StepStatus;
    snoozed_until: string | null;
    escalated_to: string | null;
  }[];
}

/** A work item with what its one state is computed from (the read model of every surface). */
export interface WorkItemStateRow extends WorkItemRow {
  /** The instance's latest open execution, or null when it was never begun. */
  execution: ExecutionStateRow | null;
  /** The whole workflow's snooze (instance), as an ISO instant. */
  workflow_snoozed_until: string | null;
}

export type HomeItemRow = WorkItemStateRow;

export interface HomeCounts {
  active: number;
  snoozed: number;
  escalated: number;
}

const CSM_COLUMNS = (sql: Db) => sql`
  m.id, m.company_id, m.external_id, m.name, m.email, m.slack_user_id, m.timezone,
  co.settings as company_settings`;

/** The columns of a WorkItemRow from `w` (instance) and `c` (customer), scores as of `asOf`. */
const ITEM_COLUMNS = (sql: Db, asOf: string) => sql`
  w.id as instance_id, c.external_id as customer_id, c.name as customer_name, w.type,
  coalesce(w.stage, s.stage) as stage, w.priority_score, c.arr,
  s.days_to_renewal - (${asOf}::date - s.as_of) as days_to_renewal,
  s.health_score, w.factors, w.status`;

const LATEST_SCORES = (sql: Db, asOf: string) => sql`
  left join lateral (
    select h.stage, h.days_to_renewal, h.health_score, h.as_of from score_history h
     where h.customer_id = c.id and h.as_of <= ${asOf}::date
     order by h.as_of desc limit 1
  ) s on true`;

const ISO = (sql: Db, column: string) =>
  sql`to_char(${sql.unsafe(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** One execution `e` with every step's state, title (from its composed context), snooze and
 * escalation, as one JSON value (an ExecutionStateRow). */
const EXECUTION_JSON = (sql: Db) => sql`
  json_build_object(
    'execution_id', e.id, 'status', e.status, 'current_step', e.current_step,
    'steps', coalesce((
      select json_agg(json_build_object(
               'title', coalesce(e.context -> 'steps' -> t.step_index ->> 'title', t.step_id),
               'status', t.status,
               'snoozed_until', ${ISO(sql, 't.snoozed_until')},
               'escalated_to', m.name) order by t.step_index)
        from workflow_step_states t left join csms m on m.id = t.escalated_to
       where t.execution_id = e.id), '[]'::json))`;

/** `x.execution`: the instance `w`'s latest open execution, so a whole list loads in one query. */
const EXECUTION_STATE = (sql: Db) => sql`
  left join lateral (
    select ${EXECUTION_JSON(sql)} as execution
      from workflow_executions e
     where e.workflow_instance_id = w.id and e.status in ('in_progress', 'snoozed')
     order by e.id desc limit 1
  ) x on true`;

/** The state rows of these executions, in one query (the digest, the wake-up DM). */
export async function loadExecutionStates(
  sql: Db,
  executionIds: number[],
): Promise<Map<number, ExecutionStateRow>> {
  if (executionIds.length === 0) return new Map();
  const rows = await sql<{ execution: ExecutionStateRow }[]>`
    select ${EXECUTION_JSON(sql)} as execution from workflow_executions e
     where e.id in ${sql(executionIds)}`;
  return new Map(rows.map((r) => [r.execution.execution_id, r.execution]));
}

/** A state row as src/domain/workflow-state.ts takes it. */
export function executionStateInput(
  row: ExecutionStateRow | null,
): WorkflowStateInput['execution'] {
  return (
    row && {
      status: row.status,
      currentStep: row.current_step,
      steps: row.steps.map((s) => ({
        title: s.title,
        status: s.status,
        snoozedUntil: s.snoozed_until,
        escalatedTo: s.escalated_to,
      })),
    }
  );
}

const STATE_COLUMNS = (sql: Db) => sql`
  x.execution,
  case when w.status = 'snoozed' then ${ISO(sql, 'w.snoozed_until')} end as workflow_snoozed_until`;

/** `and m.company_id = …` when a tenant is given (OAuth installs), nothing otherwise. */
const IN_COMPANY = (sql: Db, companyId: number | undefined) =>
  companyId === undefined ? sql`` : sql`and m.company_id = ${companyId}`;

/**
 * The CSM linked to this Slack user; within `companyId` when given (a workspace installed by
 * OAuth is one company's: its users are never another company's CSMs).
 */
export async function findCsmBySlackUser(
  sql: Db,
  slackUserId: string,
  companyId?: number,
): Promise<CsmRow | null> {
  const [row] = await sql<CsmRow[]>`
    select ${CSM_COLUMNS(sql)} from csms m join companies co on co.id = m.company_id
     where m.slack_user_id = ${slackUserId} ${IN_COMPANY(sql, companyId)}`;
  return row ?? null;
}

/**
 * CSMs with this email: within `companyId` when given (OAuth installs), else in any company
 * (one workspace, one token: that workspace may hold more than one company).
 */
export async function findCsmsByEmail(
  sql: Db,
  email: string,
  companyId?: number,
): Promise<CsmRow[]> {
  return sql<CsmRow[]>`
    select ${CSM_COLUMNS(sql)} from csms m join companies co on co.id = m.company_id
     where lower(m.email) = lower(${email}) ${IN_COMPANY(sql, companyId)} order by m.id`;
}

export async function csmsWithoutSlack(sql: Db, companyId: number): Promise<CsmRow[]> {
  return sql<CsmRow[]>`
    select ${CSM_COLUMNS(sql)} from csms m join companies co on co.id = m.company_id
     where m.company_id = ${companyId} and m.slack_user_id is null order by m.id`;
}

export async function csmsOfCompany(sql: Db, companyId: number): Promise<CsmRow[]> {
  return sql<CsmRow[]>`
    select ${CSM_COLUMNS(sql)} from csms m join companies co on co.id = m.company_id
     where m.company_id = ${companyId} order by m.external_id`;
}

/** Link a CSM to a Slack user, unless that user is already another CSM's (kept as it is). */
export async function setSlackUserId(sql: Db, csmId: number, slackUserId: string) {
  await sql`
    update csms set slack_user_id = ${slackUserId}, updated_at = now()
     where id = ${csmId}
       and not exists (select 1 from csms o where o.slack_user_id = ${slackUserId})`;
}

/**
 * These workflows of the CSM (the entries of the CSM's summary, src/engine/summaries.ts, which
 * chooses and orders them), as the digest shows them; in no particular order.
 */
export async function loadPriorityItems(
  sql: Db,
  csmId: number,
  asOf: string,
  instanceIds: number[],
): Promise<WorkItemStateRow[]> {
  if (instanceIds.length === 0) return [];
  return sql<WorkItemStateRow[]>`
    select ${ITEM_COLUMNS(sql, asOf)}, ${STATE_COLUMNS(sql)}
      from workflow_instances w join customers c on c.id = w.customer_id
      ${LATEST_SCORES(sql, asOf)}
      ${EXECUTION_STATE(sql)}
     where w.csm_id = ${csmId} and w.id = any(${instanceIds}::bigint[])`;
}

/**
 * Every open workflow of the CSM, with its state, for the App Home panel and `/renubu list`
 * (which sections each belongs to is src/domain/workflow-state.ts's). Highest priority first;
 * equal ones in customer order, as the morning summary has them (src/db/summaries.ts).
 */
export async function loadHomeItems(sql: Db, csmId: number, asOf: string): Promise<HomeItemRow[]> {
  return sql<HomeItemRow[]>`
    select ${ITEM_COLUMNS(sql, asOf)}, ${STATE_COLUMNS(sql)}
      from workflow_instances w join customers c on c.id = w.customer_id
      ${LATEST_SCORES(sql, asOf)}
      ${EXECUTION_STATE(sql)}
     where w.csm_id = ${csmId} and w.status in ('open', 'in_progress', 'snoozed')
     order by w.priority_score desc, array_position(${TRIGGER_RANK}::text[], w.trigger),
              w.customer_id, w.id`;
}

export interface InstanceRef {
  id: number;
  company_id: number;
  customer_name: string;
  type: string;
  status: string;
}

/** One of the CSM's open workflows (never another CSM's), or null. */
export async function findOpenInstance(
  sql: Db,
  instanceId: number,
  csmId: number,
): Promise<InstanceRef | null> {
  const [row] = await sql<InstanceRef[]>`
    select w.id, w.company_id, c.name as customer_name, w.type, w.status
      from workflow_instances w join customers c on c.id = w.customer_id
     where w.id = ${instanceId} and w.csm_id = ${csmId}
       and w.status in ('open', 'in_progress', 'snoozed')`;
  return row ?? null;
}

/** Snooze a whole workflow until `until`; false when it is not the CSM's open workflow. */
export async function snoozeInstance(
  sql: Db,
  change: { instanceId: number; csmId: number; until: Date; reason: string | null; now: Date },
): Promise<boolean> {
  const entry = {
    at: change.now.toISOString(),
    action: 'snooze_workflow',
    until: change.until.toISOString(),
    reason: change.reason,
  };
  const rows = await sql`
    update workflow_instances
       set status = 'snoozed', snoozed_until = ${change.until},
           history = history || ${sql.json([entry])}::jsonb, updated_at = ${change.now}
     where id = ${change.instanceId} and csm_id = ${change.csmId}
       and status in ('open', 'in_progress', 'snoozed')
    returning id`;
  return rows.length === 1;
}
