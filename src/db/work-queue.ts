/**
 * A CSM's work as Slack shows it: open workflow instances with their customer and latest
 * scores (the summary's entries, chosen in src/db/summaries.ts), the Active / Snoozed /
 * Escalated panel of App Home, and the CSM ↔ Slack user link.
 */
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

export interface HomeItemRow extends WorkItemRow {
  section: 'active' | 'snoozed' | 'escalated';
  snoozed_until: string | null;
  escalated_to: string | null;
}

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

export async function findCsmBySlackUser(sql: Db, slackUserId: string): Promise<CsmRow | null> {
  const [row] = await sql<CsmRow[]>`
    select ${CSM_COLUMNS(sql)} from csms m join companies co on co.id = m.company_id
     where m.slack_user_id = ${slackUserId}`;
  return row ?? null;
}

/** CSMs with this email, in any company (one workspace may hold more than one company). */
export async function findCsmsByEmail(sql: Db, email: string): Promise<CsmRow[]> {
  return sql<CsmRow[]>`
    select ${CSM_COLUMNS(sql)} from csms m join companies co on co.id = m.company_id
     where lower(m.email) = lower(${email}) order by m.id`;
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
): Promise<WorkItemRow[]> {
  if (instanceIds.length === 0) return [];
  return sql<WorkItemRow[]>`
    select ${ITEM_COLUMNS(sql, asOf)}
      from workflow_instances w join customers c on c.id = w.customer_id
      ${LATEST_SCORES(sql, asOf)}
     where w.csm_id = ${csmId} and w.id = any(${instanceIds}::bigint[])`;
}

/**
 * Every workflow of the CSM on the App Home panel, each in one section: `escalated` (an active
 * execution has an escalated step), else `snoozed` (the instance is snoozed, or its execution
 * has snoozed steps), else `active` (open or in progress). Highest priority first.
 */
export async function loadHomeItems(sql: Db, csmId: number, asOf: string): Promise<HomeItemRow[]> {
  return sql<HomeItemRow[]>`
    select ${ITEM_COLUMNS(sql, asOf)},
           case when x.escalated then 'escalated'
                when w.status = 'snoozed' or x.has_snoozed_steps then 'snoozed'
                else 'active' end as section,
           to_char(coalesce(w.snoozed_until, x.next_due_step_date) at time zone 'UTC',
                   'YYYY-MM-DD"T"HH24:MI:SS"Z"') as snoozed_until,
           x.escalated_to
      from workflow_instances w join customers c on c.id = w.customer_id
      ${LATEST_SCORES(sql, asOf)}
      left join lateral (
        select e.has_snoozed_steps, e.next_due_step_date,
               exists (select 1 from workflow_step_states t
                        where t.execution_id = e.id and t.status = 'escalated') as escalated,
               (select m.name from workflow_step_states t join csms m on m.id = t.escalated_to
                 where t.execution_id = e.id and t.status = 'escalated'
                 order by t.step_index limit 1) as escalated_to
          from workflow_executions e
         where e.workflow_instance_id = w.id and e.status in ('in_progress', 'snoozed')
         order by e.id desc limit 1
      ) x on true
     where w.csm_id = ${csmId} and w.status in ('open', 'in_progress', 'snoozed')
     order by w.priority_score desc, array_position(${TRIGGER_RANK}::text[], w.trigger), w.id`;
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
