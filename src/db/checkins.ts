/**
 * forecast_checkins (migrations/0006): the model's call per renewal and week beside the
 * CSM's answer, and the few facts the check-in needs that the forecast query does not carry.
 */
import type { Sql, TransactionSql } from './connection.ts';

type Call = 'commit' | 'at_risk' | 'upside';

export interface CheckinFactsRow {
  customer_external_id: string;
  contract_id: number;
  opportunity_score: number | null;
}

/**
 * Each customer's current contract (chosen as src/db/forecast.ts does) when it is active,
 * with the opportunity score of the latest score row on or before `asOf`.
 */
export async function loadCheckinFacts(
  sql: Sql | TransactionSql,
  companyId: number,
  asOf: string,
): Promise<CheckinFactsRow[]> {
  return sql<CheckinFactsRow[]>`
    with contract as (
      select distinct on (k.customer_id) k.id, k.customer_id, k.status
        from contracts k
       where k.company_id = ${companyId}
       order by k.customer_id, k.renewal_date desc, (k.status = 'active') desc, k.id desc
    )
    select c.external_id as customer_external_id, k.id::int as contract_id,
           (select s.opportunity_score::float8 from score_history s
             where s.customer_id = c.id and s.as_of <= ${asOf}::date
             order by s.as_of desc limit 1) as opportunity_score
      from contract k join customers c on c.id = k.customer_id
     where k.status = 'active'`;
}

export interface NewCheckin {
  companyId: number;
  csmId: number;
  contractId: number;
  week: string;
  modelCall: Call;
}

/** Insert the week's rows once (a re-run keeps the first call); the ids of all of them. */
export async function saveCheckins(
  sql: Sql | TransactionSql,
  rows: readonly NewCheckin[],
): Promise<number[]> {
  const ids: number[] = [];
  for (const row of rows) {
    const [saved] = await sql<{ id: number }[]>`
      insert into forecast_checkins (company_id, csm_id, contract_id, week, model_call)
      values (${row.companyId}, ${row.csmId}, ${row.contractId}, ${row.week}, ${row.modelCall})
      on conflict (contract_id, week) do update set week = excluded.week
      returning id::int as id`;
    ids.push(saved!.id);
  }
  return ids;
}

export interface CheckinRow {
  id: number;
  company_id: number;
  csm_id: number;
  week: string;
  customer_external_id: string;
  customer_name: string;
  csm_external_id: string;
  arr: number;
  renewal_date: string;
  model_call: Call;
  answer: Call | null;
}

const columns = (sql: Sql | TransactionSql) => sql`
  f.id::int as id, f.company_id::int as company_id, f.csm_id::int as csm_id, f.week,
  c.external_id as customer_external_id, c.name as customer_name,
  m.external_id as csm_external_id, k.arr::float8 as arr, k.renewal_date::text as renewal_date,
  f.model_call, f.answer`;

/** One CSM's check-ins of a week, soonest renewal first. */
export async function checkinsOfWeek(
  sql: Sql | TransactionSql,
  csmId: number,
  week: string,
): Promise<CheckinRow[]> {
  return sql<CheckinRow[]>`
    select ${columns(sql)}
      from forecast_checkins f join contracts k on k.id = f.contract_id
      join customers c on c.id = k.customer_id join csms m on m.id = f.csm_id
     where f.csm_id = ${csmId} and f.week = ${week}
     order by k.renewal_date, c.external_id`;
}

/**
 * Record a CSM's answer on their own row. `found` false: no such row of this CSM; `changed`
 * false: it already had this answer (a second click changes nothing, answered_at included).
 */
export async function answerCheckin(
  sql: Sql | TransactionSql,
  input: { id: number; csmId: number; answer: Call; now: Date },
): Promise<{ found: boolean; changed: boolean; week: string | null }> {
  const [row] = await sql<{ week: string; changed: boolean }[]>`
    with mine as (
      select id, week, answer from forecast_checkins
       where id = ${input.id} and csm_id = ${input.csmId} for update
    ), updated as (
      update forecast_checkins f set answer = ${input.answer}, answered_at = ${input.now}
        from mine where f.id = mine.id and mine.answer is distinct from ${input.answer}
      returning f.id
    )
    select mine.week, exists (select 1 from updated) as changed from mine`;
  if (!row) return { found: false, changed: false, week: null };
  return { found: true, changed: row.changed, week: row.week };
}

/** Per contract, its latest check-in of a week up to `week`: what the report shows. */
export async function latestCheckins(
  sql: Sql | TransactionSql,
  companyId: number,
  week: string,
): Promise<CheckinRow[]> {
  return sql<CheckinRow[]>`
    select * from (
      select distinct on (f.contract_id) ${columns(sql)}
        from forecast_checkins f join contracts k on k.id = f.contract_id
        join customers c on c.id = k.customer_id join csms m on m.id = f.csm_id
       where f.company_id = ${companyId} and f.week <= ${week}
       order by f.contract_id, f.week desc
    ) latest order by renewal_date, customer_external_id`;
}
