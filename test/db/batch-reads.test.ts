/**
 * Each batch of the daily run reads its own customers' workflow instances, never the whole
 * table: the reads of a run grow with its customers, not with customers times batches. The
 * benchmark found a batch statement planned as a scan of every instance by the primary key
 * (a million customers: 40 s for one day's updates) when the index it had relied on went;
 * this counts the rows a next-day run reads from workflow_instances, in batches of five.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from '../../src/db/connection.ts';
import { runDaily } from '../../src/engine/daily-run.ts';
import { companyDay, seedOneCsmCompany } from '../helpers/daily-options.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const CUSTOMERS = 300;

let db: TestDatabase;
let pool: Sql;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedOneCsmCompany(db.sql, CUSTOMERS);
  // every customer in its preparation window: an open renewal instance each, every day
  await db.sql`
    insert into contracts (company_id, external_id, customer_id, start_date, renewal_date, arr, status)
    select 1, 'k-' || id, id, date '2025-12-20', date '2026-12-20', 50000, 'active' from customers`;
  // one connection: the run's statistics are flushed by the session the test reads them on
  pool = await connect(db.url, 1);
});

afterAll(async () => {
  await pool.end();
  await db.drop();
});

/** Rows read from workflow_instances so far, by scans and by index, as the server counts them. */
async function instanceReads(): Promise<number> {
  await pool`select pg_stat_force_next_flush()`;
  const [row] = await pool<{ n: number }[]>`
    select (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::int as n
      from pg_stat_user_tables where relname = 'workflow_instances'`;
  return row!.n;
}

describe("the daily run's batches", () => {
  it('read their own instances, not the whole table each', async () => {
    await runDaily(pool, companyDay('2026-11-25', { batchSize: 5 }));
    const before = await instanceReads();
    const run = await runDaily(pool, companyDay('2026-11-26', { batchSize: 5 }));
    expect(run.changes.updated).toBe(CUSTOMERS);
    const reads = (await instanceReads()) - before;
    // some fifteen reads of each instance (the check, the update, the insert's and the
    // close's look-ups, the summaries, the outcomes); a scan of the table per batch adds 60
    // batches times 300 instances
    expect(reads).toBeLessThan(30 * CUSTOMERS);
  });
});
