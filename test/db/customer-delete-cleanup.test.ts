/**
 * Migration 0016 dropped the score history's key to customers and the usage rollups' key to
 * companies (checked per row, a third of the daily run); a trigger on `customers` does what
 * their cascade did: a deleted customer takes its score history and usage rollups with it,
 * and the other customers keep theirs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/db/connection.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/index.ts';
import { runDaily } from '../../src/engine/daily-run.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
  await sql`insert into companies (external_id, name) values ('acme', 'Acme')`;
  await sql`
    insert into csms (company_id, external_id, name, email, timezone)
    values (1, 'csm-1', 'CSM 1', 'csm1@acme.test', 'UTC')`;
  await sql`
    insert into customers (company_id, external_id, name, csm_id, arr, seats)
    select 1, 'cust-' || i, 'Customer ' || i, 1, 50000, 20 from generate_series(1, 3) i`;
  await sql`
    insert into usage_daily (company_id, customer_id, day, active_users)
    select 1, c.id, date '2026-11-25' - d, 10 + d from customers c, generate_series(1, 60) d`;
  for (const asOf of ['2026-11-24', '2026-11-25']) {
    await runDaily(sql, {
      companyId: 1,
      asOf,
      now: new Date(`${asOf}T06:00:00Z`),
      csmId: null,
      dryRun: false,
      settings: DEFAULT_SETTINGS,
    });
  }
});

afterAll(async () => {
  await db.drop();
});

async function rowsOf(customerId: number) {
  const [row] = await sql<{ scores: number; rollups: number }[]>`
    select (select count(*)::int from score_history where customer_id = ${customerId}) as scores,
           (select count(*)::int from usage_rollups where customer_id = ${customerId}) as rollups`;
  return row!;
}

describe('deleting a customer', () => {
  it('takes its score history and usage rollups with it, and leaves the others', async () => {
    expect(await rowsOf(2)).toEqual({ scores: 2, rollups: 2 });
    await sql`delete from customers where id = 2`;
    expect(await rowsOf(2)).toEqual({ scores: 0, rollups: 0 });
    expect(await rowsOf(1)).toEqual({ scores: 2, rollups: 2 });
    expect(await rowsOf(3)).toEqual({ scores: 2, rollups: 2 });
  });

  it('with its company: nothing of the company is left in either table', async () => {
    await sql`delete from companies where id = 1`;
    const [left] = await sql<{ n: number }[]>`
      select (select count(*) from score_history)::int + (select count(*) from usage_rollups)::int as n`;
    expect(left!.n).toBe(0);
  });
});
