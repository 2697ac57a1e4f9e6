/**
 * The daily run's writes, all set-based inside the run's transaction (or a part's), batch by
 * batch while the engine scores the next batch: each batch's scores are COPYed straight into
 * the score history (the run's day emptied for its customers first, so a second run the same
 * day replaces them), its decisions and renewal records into temp tables; then its renewal
 * records and workflow instances are brought up to date in a few statements bounded by the
 * batch's customers, never one per customer.
 */

import type { TransactionSql } from './connection.ts';
import { CopyBuffer, copyChunks } from './copy.ts';
import type { CustomerRange } from './daily-facts.ts';
import { allowPlans } from './planner.ts';

const OPEN = ['open', 'in_progress', 'snoozed'];

/** SQLSTATE of setting `temp_buffers` once the session has used a temp table. */
const TEMP_BUFFERS_IN_USE = '22023';

/**
 * The daily run's advisory locks: a run of a whole company holds the company's lock alone;
 * a run of one CSM (the per-CSM jobs) holds it shared and the CSM's own lock, so runs of
 * different CSMs of one company (disjoint customers) go side by side, in any processes. The
 * tenant purge holds the company's lock too: no run writes rows of customers being deleted
 * (their instances and renewal records have no foreign keys to hold the deletion back).
 */
export const DAILY_RUN_LOCK = 7_240_118;
export const DAILY_RUN_CSM_LOCK = 7_240_120;

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
] as const;

/**
 * A decision as the engine writes it: the columns of a new workflow instance (created and
 * updated on the run's day, stamped with the run's clock), so a batch whose customers have
 * no instances yet is COPYed straight into workflow_instances; others go through
 * run_decisions, which has the same columns.
 */
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
  'created_on',
  'updated_on',
  'created_at',
  'updated_at',
] as const;

/** A renewal record as the run scored it (`RENEWAL_COLUMNS` of run_renewals). */
export const RENEWAL_COLUMNS = [
  'customer_id',
  'contract_id',
  'renewal_date',
  'stage',
  'current_arr',
] as const;

/** Contract states whose cycle has a renewal record while in the preparation window. */
export const RENEWING = new Set(['active', 'expiring', 'expired']);

/**
 * The local buffers of a session that runs a daily run: its temp tables (a million customers'
 * facts, each batch's decisions) stay in memory instead of going through the default 8 MB to
 * disk and back (facts at 1M: 7.4 -> 5 s). Taken as needed, up to this.
 */
const RUN_TEMP_BUFFERS = '128MB';

/**
 * The run's temp tables, in a session whose local buffers can hold them. `temp_buffers` can
 * only change before a session's first temp table (or to the value it has), and a pooled
 * connection may have made one before it first ran a daily run: then the setting fails in
 * its savepoint, stays as it is, and the run goes on. Not a connection parameter, because
 * PgBouncer refuses unknown startup parameters.
 */
export async function createRunTables(tx: TransactionSql): Promise<void> {
  await tx
    .savepoint((sp) => sp`select set_config('temp_buffers', ${RUN_TEMP_BUFFERS}, false)`)
    .catch((error: unknown) => {
      if ((error as { code?: string }).code !== TEMP_BUFFERS_IN_USE) throw error;
    });
  await tx`
    create temp table run_decisions (
      company_id bigint, customer_id bigint, csm_id bigint, type text, trigger text,
      cycle_key text, stage text, priority_score real, factors json, created_on date,
      updated_on date, created_at timestamptz, updated_at timestamptz
    ) on commit drop`;
  await tx`
    create temp table run_renewals (
      customer_id bigint, contract_id bigint, renewal_date date, stage text, current_arr numeric
    ) on commit drop`;
}

/**
 * Keep one score row per customer and day: the run's customers (run_facts) lose their rows
 * of the run's days, which the run then writes again. Read through the (company, day)
 * index, so the first run of a day finds nothing to delete in no time.
 */
export async function clearRunScores(
  tx: TransactionSql,
  companyId: number,
  asOfs: readonly string[],
): Promise<void> {
  await tx`
    delete from score_history h
     using run_facts f
     where h.company_id = ${companyId} and h.as_of = any(${asOfs}::date[])
       and f.customer_id = h.customer_id and f.as_of::date = h.as_of`;
}

/**
 * One batch's score, decision and renewal rows as COPY text (lines in `SCORE_COLUMNS`,
 * `DECISION_COLUMNS` and `RENEWAL_COLUMNS` order).
 */
