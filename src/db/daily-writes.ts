/**
 * The daily run's writes, all set-based inside the run's transaction: each batch's scores
 * are COPYed into a temp table and from there saved to the score history and the renewals
 * (while the engine scores the next batch), its decisions COPYed into another; then
 * workflow instances are brought up to date in a few statements, never one per customer.
 */

import type { TransactionSql } from './connection.ts';
import { copyChunks } from './copy.ts';

const OPEN = ['open', 'in_progress', 'snoozed'];

export const SCORE_COLUMNS = [
  'company_id',
  'customer_id',
  'as_of',
  'health_score',
  'health_components',
  'risk_score',
  'opportunity_score',
  'usage_trend_pct',
  'sentiment',
  'contract_status',
  'days_to_renewal',
  'stage',
  'contract_id',
  'renewal_date',
  'arr',
] as const;

export const DECISION_COLUMNS = [
  'company_id',
  'customer_id',
  'csm_id',
  'type',
  'trigger',
  'cycle_key',
  'stage',
  'priority_score',
  'factors',
  'as_of',
] as const;

export async function createRunTables(tx: TransactionSql): Promise<void> {
  await tx`
    create temp table run_scores (
      -- one batch's scores, on their way to score_history and renewals
      company_id bigint, customer_id bigint, as_of date, health_score real,
      health_components jsonb, risk_score real, opportunity_score real, usage_trend_pct real,
      sentiment text, contract_status text, days_to_renewal int, stage text,
      contract_id bigint, renewal_date date, arr numeric
    ) on commit drop`;
  await tx`
    create temp table run_decisions (
      company_id bigint, customer_id bigint, csm_id bigint, type text, trigger text,
      cycle_key text, stage text, priority_score real, factors jsonb, as_of date
    ) on commit drop`;
}

/** One batch's score and decision rows as COPY text (`copyLine`, in `SCORE_COLUMNS` and `DECISION_COLUMNS` order). */
export interface RunRowsText {
  scores: string[];
  decisions: string[];
}

/**
 * Write one batch: its scores saved to the history and its renewals (batches hold disjoint
 * customers, so the server saves one while the engine scores the next), its decisions kept
 * in run_decisions for `syncWorkflowInstances`.
 */
export async function writeBatch(
  tx: TransactionSql,
  rows: RunRowsText,
  renewalWindowDays: number,
): Promise<void> {
  if (rows.scores.length > 0) {
    await copyChunks(tx, 'run_scores', SCORE_COLUMNS, rows.scores);
    // Sent together and run in order on the connection (pipelined): the server need not
    // wait for the busy engine between them. A failure aborts the run's transaction.
    await Promise.all([
      saveScoreHistory(tx),
      syncRenewals(tx, renewalWindowDays),
      // created in this transaction, so truncated in place
      tx`truncate run_scores`,
    ]);
  }
  if (rows.decisions.length > 0) {
    await copyChunks(tx, 'run_decisions', DECISION_COLUMNS, rows.decisions);
  }
}

/** Keep one score row per customer and day; a second run the same day replaces it. */
async function saveScoreHistory(tx: TransactionSql): Promise<void> {
  await tx`
    insert into score_history (
      company_id, customer_id, as_of, health_score, health_components, risk_score,
      opportunity_score, usage_trend_pct, sentiment, contract_status, days_to_renewal, stage)
    select company_id, customer_id, as_of, health_score, health_components, risk_score,
           opportunity_score, usage_trend_pct, sentiment, contract_status, days_to_renewal, stage
      from run_scores
    on conflict (customer_id, as_of) do update set
      health_score = excluded.health_score, health_components = excluded.health_components,
      risk_score = excluded.risk_score, opportunity_score = excluded.opportunity_score,
      usage_trend_pct = excluded.usage_trend_pct, sentiment = excluded.sentiment,
      contract_status = excluded.contract_status, days_to_renewal = excluded.days_to_renewal,
      stage = excluded.stage`;
}

/** One renewal record per contract cycle inside the preparation window, its stage kept. */
async function syncRenewals(tx: TransactionSql, windowDays: number): Promise<void> {
  await tx`
    insert into renewals (company_id, customer_id, contract_id, renewal_date, stage, current_arr)
    select company_id, customer_id, contract_id, renewal_date, stage, coalesce(arr, 0)
      from run_scores
     where contract_id is not null and contract_status in ('active', 'expiring', 'expired')
       and days_to_renewal <= ${windowDays}
    on conflict (contract_id, renewal_date) do update
      set stage = excluded.stage, current_arr = excluded.current_arr, updated_at = now()
      where renewals.stage is distinct from excluded.stage
         or renewals.current_arr is distinct from excluded.current_arr`;
}

export interface StageMove {
  customerId: string;
  from: string;
  to: string;
}

export interface InstanceChanges {
  created: number;
  updated: number;
  moved: StageMove[];
  closed: number;
}

/**
 * Bring workflow instances in line with today's decisions: the open instance of the same
 * customer, trigger and cycle is updated (a renewal whose stage changed moves to the new
 * type and records the move); a decision with none is created, unless the CSM already
 * completed that very workflow this cycle; open instances whose trigger no longer holds
 * are closed. Work in progress is never closed under the CSM; event workflows are left to
 * their events.
 */
