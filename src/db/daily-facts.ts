/**
 * What the daily run needs to know about each customer, aggregated in one set-based query
 * and streamed in batches: usage sums over the two 30-day windows, ticket sentiment and open
 * escalations, active champion and executive contacts, the current contract, and the oldest
 * health score of the last 30 days (to measure health decline).
 */
import { addDays, utcDay } from '../domain/dates.ts';
import type { Sql, TransactionSql } from './connection.ts';
import { allowPlans } from './planner.ts';

export interface CustomerFactsRow {
  customer_id: number;
  external_id: string;
  name: string;
  csm_id: number;
  csm_external_id: string;
  arr: number;
  seats: number;
  strategic: boolean;
  account_plan: string | null;
  /** YYYY-MM-DD: the run's date, or today in the CSM's time zone. */
  as_of: string;
  contract_id: number | null;
  contract_status: 'active' | 'renewed' | 'churned' | null;
  /** YYYY-MM-DD */
  renewal_date: string | null;
  contract_arr: number | null;
  usage_last30: number;
  usage_prev30: number;
  sentiment_mean: number | null;
  open_high_urgent: number;
  active_champions: number;
  active_executives: number;
  previous_health: number | null;
}

/** What scoring a customer reads: the facts row without the names, which only reports print. */
export type ScoringFactsRow = Omit<CustomerFactsRow, 'external_id' | 'name' | 'csm_external_id'>;

/** The rows `streamCustomerFacts` reads: every column, or those scoring needs. */
export type FactsRowOf<Columns extends 'all' | 'scoring'> = Columns extends 'all'
  ? CustomerFactsRow
  : ScoringFactsRow;

/**
 * The columns of `ScoringFactsRow`: a run that prints no customer reads these alone (three
 * strings fewer per customer to send, parse and collect).
 */
const SCORING_COLUMNS = [
  'customer_id',
  'csm_id',
  'arr',
  'seats',
  'strategic',
  'account_plan',
  'as_of',
  'contract_id',
  'contract_status',
  'renewal_date',
  'contract_arr',
  'usage_last30',
  'usage_prev30',
  'sentiment_mean',
  'open_high_urgent',
  'active_champions',
  'active_executives',
  'previous_health',
] as const satisfies readonly (keyof ScoringFactsRow)[];

export interface FactsScope {
  companyId: number;
  /** A fixed date for every CSM, or null: each CSM's own today at `now`. */
  asOf: string | null;
  now: Date;
  /** Only this CSM's customers (CSM id), or all. */
  csmId: number | null;
  /** Only this customer (customer id), or all (events score one customer). */
  customerId?: number | null;
  /**
   * The usage sums come from usage_rollups (src/db/usage-rollups.ts): only when they cover
   * every as-of day of the scope for the run's window length (`rollupsCover`).
   */
  usageRollups?: boolean;
  /** Only the customers with ids in this range (a part of a split run), or all. */
  range?: CustomerRange | null;
}

/** Customers by id, from `from` to `to`, both included (batches and parts of a run). */
export interface CustomerRange {
  from: number;
  to: number;
}

export interface UsageWindows {
  /** Days in each usage window (PRODUCT.md §3: 30). */
  usageDays: number;
  /** Days of tickets that count for sentiment (90). */
  sentimentDays: number;
  /** How far back health decline looks (30). */
  healthLookbackDays: number;
}