export interface RunRowsText {
  scores: CopyBuffer;
  decisions: CopyBuffer;
  renewals: CopyBuffer;
}

export function runRowsText(): RunRowsText {
  return { scores: new CopyBuffer(), decisions: new CopyBuffer(), renewals: new CopyBuffer() };
}

/** What every batch of a run writes with. */
export interface RunWrites {
  companyId: number;
  now: Date;
  /** What the batches changed in the workflow instances, added up. */
  changes: InstanceChanges;
}

/**
 * Write one batch: its scores into the score history (batches hold disjoint customers whose
 * rows of the day `clearRunScores` removed) and its renewal records; its decisions, when
 * none of the batch's customers has a workflow instance yet that they could update or that
 * holds them back (a company's first run, new customers), straight into workflow_instances,
 * else through run_decisions (`syncWorkflowInstances`); adding what changed to the run's
 * `changes` (a `BatchWrite`, src/db/daily-facts.ts).
 */
export async function writeBatch(
  tx: TransactionSql,
  rows: RunRowsText,
  batch: CustomerRange,
  run: RunWrites,
): Promise<void> {
  const fresh = await withoutInstances(tx, batch);
  if (!rows.scores.empty) {
    await copyChunks(tx, 'score_history', SCORE_COLUMNS, rows.scores.chunks());
  }
  if (!rows.decisions.empty) {
    const table = fresh ? 'workflow_instances' : 'run_decisions';
    await copyChunks(tx, table, DECISION_COLUMNS, rows.decisions.chunks());
  }
  if (!rows.renewals.empty) {
    await copyChunks(tx, 'run_renewals', RENEWAL_COLUMNS, rows.renewals.chunks());
  }
  if (!rows.renewals.empty) await syncRenewals(tx, run);
  const { changes } = run;
  if (fresh) {
    changes.created += rows.decisions.lines;
  } else {
    const batchChanges = await syncWorkflowInstances(tx, run.now, batch);
    changes.created += batchChanges.created;
    changes.updated += batchChanges.updated;
    changes.closed += batchChanges.closed;
    changes.moved.push(...batchChanges.moved);
  }
  // created in this transaction, so truncated in place
  await tx`truncate run_decisions, run_renewals`;
}

/**
 * Whether no customer in the batch's range has a daily workflow instance that is open, in
 * progress, snoozed or completed: then `syncWorkflowInstances` would update none, close none
 * and hold none of the decisions back, and they are new instances as they stand. Event
 * instances and closed ones change nothing (no decision matches them). The run's locks keep
 * other daily runs off these customers until it commits, and nothing else opens a daily
 * instance (events open 'event' ones), so the answer holds for the batch's write.
 */
async function withoutInstances(tx: TransactionSql, batch: CustomerRange): Promise<boolean> {
  // one look each in the index of open instances and in that of completed and closed ones
  const inBatch = tx`w.customer_id between ${batch.from} and ${batch.to} and w.trigger <> 'event'`;
  const [row] = await tx<{ found: boolean }[]>`
    select exists (select 1 from workflow_instances w where ${inBatch} and w.status in ${tx(OPEN)})
        or exists (select 1 from workflow_instances w where ${inBatch} and w.status = 'completed')
           as found`;
  return row?.found === false;
}

/**
 * One renewal record per contract cycle inside the preparation window, its stage and ARR
 * kept: the batch's records as just scored (run_renewals). Records already holding that
 * stage and ARR (most of them, every day but a cycle's first) are left out before the
 * insert, whose conflict path would lock and rewrite each one; they are looked up one by
 * one in the unique index: a nested loop, the only join this statement may use. With hash
 * joins allowed, the planner (which sees renewals as small as they were before the run)
 * hashed every renewal record of the company for each batch: at a million customers 5.1 s
 * of server time, growing with the square of the batches, where the look-ups take 2.5 s.
 */
