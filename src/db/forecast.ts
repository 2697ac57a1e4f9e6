/**
 * What the forecast report (src/feedback/forecast.ts) needs, one set-based query per company:
 * each customer's current contract (the latest renewal date, as the daily run picks it) when
 * it is still `active`, the customer's ARR, the latest score_history row on or before the
 * as-of day, the renewal's proposed ARR, and the usage that seat utilisation is made of.
 */
import type { Sql, TransactionSql } from './connection.ts';

export interface ForecastFactsRow {
  customer_id: number;
  customer_external_id: string;
  customer_name: string;
  csm_id: number;
  csm_external_id: string;
  arr: number;
  seats: number;
  /** YYYY-MM-DD */
  renewal_date: string;
  contract_status: 'active' | 'renewed' | 'churned';
  /** renewal_date − as-of day, in days. */
  days_to_renewal: number;
  /** The day of the latest score row on or before the as-of day; null: never scored. */
  score_as_of: string | null;
  stage: string | null;
  risk_score: number | null;
  health_score: number | null;
  usage_trend_pct: number | null;
  /** Sum of daily active users over the `usageDays` days before the as-of day. */
  usage_last: number;
  proposed_arr: number | null;
}

/**
 * Every customer of `companyId` whose current contract is active, with the facts above,
 * ordered by renewal date. `usageDays` is the settings' usage window (30).
 */
export async function loadForecastFacts(
  sql: Sql | TransactionSql,
  options: { companyId: number; asOf: string; usageDays: number },
): Promise<ForecastFactsRow[]> {
  const { companyId, asOf, usageDays } = options;
  return sql<ForecastFactsRow[]>`
    with contract as (
      select distinct on (k.customer_id) k.id, k.customer_id, k.renewal_date, k.status
        from contracts k
       where k.company_id = ${companyId}
       order by k.customer_id, k.renewal_date desc, (k.status = 'active') desc, k.id desc
    ),
    usage as (
      select u.customer_id, sum(u.active_users)::float8 as last
        from usage_daily u
       where u.company_id = ${companyId}
         and u.day >= ${asOf}::date - ${usageDays}::int and u.day < ${asOf}::date
       group by u.customer_id
    )
    select c.id as customer_id, c.external_id as customer_external_id, c.name as customer_name,
           m.id as csm_id, m.external_id as csm_external_id, c.arr::float8 as arr, c.seats,
           k.renewal_date::text as renewal_date, k.status as contract_status,
           (k.renewal_date - ${asOf}::date)::int as days_to_renewal,
           h.as_of::text as score_as_of, h.stage, h.risk_score::float8 as risk_score,
           h.health_score::float8 as health_score, h.usage_trend_pct::float8 as usage_trend_pct,
           coalesce(usage.last, 0)::float8 as usage_last,
           r.proposed_arr::float8 as proposed_arr
      from contract k
      join customers c on c.id = k.customer_id
      join csms m on m.id = c.csm_id
      left join usage on usage.customer_id = c.id
      left join renewals r on r.contract_id = k.id and r.renewal_date = k.renewal_date
      left join lateral (
        select s.as_of, s.stage, s.risk_score, s.health_score, s.usage_trend_pct
          from score_history s
         where s.customer_id = c.id and s.as_of <= ${asOf}::date
         order by s.as_of desc limit 1
      ) h on true
     where k.status = 'active'
     order by k.renewal_date, c.external_id`;
}
