/**
 * The daily run chooses some of its plans itself (`allowPlans`): each setting holds for the
 * rest of the transaction, and a pooled connection goes back with the server's defaults, so
 * no other statement on it is planned under the run's choices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql, type TransactionSql } from '../../src/db/connection.ts';
import { allowPlans } from '../../src/db/planner.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
let pool: Sql;

beforeAll(async () => {
  db = await createTestDatabase();
  // one connection: the statement after the transaction runs on the same session
  pool = await connect(db.url, 1);
});

afterAll(async () => {
  await pool.end();
  await db.drop();
});

const settings = async (sql: Sql | TransactionSql) =>
  (
    await sql<{ hashagg: string; nestloop: string; seqscan: string }[]>`
      select current_setting('enable_hashagg') as hashagg,
             current_setting('enable_nestloop') as nestloop,
             current_setting('enable_seqscan') as seqscan`
  )[0];

describe('allowPlans', () => {
  it('forbids and allows plan nodes in the transaction, and leaves the session as it was', async () => {
    await pool.begin(async (tx) => {
      await allowPlans(tx, { hashagg: false, nestloop: false });
      expect(await settings(tx)).toEqual({ hashagg: 'off', nestloop: 'off', seqscan: 'on' });
      await allowPlans(tx, { nestloop: true, seqscan: false });
      expect(await settings(tx)).toEqual({ hashagg: 'off', nestloop: 'on', seqscan: 'off' });
    });
    expect(await settings(pool)).toEqual({ hashagg: 'on', nestloop: 'on', seqscan: 'on' });
  });
});
