/**
 * The daily run's tests' common ground: the options of a run of a whole company on a day,
 * at 06:00 UTC, with the default settings (tests add what they vary: batch size, parts,
 * progress), and a small company to run it on.
 */
import type { Sql } from '../../src/db/connection.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/index.ts';
import type { DailyRunOptions } from '../../src/engine/daily-run.ts';

export function companyDay(
  asOf: string,
  more: Partial<DailyRunOptions> = {},
  companyId = 1,
): DailyRunOptions {
  return {
    companyId,
    asOf,
    now: new Date(`${asOf}T06:00:00Z`),
    csmId: null,
    dryRun: false,
    settings: DEFAULT_SETTINGS,
    ...more,
  };
}

/** Company 1 ('acme') with one CSM in UTC and `customers` customers cust-1… (ARR 50,000, 20 seats). */
export async function seedOneCsmCompany(sql: Sql, customers: number): Promise<void> {
  await sql`insert into companies (external_id, name) values ('acme', 'Acme')`;
  await sql`
    insert into csms (company_id, external_id, name, email, timezone)
    values (1, 'csm-1', 'CSM 1', 'csm1@acme.test', 'UTC')`;
  await sql`
    insert into customers (company_id, external_id, name, csm_id, arr, seats)
    select 1, 'cust-' || i, 'Customer ' || i, 1, 50000, 20 from generate_series(1, ${customers}) i`;
}