/** How many customers a run over `scope` covers (for progress). */
export async function countCustomers(sql: Sql, scope: FactsScope): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from customers
     where company_id = ${scope.companyId}
       and (${scope.csmId}::bigint is null or csm_id = ${scope.csmId})
       and (${scope.customerId ?? null}::bigint is null or id = ${scope.customerId ?? null})`;
  return row?.n ?? 0;
}

/**
 * A batch's write: its COPYs and statements, sent behind the read of the next page on the
 * connection, so the server answers that read first and the next page is worked on here while
 * the server takes the write.
 */
export type BatchWrite = () => Promise<void>;

/**
 * Stream every customer's facts in batches, ordered by customer id. The facts of all
 * customers are first aggregated into a temp table in one set-based statement, then read
 * back in keyset pages, so the caller may write on the same transaction between batches.
 *
 * `columns`: 'scoring' reads the columns scoring needs, 'all' the names too (for reports).
 * `onBatch` works on a page and returns the page's write; the write starts once the write
 * before it is done, right behind the read of the next page (`BatchWrite`): while the server
 * takes one page's write, the caller already works on the next page.
 */
export async function streamCustomerFacts<Columns extends 'all' | 'scoring'>(
  tx: TransactionSql,
  scope: FactsScope,
  windows: UsageWindows,
  columns: Columns,
  onBatch: (rows: FactsRowOf<Columns>[]) => Promise<BatchWrite>,
  batchSize = 5000,
  onAggregated?: () => Promise<void>,
): Promise<void> {
  type Row = FactsRowOf<Columns>;
  await aggregateFacts(tx, scope, windows);
  await onAggregated?.();
  const selected = columns === 'all' ? tx`*` : tx([...SCORING_COLUMNS]);
  const page = (after: number) => tx<Row[]>`
    select ${selected} from run_facts where customer_id > ${after}
     order by customer_id limit ${batchSize}`;
  let writing: Promise<void> = Promise.resolve();
  let rows: Row[] = await page(0);
  try {
    while (rows.length > 0) {
      const write = await onBatch(rows);
      await writing;
      const after = rows.length < batchSize ? null : rows.at(-1)!.customer_id;
      // The next page is asked for ahead of this write's statements on the connection: it
      // comes back at once and is worked on while the server takes the write.
      const next = after === null ? Promise.resolve([]) : page(after);
      writing = write();
      // a write failing while the page is awaited is seen below, not as unhandled
      writing.catch(() => undefined);
      rows = await next;
    }
  } finally {
    // never leave a write running on the connection, even when a batch failed
    await writing.catch(() => undefined);
  }
  await writing;
}

/**
 * One customer's facts from the same query the daily run aggregates, read directly (no temp
 * table): an event scores its customer exactly as the daily run would. Null when the
 * customer is not in the scope's company.
 */
export async function loadCustomerFacts(
  tx: TransactionSql,
  scope: Omit<FactsScope, 'customerId' | 'csmId'>,
  customerId: number,
  windows: UsageWindows,
): Promise<CustomerFactsRow | null> {
  const [row] = await tx<
    CustomerFactsRow[]
  >`${factsQuery(tx, { ...scope, csmId: null, customerId }, windows)}`;
  return row ?? null;
}

async function aggregateFacts(tx: TransactionSql, scope: FactsScope, windows: UsageWindows) {
  // Every input is keyed by customer and has an index on it: read in customer order, grouped
  // and merged as it streams (at a million customers 7 s, where hashing each input's million
  // groups took 10-12 s). Hashes come back on for the rest of the run.
  await allowPlans(tx, { hashagg: false, hashjoin: false });
  await tx`create temp table run_facts on commit drop as ${factsQuery(tx, scope, windows)}`;
  await allowPlans(tx, { hashagg: true, hashjoin: true });
  // No ANALYZE (0.6 s at a million customers): every later statement reads run_facts by its
  // key, a page or a batch's range at a time (src/db/daily-writes.ts `batchPlans`), and the
  // planner sizes the table by its pages.
  await tx`alter table run_facts add primary key (customer_id)`;
}

/**
 * Daily active users summed over the two usage windows before each customer's as-of day.
 * The scan is bounded by a date range first (usage_daily keeps growing), and with one as-of
 * day for everyone it aggregates without joining each row to its customer: at a million
 * customers this is most of the daily run's time.
 */
function usageAggregate(tx: TransactionSql, scope: FactsScope, usageDays: number) {
  const filtered = scope.csmId != null || scope.customerId != null;
  if (scope.usageRollups) return usageFromRollups(tx, scope, usageDays, filtered);
  const inRange = rangeOf(tx, scope, tx`u`);
  if (scope.asOf) {
    const from = addDays(scope.asOf, -2 * usageDays);
    const split = addDays(scope.asOf, -usageDays);
    return tx`
      select u.customer_id,
             sum(u.active_users) filter (where u.day >= ${split}::date) as last30,
             sum(u.active_users) filter (where u.day < ${split}::date) as prev30
        from usage_daily u
       where u.company_id = ${scope.companyId}
         and u.day >= ${from}::date and u.day < ${scope.asOf}::date ${inRange}
         and (${!filtered}::boolean or u.customer_id in (select id from cust))
       group by u.customer_id`;
  }
  // Each CSM's today is within a day of today in UTC, whatever the zone.
  const today = utcDay(scope.now);
  return tx`
    select u.customer_id,
           sum(u.active_users) filter (where u.day >= cust.as_of - ${usageDays}::int) as last30,
           sum(u.active_users) filter (where u.day < cust.as_of - ${usageDays}::int) as prev30
      from usage_daily u join cust on cust.id = u.customer_id
     where u.company_id = ${scope.companyId}
       and u.day >= ${addDays(today, -1 - 2 * usageDays)}::date
       and u.day < ${addDays(today, 2)}::date
       and u.day >= cust.as_of - ${2 * usageDays}::int and u.day < cust.as_of ${inRange}
     group by u.customer_id`;
}

/** The same sums read from the rollups: one row per customer (one indexed range scan). */
function usageFromRollups(
  tx: TransactionSql,
  scope: FactsScope,
  usageDays: number,
  filtered: boolean,
) {
  const inRange = rangeOf(tx, scope, tx`r`);
  if (scope.asOf) {
    return tx`
      select r.customer_id, r.last_sum as last30, r.prev_sum as prev30
        from usage_rollups r
       where r.company_id = ${scope.companyId} and r.window_days = ${usageDays}
         and r.as_of = ${scope.asOf}::date ${inRange}
         and (${!filtered}::boolean or r.customer_id in (select id from cust))`;
  }
  // Each CSM's today is within a day of today in UTC, whatever the zone.
  const today = utcDay(scope.now);
  return tx`
    select r.customer_id, r.last_sum as last30, r.prev_sum as prev30
      from usage_rollups r join cust on cust.id = r.customer_id and cust.as_of = r.as_of
     where r.company_id = ${scope.companyId} and r.window_days = ${usageDays}
       and r.as_of >= ${addDays(today, -1)}::date and r.as_of <= ${addDays(today, 1)}::date
       ${inRange}`;
}

/** `and <alias>.customer_id between …` for a scope limited to a range of customers, else nothing. */
function rangeOf(tx: TransactionSql, scope: FactsScope, alias: ReturnType<TransactionSql>) {
  const { range } = scope;
  return range ? tx`and ${alias}.customer_id between ${range.from} and ${range.to}` : tx``;
}

/**
 * The as-of days of the scope's customers: the fixed one, or each CSM's today at `now`
 * (those of every CSM in scope, a superset of their customers').
 */
export async function scopeAsOfs(sql: Sql, scope: FactsScope): Promise<string[]> {
  if (scope.asOf) return [scope.asOf];
  const rows = await sql<{ as_of: string }[]>`
    select distinct (${scope.now}::timestamptz at time zone m.timezone)::date::text as as_of
      from csms m
     where m.company_id = ${scope.companyId}
       and (${scope.csmId}::bigint is null or m.id = ${scope.csmId})`;
  return rows.map((row) => row.as_of);
}

/** The facts of every customer in `scope`, one row each (a query fragment). */
function factsQuery(tx: TransactionSql, scope: FactsScope, windows: UsageWindows) {
  const { usageDays, sentimentDays, healthLookbackDays } = windows;
  // One customer gets its own statement text (no `$n is null or …`): its plan is cached
  // generic, where the catch-all form is re-planned per call (1.5 ms of planning per event).
  const customerId = scope.customerId ?? null;
  // With one as-of day for the whole company, each aggregate reads its table by company and
  // that day, without joining each row to its customer first (the final join keeps the
  // scope's customers): for a CSM, a customer or each CSM's own day, the rows are joined to
  // `cust` for its customers and their as-of days.
  const wholeCompany = scope.asOf !== null && scope.csmId === null && customerId === null;
  const asOf = wholeCompany ? tx`${scope.asOf}::date` : tx`cust.as_of`;
  const inCompany = (alias: ReturnType<typeof tx>) =>
    wholeCompany
      ? tx`where ${alias}.company_id = ${scope.companyId} ${rangeOf(tx, scope, alias)}`
      : tx`join cust on cust.id = ${alias}.customer_id where true ${rangeOf(tx, scope, alias)}`;
  return tx`
    with cust as not materialized (
      select c.id, c.external_id, c.name, c.csm_id, m.external_id as csm_external_id,
             c.arr, c.seats, c.strategic, c.account_plan,
             coalesce(${scope.asOf}::date, (${scope.now}::timestamptz at time zone m.timezone)::date) as as_of
        from customers c
        join csms m on m.id = c.csm_id
       where c.company_id = ${scope.companyId}
         and (${scope.csmId}::bigint is null or c.csm_id = ${scope.csmId})
         ${customerId === null ? tx`` : tx`and c.id = ${customerId}`}
         ${scope.range ? tx`and c.id between ${scope.range.from} and ${scope.range.to}` : tx``}
    ),
    contract as (
      select distinct on (k.customer_id) k.customer_id, k.id, k.status, k.renewal_date, k.arr
        from contracts k ${inCompany(tx`k`)}
       order by k.customer_id, k.renewal_date desc, (k.status = 'active') desc, k.id desc
    ),
    usage as (${usageAggregate(tx, scope, usageDays)}),
    ticket as (
      select t.customer_id,
             avg(t.sentiment) filter (
               where t.opened_at >= (${asOf} - ${sentimentDays}::int)::timestamptz
                 and t.opened_at < ${asOf}::timestamptz
             ) as sentiment_mean,
             count(*) filter (
               where t.status <> 'solved' and t.priority in ('high', 'urgent')
             ) as open_high_urgent
        from tickets t ${inCompany(tx`t`)}
         and t.opened_at < (${asOf} + 1)::timestamptz
       group by t.customer_id
    ),
    contact as (
      select p.customer_id,
             count(*) filter (where p.role = 'champion') as champions,
             count(*) filter (where p.role = 'executive') as executives
        from contacts p ${inCompany(tx`p`)}
         and p.active
       group by p.customer_id
    ),
    history as (
      select distinct on (h.customer_id) h.customer_id, h.health_score
        from score_history h ${inCompany(tx`h`)}
         and h.as_of >= ${asOf} - ${healthLookbackDays}::int and h.as_of < ${asOf}
       order by h.customer_id, h.as_of
    )
    select cust.id as customer_id, cust.external_id, cust.name, cust.csm_id, cust.csm_external_id,
           cust.arr, cust.seats, cust.strategic, cust.account_plan, cust.as_of::text as as_of,
           contract.id as contract_id, contract.status as contract_status,
           contract.renewal_date::text as renewal_date, contract.arr as contract_arr,
           coalesce(usage.last30, 0)::float8 as usage_last30,
           coalesce(usage.prev30, 0)::float8 as usage_prev30,
           ticket.sentiment_mean::float8 as sentiment_mean,
           coalesce(ticket.open_high_urgent, 0)::int as open_high_urgent,
           coalesce(contact.champions, 0)::int as active_champions,
           coalesce(contact.executives, 0)::int as active_executives,
           history.health_score::float8 as previous_health
      from cust
      left join contract on contract.customer_id = cust.id
      left join usage on usage.customer_id = cust.id
      left join ticket on ticket.customer_id = cust.id
      left join contact on contact.customer_id = cust.id
      left join history on history.customer_id = cust.id
  `;
}
