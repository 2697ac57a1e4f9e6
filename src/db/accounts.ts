/**
 * One account as the conversation's answers read it (PRODUCT.md §11): a customer of one
 * CSM's own book (never another CSM's, never another company's), its latest scores as of a
 * day (the same row and day arithmetic as the work queue's items), its contract (picked as
 * the daily run picks it) and its daily usage; and the CSM's renewals in a span of days.
 */
import type { Sql, TransactionSql } from './connection.ts';

type Db = Sql | TransactionSql;

/** Whose book: the CSM's own customers in the CSM's company. */
export interface BookScope {
  companyId: number;
  csmId: number;
}

export interface BookCustomer {
  /** customers.id */
  id: number;
  /** customers.external_id */
  customerId: string;
  name: string;
}

export interface AccountFacts {
  arr: number;
  /** The latest score row on or before the day, or null before the first daily run. */
  scores: {
    asOf: string;
    healthScore: number;
    riskScore: number;
    usageTrendPct: number;
    sentiment: 'positive' | 'neutral' | 'negative';
    stage: string | null;
    /** Counted from the day asked about, as every surface counts it. */
    daysToRenewal: number | null;
  } | null;
  /** The contract the daily run reads: the latest renewal date, an active one first. */
  contract: { renewalDate: string; arr: number; status: string } | null;
}

/** The CSM's customers (name and external id), for matching a name a CSM typed. */
export async function bookCustomers(sql: Db, scope: BookScope): Promise<BookCustomer[]> {
  return sql<BookCustomer[]>`
    select id::int, external_id as "customerId", name from customers
     where company_id = ${scope.companyId} and csm_id = ${scope.csmId}
     order by name, id`;
}

/** A customer of the CSM's own book by its external id, or null (also for another's). */
export async function findBookCustomer(
  sql: Db,
  scope: BookScope,
  customerId: string,
): Promise<BookCustomer | null> {
  const [row] = await sql<BookCustomer[]>`
    select id::int, external_id as "customerId", name from customers
     where company_id = ${scope.companyId} and csm_id = ${scope.csmId}
       and external_id = ${customerId}`;
  return row ?? null;
}

/** The account's ARR, latest scores as of `asOf` and contract. */
export async function loadAccountFacts(
  sql: Db,
  customer: number,
  asOf: string,
): Promise<AccountFacts> {
  const [row] = await sql<
    {
      arr: string;
      scores: NonNullable<AccountFacts['scores']> | null;
      contract: { renewalDate: string; arr: string; status: string } | null;
    }[]
  >`
    select c.arr,
           (select json_build_object(
                     'asOf', h.as_of::text, 'healthScore', h.health_score,
                     'riskScore', h.risk_score, 'usageTrendPct', h.usage_trend_pct,
                     'sentiment', h.sentiment, 'stage', h.stage,
                     'daysToRenewal', h.days_to_renewal - (${asOf}::date - h.as_of))
              from score_history h
             where h.customer_id = c.id and h.as_of <= ${asOf}::date
             order by h.as_of desc limit 1) as scores,
           (select json_build_object('renewalDate', k.renewal_date::text, 'arr', k.arr,
                                     'status', k.status)
              from contracts k where k.customer_id = c.id
             order by k.renewal_date desc, (k.status = 'active') desc, k.id desc
             limit 1) as contract
      from customers c where c.id = ${customer}`;
  if (!row) throw new Error(`no customer ${customer}`);
  return {
    arr: Number(row.arr),
    scores: row.scores,
    contract: row.contract && { ...row.contract, arr: Number(row.contract.arr) },
  };
}

/** Active users per day in [from, to), one entry per day that has a row. */
export async function loadUsageDays(
  sql: Db,
  customer: number,
  from: string,
  to: string,
): Promise<{ day: string; activeUsers: number }[]> {
  return sql<{ day: string; activeUsers: number }[]>`
    select day::text, active_users as "activeUsers" from usage_daily
     where customer_id = ${customer} and day >= ${from}::date and day < ${to}::date
     order by day`;
}

export interface RenewalRow {
  customerId: string;
  customerName: string;
  renewalDate: string;
  arr: number;
}

/**
 * The CSM's customers whose contract (the one the daily run reads) renews in [from, to),
 * soonest first.
 */
export async function loadRenewalsBetween(
  sql: Db,
  scope: BookScope,
  from: string,
  to: string,
): Promise<RenewalRow[]> {
  const rows = await sql<(Omit<RenewalRow, 'arr'> & { arr: string })[]>`
    select c.external_id as "customerId", c.name as "customerName",
           k.renewal_date::text as "renewalDate", c.arr
      from customers c
      join lateral (
        select renewal_date from contracts k where k.customer_id = c.id
         order by k.renewal_date desc, (k.status = 'active') desc, k.id desc limit 1
      ) k on true
     where c.company_id = ${scope.companyId} and c.csm_id = ${scope.csmId}
       and k.renewal_date >= ${from}::date and k.renewal_date < ${to}::date
     order by k.renewal_date, c.name, c.id`;
  return rows.map((row) => ({ ...row, arr: Number(row.arr) }));
}

/** A company's customer by its external id: customers.id, or null. */
export async function customerIdByExternalId(
  sql: Db,
  companyId: number,
  externalId: string,
): Promise<number | null> {
  const [row] = await sql<{ id: number }[]>`
    select id::int from customers where company_id = ${companyId} and external_id = ${externalId}`;
  return row?.id ?? null;
}
