/**
 * The daily run's temp tables want 128 MB of local buffers (`createRunTables`), a setting a
 * session takes only before its first temp table. A pooled connection that has had one
 * already runs the daily run all the same, with the buffers it has; a fresh one gets them
 * and keeps them for the next runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from '../../src/db/connection.ts';
import { runDaily } from '../../src/engine/daily-run.ts';
import { companyDay, seedOneCsmCompany } from '../helpers/daily-options.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
const pools: Sql[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedOneCsmCompany(db.sql, 5);
});

afterAll(async () => {
  for (const pool of pools) await pool.end();
  await db.drop();
});

/** A pool of one connection, so every statement goes through the same session. */
async function onePool() {
  const pool = await connect(db.url, 1);
  pools.push(pool);
  return pool;
}

const tempBuffers = async (pool: Sql) =>
  (await pool<{ temp_buffers: string }[]>`show temp_buffers`)[0]!.temp_buffers;

describe("the daily run's local buffers", () => {
  it('are set on a session without temp tables, and kept for its next runs', async () => {
    const pool = await onePool();
    expect(await tempBuffers(pool)).toBe('8MB');
    expect((await runDaily(pool, companyDay('2026-11-25'))).customers).toBe(5);
    expect(await tempBuffers(pool)).toBe('128MB');
    expect((await runDaily(pool, companyDay('2026-11-26'))).customers).toBe(5);
  });

  it('stay as they are on a session that had a temp table, and the run goes on', async () => {
    const pool = await onePool();
    await pool.begin(async (tx) => {
      await tx`create temp table scratch (n int) on commit drop`;
      await tx`insert into scratch values (1)`;
    });
    expect((await runDaily(pool, companyDay('2026-11-27'))).customers).toBe(5);
    expect(await tempBuffers(pool)).toBe('8MB');
  });
});
