/**
 * Each CSM's summary as one set-based query (src/engine/summaries.ts owns its use): the
 * priority list, one entry per customer, and the snoozed steps due by the end of the CSM's day.
 */
import type { Sql, TransactionSql } from './connection.ts';

/**
 * Workflows of one customer share its priority score; the tie goes to the more pressing
 * trigger (an event, then risk, renewal, strategic planning, opportunity, preparation).
 */
export const TRIGGER_RANK = ['event', 'risk', 'renewal', 'strategic', 'opportunity', 'preparation'];

/** One entry of a CSM's priority list: a customer's highest open workflow. */
export interface SummaryItem {
  instanceId: number;
  customerId: string;
  customerName: string;
  type: string;
  priorityScore: number;
  /** The customer's other open workflows (types), highest first; often empty. */
  also: string[];
}

export interface SnoozedDue {
  executionId: number;
  stepIndex: number;
  customerId: string;
  customerName: string;
  type: string;
  step: string;
  snoozedUntil: string;
  reason: string | null;
}

export interface CsmSummaryRow {
  csm: string;
  csmName: string;
  asOf: string;
  priorityList: SummaryItem[];
  snoozedDueToday: SnoozedDue[];
}

/** Whose summaries: a company's CSMs (or one), as of a date or each CSM's own today at `now`. */
export interface SummaryScope {
  companyId: number;
  csmId: number | null;
  /** Only these CSMs (ids), or all: a large company's summaries read in parts side by side. */
  csmIds?: readonly number[] | null;
  asOf: string | null;
  /** Read only when `asOf` is null. */
  now: Date | null;
}

/**
 * Each CSM's summary (PRODUCT.md §3, also for CSMs with nothing to do), the one query every
 * surface reads it from: the priority list holds the top `limit` customers by their highest
 * open workflow (one entry each, its other open workflows in `also`), ordered by priority,
 * then by the more pressing trigger, then by customer (never by the order the run happened
 * to write them in); then the snoozed steps of active executions due by the
 * end of the CSM's day.
 */
export async function loadSummaries(
  sql: Sql | TransactionSql,
  scope: SummaryScope,
  limit: number,
): Promise<CsmSummaryRow[]> {
  return sql<CsmSummaryRow[]>`
    with m as (
      select id, external_id, name, timezone,
             coalesce(${scope.asOf}::date,
                      (${scope.now}::timestamptz at time zone timezone)::date) as as_of
        from csms
       where company_id = ${scope.companyId}
         and (${scope.csmId}::bigint is null or id = ${scope.csmId})
         ${scope.csmIds ? sql`and id = any(${scope.csmIds as number[]}::bigint[])` : sql``}
    )
    select m.external_id as csm, m.name as "csmName", m.as_of::text as "asOf",
           coalesce((
             select jsonb_agg(jsonb_build_object(
                      'instanceId', x.id, 'customerId', c.external_id, 'customerName', c.name,
                      'type', x.type, 'priorityScore', x.priority_score,
                      'also', array(
                        select o.type from workflow_instances o
                         where o.customer_id = x.customer_id and o.csm_id = m.id
                           and o.status in ('open', 'in_progress') and o.id <> x.id
                         order by o.priority_score desc,
                                  array_position(${TRIGGER_RANK}::text[], o.trigger), o.id))
                    order by x.priority_score desc, x.rank, x.customer_id)
               from (select * from (
                       select distinct on (w.customer_id) w.id, w.customer_id, w.type,
                              w.priority_score,
                              array_position(${TRIGGER_RANK}::text[], w.trigger) as rank
                         from workflow_instances w
                        where w.csm_id = m.id and w.status in ('open', 'in_progress')
                        order by w.customer_id, w.priority_score desc, rank, w.id) lead
                      order by lead.priority_score desc, lead.rank, lead.customer_id
                      limit ${limit}) x
               join customers c on c.id = x.customer_id
           ), '[]'::jsonb) as "priorityList",
           coalesce((
             select jsonb_agg(jsonb_build_object(
                      'executionId', e.id, 'stepIndex', s.step_index,
                      'customerId', c.external_id, 'customerName', c.name,
                      'type', coalesce(w.type, e.workflow_config_id),
                      'step', s.step_id,
                      'snoozedUntil', to_char(s.snoozed_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                      'reason', s.reason)
                    order by s.snoozed_until, s.id)
               from workflow_step_states s
               join workflow_executions e on e.id = s.execution_id
               join customers c on c.id = e.customer_id
               left join workflow_instances w on w.id = e.workflow_instance_id
              where e.csm_id = m.id and e.status in ('in_progress', 'snoozed')
                and s.status = 'snoozed'
                and s.snoozed_until < ((m.as_of + 1)::timestamp at time zone m.timezone)
           ), '[]'::jsonb) as "snoozedDueToday"
      from m
     order by m.external_id`;
}

/**
 * Whether the daily run has not yet run for a CSM's day: the CSM has customers and none of
 * them has a score as of that day (the run scores every customer it looks at).
 */
export async function dayNotRun(
  sql: Sql | TransactionSql,
  csmId: number,
  asOf: string,
): Promise<boolean> {
  const [row] = await sql<{ not_run: boolean }[]>`
    select exists (select 1 from customers where csm_id = ${csmId})
       and not exists (select 1 from score_history s join customers c on c.id = s.customer_id
                        where c.csm_id = ${csmId} and s.as_of = ${asOf}::date) as not_run`;
  return row?.not_run ?? false;
}