async function syncRenewals(tx: TransactionSql, run: RunWrites) {
  await allowPlans(tx, { nestloop: true, hashjoin: false, mergejoin: false });
  await tx`
    insert into renewals (
      company_id, customer_id, contract_id, renewal_date, stage, current_arr, created_at, updated_at)
    select ${run.companyId}, d.customer_id, d.contract_id, d.renewal_date, d.stage, d.current_arr,
           ${run.now}::timestamptz, ${run.now}::timestamptz
      from run_renewals d
     where not exists (
             select 1 from renewals r
              where r.contract_id = d.contract_id and r.renewal_date = d.renewal_date
                and r.stage = d.stage and r.current_arr = d.current_arr::numeric(14, 2))
    on conflict (contract_id, renewal_date) do update
      set stage = excluded.stage, current_arr = excluded.current_arr, updated_at = ${run.now}
      where renewals.stage is distinct from excluded.stage
         or renewals.current_arr is distinct from excluded.current_arr`;
  // back to the batches' plans (`batchPlans`)
  await allowPlans(tx, { nestloop: false, hashjoin: true, mergejoin: true });
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
 * The planner settings the batches' writes are made for, on until `batchPlans(tx, false)`.
 * Every statement of a batch reads workflow_instances and run_facts by a range of customer
 * ids: through their indexes, however stale their statistics (the first run finds
 * workflow_instances empty by them, and it grows by a batch at a time), so each batch reads
 * its own customers' rows, never the whole table.
 */
export async function batchPlans(tx: TransactionSql, on: boolean): Promise<void> {
  await allowPlans(tx, { seqscan: !on, nestloop: !on });
}

/**
 * Bring a batch's workflow instances in line with today's decisions (run_decisions holds
 * the batch's): the open instance of the same customer, trigger and cycle is updated (a
 * renewal whose stage changed moves to the new type and records the move); a decision with
 * none is created, unless the CSM already completed that very workflow this cycle; open
 * instances of the batch's customers whose trigger no longer holds are closed. Work in
 * progress is never closed under the CSM; event workflows are left to their events.
 */
async function syncWorkflowInstances(
  tx: TransactionSql,
  now: Date,
  batch: CustomerRange,
): Promise<InstanceChanges> {
  const inBatch = tx`w.customer_id between ${batch.from} and ${batch.to}`;
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
       where ${inBatch}
    ),
    up as (
      update workflow_instances w
         set type = m.type, stage = m.stage, priority_score = m.priority_score,
             factors = m.factors, csm_id = m.csm_id, updated_on = m.updated_on,
             updated_at = m.updated_at,
             history = case when w.type <> m.type
               then w.history || jsonb_build_array(jsonb_build_object(
                 'on', m.updated_on, 'from', w.type, 'to', m.type, 'stage', m.stage))
               else w.history end
        from matched m
       -- the status as well: only open instances are indexed by customer (0021), and without
       -- it every batch's update read the whole table by its primary key
       where w.id = m.id and ${inBatch} and w.status in ${tx(OPEN)}
      returning w.customer_id, m.old_type, w.type
    )
    select (select external_id from customers where id = up.customer_id) as customer_id,
           up.old_type, up.type, null::int as n
      from up where up.old_type <> up.type
    union all
    select '', '', '', count(*)::int from up`;
  // No `on conflict`: the run's locks keep other daily runs off these customers and events
  // open only 'event' instances, so nothing else opens one of these meanwhile; if something
  // did, the unique index fails the run (rolled back, run again by its job), never doubles it.
  const created = await tx`
    insert into workflow_instances (
      company_id, customer_id, csm_id, type, trigger, cycle_key, stage, priority_score,
      factors, created_on, updated_on, created_at, updated_at)
    select d.company_id, d.customer_id, d.csm_id, d.type, d.trigger, d.cycle_key, d.stage,
           d.priority_score, d.factors, d.created_on, d.updated_on, d.created_at, d.updated_at
      from run_decisions d
     where not exists (
             select 1 from workflow_instances w
              where ${inBatch} and w.customer_id = d.customer_id and w.trigger = d.trigger
                and w.cycle_key = d.cycle_key and w.status in ${tx(OPEN)})
       and not exists (
             select 1 from workflow_instances w
              where ${inBatch} and w.customer_id = d.customer_id and w.trigger = d.trigger
                and w.cycle_key = d.cycle_key and w.type = d.type and w.status = 'completed')`;
  const closed = await tx`
    update workflow_instances w
       set status = 'closed', closed_at = ${now}, updated_at = ${now},
           closed_reason = 'trigger no longer holds'
      from run_facts s
     where s.customer_id between ${batch.from} and ${batch.to} and ${inBatch}
       and w.customer_id = s.customer_id and w.status in ('open', 'snoozed')
       and w.trigger <> 'event'
       and not exists (
             select 1 from run_decisions d
              where d.customer_id = w.customer_id and d.trigger = w.trigger
                and d.cycle_key = w.cycle_key)`;
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
