import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { captureOutput } from '../../test/helpers/output.ts';
import { runCli } from '../cli/index.ts';
import { connect } from './connection.ts';
import { listMigrations, migrate } from './migrate.ts';

describe('migrate', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
  });
  afterAll(() => db.drop());

  it('applies every migration once, in order, and records each', async () => {
    const all = (await listMigrations()).map((m) => m.id);
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(await migrate(db.sql)).toEqual(all);
    expect(await migrate(db.sql)).toEqual([]);
    const rows = await db.sql<{ id: string }[]>`select id from schema_migrations order by id`;
    expect(rows.map((r) => r.id)).toEqual(all);
  });

  it('creates the tables of PRODUCT.md §2 and agenda_jobs', async () => {
    const rows = await db.sql<{ table_name: string }[]>`
      select table_name from information_schema.tables where table_schema = 'public'`;
    const tables = rows.map((r) => r.table_name);
    for (const table of [
      'companies',
      'csms',
      'customers',
      'contracts',
      'contract_terms',
      'renewals',
      'tasks',
      'events',
      'contacts',
      'usage_daily',
      'tickets',
      'workflow_definitions',
      'workflow_instances',
      'workflow_executions',
      'workflow_step_states',
      'workflow_step_actions',
      'score_history',
      'execution_metrics',
      'outbox',
      'slack_installations',
      'agenda_jobs',
    ]) {
      expect(tables).toContain(table);
    }
  });

  it('lets two processes migrate at once without harm', async () => {
    const fresh = await createTestDatabase({ empty: true });
    try {
      const other = await connect(fresh.url, 2);
      const [a, b] = await Promise.all([migrate(fresh.sql), migrate(other)]);
      await other.end();
      expect([...a, ...b].sort()).toEqual((await listMigrations()).map((m) => m.id));
    } finally {
      await fresh.drop();
    }
  });

  it('rolls back a failing migration whole and names it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-mig-'));
    await fs.writeFile(path.join(dir, '0001_ok.sql'), 'create table ok_table (id int);');
    await fs.writeFile(
      path.join(dir, '0002_bad.sql'),
      'create table half_done (id int); select * from no_such_table;',
    );
    const fresh = await createTestDatabase({ empty: true });
    try {
      await expect(migrate(fresh.sql, dir)).rejects.toThrow(/0002_bad failed and was rolled back/);
      const [half] = await fresh.sql`select to_regclass('half_done') as t`;
      expect(half?.t).toBeNull();
      const applied = await fresh.sql`select id from schema_migrations`;
      expect(applied.map((r) => r.id)).toEqual(['0001_ok']);
    } finally {
      await fresh.drop();
      await fs.rm(dir, { recursive: true });
    }
  });

  it('refuses a database migrated by a newer Renubu, in migrate and every other command', async () => {
    const newer = await createTestDatabase();
    const refusal =
      'The database has migration 0042_from_the_future that this Renubu does not know; it was ' +
      'migrated by a newer version. Upgrade Renubu.';
    try {
      await newer.sql`insert into schema_migrations (id) values ('0042_from_the_future')`;
      await expect(migrate(newer.sql)).rejects.toThrow(refusal);
      for (const args of [['migrate'], ['daily-run', '--dry-run'], ['outbox', 'list']]) {
        const out = captureOutput();
        const err = captureOutput();
        const code = await runCli(args, {
          env: { DATABASE_URL: newer.url },
          cwd: '/tmp',
          out,
          err,
        });
        expect({ args, code, out: out.text(), err: err.text() }).toEqual({
          args,
          code: 1,
          out: '',
          err: `${refusal}\n`,
        });
      }
    } finally {
      await newer.drop();
    }
  });
});
