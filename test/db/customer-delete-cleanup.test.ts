/**
 * Migrations 0016 and 0018 dropped the keys of the score history, usage rollups, workflow
 * instances and renewal records to their customers (checked per row, a third of the daily
 * run); triggers on `customers` and `contracts` do what their cascade did: a deleted customer
 * takes its score history, usage rollups, instances and renewal records with it, a deleted
 * contract its renewal records, and the others keep theirs. The tenant purge waits for a
 * daily run of the company, so none writes rows of customers being deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/db/connection.ts';
import { DAILY_RUN_LOCK } from '../../src/db/daily-writes.ts';
import { purgeTenant } from '../../src/db/tenant-purge.ts';
import { runDaily } from '../../src/engine/daily-run.ts';
import { companyDay, seedOneCsmCompany } from '../helpers/daily-options.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
  await seedOneCsmCompany(sql, 3);
  await sql`
    insert into usage_daily (company_id, customer_id, day, active_users)
    select 1, c.id, date '2026-11-25' - d, 10 + d from customers c, generate_series(1, 60) d`;
  // in the preparation window: a renewal instance and a renewal record each
  await sql`
    insert into contracts (company_id, external_id, customer_id, start_date, renewal_date, arr, status)
    select 1, 'k-' || id, id, date '2025-12-20', date '2026-12-20', 50000, 'active' from customers`;
  for (const asOf of ['2026-11-24', '2026-11-25']) await runDaily(sql, companyDay(asOf));
});

afterAll(async () => {
  await db.drop();
});

async function rowsOf(customerId: number) {
  const [row] = await sql<
    { scores: number; rollups: number; instances: number; renewals: number }[]
  >`
    select (select count(*)::int from score_history where customer_id = ${customerId}) as scores,
           (select count(*)::int from usage_rollups where customer_id = ${customerId}) as rollups,
           (select count(*)::int from workflow_instances where customer_id = ${customerId})
             as instances,
           (select count(*)::int from renewals where customer_id = ${customerId}) as renewals`;
  return row!;
}

const KEPT = { scores: 2, rollups: 2, instances: 1, renewals: 1 };
/** With a completed and a closed instance besides. */
const KEPT_DONE = { ...KEPT, instances: 3 };
const NONE = { scores: 0, rollups: 0, instances: 0, renewals: 0 };

describe('deleting a customer', () => {
  it('takes its score history, rollups, instances and renewal records, and leaves the others', async () => {
    // beside its open renewal instance, a completed and a closed one (indexed apart, 0021)
    await sql`
      insert into workflow_instances (
        company_id, customer_id, csm_id, type, trigger, cycle_key, status, created_on, updated_on)
      select company_id, customer_id, csm_id, type, trigger, s || ':' || cycle_key, s,
             created_on, updated_on
        from workflow_instances, unnest(array['completed', 'closed']) s
       where customer_id in (1, 2)`;
    expect(await rowsOf(2)).toEqual(KEPT_DONE);
    await sql`delete from customers where id = 2`;
    expect(await rowsOf(2)).toEqual(NONE);
    expect(await rowsOf(1)).toEqual(KEPT_DONE);
    expect(await rowsOf(3)).toEqual(KEPT);
  });

  it('a deleted contract takes its renewal records with it', async () => {
    await sql`delete from contracts where customer_id = 3`;
    expect(await rowsOf(3)).toEqual({ ...KEPT, renewals: 0 });
    expect(await rowsOf(1)).toEqual(KEPT_DONE);
  });

  it('the purge waits for a daily run of the company, then leaves nothing in these tables', async () => {
    // a CSM's daily run holds the company's lock shared until it commits
    let settled = false;
    let purge: Promise<unknown> | undefined;
    await sql.begin(async (run) => {
      await run`select pg_advisory_xact_lock_shared(${DAILY_RUN_LOCK}, 1)`;
      purge = purgeTenant(sql, 1).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
    });
    await purge;
    const [left] = await sql<{ n: number }[]>`
      select (select count(*) from score_history)::int + (select count(*) from usage_rollups)::int
           + (select count(*) from workflow_instances)::int + (select count(*) from renewals)::int
             as n`;
    expect(left!.n).toBe(0);
  });
});