export async function syncWorkflowInstances(
  tx: TransactionSql,
  now: Date,
): Promise<InstanceChanges> {
  // run_decisions was filled by COPY: give the planner an index and statistics, or the
  // anti-joins below go quadratic. (run_facts, the run's customers, has both already.)
  await tx`create index on run_decisions (customer_id, trigger, cycle_key)`;
  await tx`analyze run_decisions`;
  // workflow_instances grows while the insert below reads it; a nested-loop anti-join then
  // rescans the growing heap once per row. Hash joins read it once, whatever its statistics.
  await tx`set local enable_nestloop = off`;
  // Only the instances whose type moved come back (and the count): not a row per customer.
  const updated = await tx<
    { customer_id: string; old_type: string; type: string; n: number | null }[]
  >`
    with matched as (
      select w.id, w.type as old_type, d.*
        from run_decisions d
        join workflow_instances w
          on w.customer_id = d.customer_id and w.trigger = d.trigger
         and w.cycle_key = d.cycle_key and w.status in ${tx(OPEN)}
    ),
    up as (
      update workflow_instances w
         set type = m.type, stage = m.stage, priority_score = m.priority_score,
             factors = m.factors, csm_id = m.csm_id, updated_on = m.as_of, updated_at = ${now},
             history = case when w.type <> m.type
               then w.history || jsonb_build_array(jsonb_build_object(
                 'on', m.as_of, 'from', w.type, 'to', m.type, 'stage', m.stage))
               else w.history end
        from matched m
       where w.id = m.id
      returning w.customer_id, m.old_type, w.type
    )
    select (select external_id from customers where id = up.customer_id) as customer_id,
           up.old_type, up.type, null::int as n
      from up where up.old_type <> up.type
    union all
    select '', '', '', count(*)::int from up`;
  const created = await tx`
    insert into workflow_instances (
      company_id, customer_id, csm_id, type, trigger, cycle_key, stage, priority_score,
      factors, created_on, updated_on)
    select d.company_id, d.customer_id, d.csm_id, d.type, d.trigger, d.cycle_key, d.stage,
           d.priority_score, d.factors, d.as_of, d.as_of
      from run_decisions d
     where not exists (
             select 1 from workflow_instances w
              where w.customer_id = d.customer_id and w.trigger = d.trigger
                and w.cycle_key = d.cycle_key and w.status in ${tx(OPEN)})
       and not exists (
             select 1 from workflow_instances w
              where w.customer_id = d.customer_id and w.trigger = d.trigger
                and w.cycle_key = d.cycle_key and w.type = d.type and w.status = 'completed')
    on conflict do nothing`;
  const closed = await tx`
    update workflow_instances w
       set status = 'closed', closed_at = ${now}, updated_at = ${now},
           closed_reason = 'trigger no longer holds'
      from run_facts s
     where w.customer_id = s.customer_id and w.status in ('open', 'snoozed')
       and w.trigger <> 'event'
       and not exists (
             select 1 from run_decisions d
              where d.customer_id = w.customer_id and d.trigger = w.trigger
                and d.cycle_key = w.cycle_key)`;
  await tx`set local enable_nestloop = on`;
  const moves = updated.filter((row) => row.n === null);
  return {
    created: created.count,
    updated: updated.find((row) => row.n !== null)?.n ?? 0,
    moved: moves.map((row) => ({ customerId: row.customer_id, from: row.old_type, to: row.type })),
    closed: closed.count,
  };
}

/**
 * The feedback loop's outcomes (PRODUCT.md §8): once a contract is renewed or churned, the
 * executions worked for that cycle get their outcome (expanded when the customer's ARR now
 * exceeds the contract's) and the ARR change, and the cycle's renewal record is closed.
 * `now` (the run's clock) stamps them: the re-tune counts outcomes recorded since a date.
 * With `runCustomersOnly` (a run of one CSM), only those of the run's customers (run_facts):
 * runs of different CSMs of a company then touch disjoint rows and may run side by side.
 */
export async function recordOutcomes(
  tx: TransactionSql,
  companyId: number,
  now: Date,
  runCustomersOnly = false,
): Promise<number> {
  const onlyExecutions = runCustomersOnly
    ? tx`and e.customer_id in (select customer_id from run_facts)`
    : tx``;
  const onlyRenewals = runCustomersOnly
    ? tx`and r.customer_id in (select customer_id from run_facts)`
    : tx``;
  const updated = await tx`
    update execution_metrics m
       set outcome = case when k.status = 'churned' then 'churned'
                          when c.arr > k.arr then 'expanded' else 'renewed' end,
           arr_change = case when k.status = 'churned' then -k.arr else c.arr - k.arr end,
           updated_at = ${now}
      from workflow_executions e
      join workflow_instances w on w.id = e.workflow_instance_id
      join customers c on c.id = e.customer_id
      join contracts k on k.customer_id = e.customer_id
       and w.cycle_key like '%' || k.renewal_date::text
     where m.execution_id = e.id and e.company_id = ${companyId}
       and (m.outcome is null or m.outcome = 'partial')
       and k.status in ('renewed', 'churned') ${onlyExecutions}`;
  await tx`
    update renewals r
       set status = k.status, updated_at = ${now}
      from contracts k
     where k.id = r.contract_id and r.company_id = ${companyId}
       and k.status in ('renewed', 'churned') and r.status not in ('renewed', 'churned')
       ${onlyRenewals}`;
  return updated.count;
}
