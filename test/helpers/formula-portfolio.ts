/**
 * A portfolio made by formula (hashes of ids), the same in every database: one company, its
 * CSMs spread over `zones` (Slack ids U0CSM1…), customers dealt to them in turn, a contract,
 * a champion and a ticket each, and 62 days of usage before 26 November 2026.
 */
import type { Sql } from '../../src/db/connection.ts';

export interface PortfolioSize {
  csms: number;
  customers: number;
  zones: readonly string[];
}

export async function seedFormulaPortfolio(sql: Sql, size: PortfolioSize): Promise<void> {
  const { csms, customers, zones } = size;
  await sql`insert into companies (external_id, name) values ('acme', 'Acme')`;
  await sql`
    insert into csms (company_id, external_id, name, email, timezone, slack_user_id)
    select 1, 'csm-' || i, 'CSM ' || i, 'csm' || i || '@acme.test',
           (${zones}::text[])[1 + i % ${zones.length}], 'U0CSM' || i
      from generate_series(1, ${csms}) i`;
  await sql`
    insert into customers (company_id, external_id, name, csm_id, arr, seats, account_plan, strategic)
    select 1, 'cust-' || i, 'Customer ' || i, 1 + (i - 1) % ${csms},
           (5000 + (hashint4(i) & 1023) * 500)::numeric, 10 + (hashint4(i * 7) & 63),
           (array['maintain', 'invest', 'expand', 'at_risk'])[1 + (hashint4(i * 3) & 3)],
           (hashint4(i * 11) & 7) = 0
      from generate_series(1, ${customers}) i`;
  await sql`
    insert into contracts (company_id, external_id, customer_id, start_date, renewal_date, arr, status)
    select 1, 'k-' || id, id, date '2026-01-01', date '2026-11-10' + (hashint4(id::int * 13) & 255),
           arr, 'active'
      from customers`;
  await sql`
    insert into contacts (company_id, external_id, customer_id, name, role, active)
    select 1, 'p-' || id, id, 'Champion', 'champion', (hashint4(id::int * 19) & 3) <> 0
      from customers`;
  await sql`
    insert into tickets (company_id, external_id, customer_id, opened_at, priority, status, sentiment)
    select 1, 't-' || id, id, date '2026-11-20' - (hashint4(id::int * 23) & 63),
           (array['low', 'normal', 'high', 'urgent'])[1 + (hashint4(id::int * 29) & 3)],
           (array['open', 'pending', 'solved', 'solved'])[1 + (hashint4(id::int * 31) & 3)],
           ((hashint4(id::int * 37) & 200) - 100) / 100.0
      from customers`;
  await sql`
    insert into usage_daily (company_id, customer_id, day, active_users)
    select 1, c.id, date '2026-11-26' - d,
           greatest(0, (c.seats * (0.3 + ((hashint4(c.id::int * 41) & 127) / 100.0) * (d / 62.0)))::int)
      from customers c, generate_series(1, 62) d`;
}
