/**
 * usage.csv, the big file: streamed in bounded memory with a progress bar on a terminal,
 * and the plain upsert taken over when another writer adds the same days meanwhile.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPath } from '../src/import/index.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { lines, removeFolders, renubu, writeFolder } from './import-helpers.ts';

const ROWS = 200_000;
const CUSTOMERS = 548;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  const setup = await writeFolder({
    'csms.csv': lines('external_id,name,email', 'm1,Mia,mia@example.com'),
    'customers.csv': lines(
      'external_id,name,csm',
      ...Array.from({ length: CUSTOMERS }, (_, i) => `k${i},Customer ${i},m1`),
    ),
  });
  await importPath(db.sql, setup, { defaultTimezone: 'UTC' });
});
afterAll(async () => {
  await db.drop();
  await removeFolders();
});

async function writeUsage(file: string, rows: number) {
  const out = createWriteStream(file);
  out.write('customer,date,active_users,events\r\n');
  const start = Date.UTC(2023, 0, 1);
  for (let i = 0; i < rows; i++) {
    const day = new Date(start + Math.floor(i / CUSTOMERS) * 86_400_000).toISOString().slice(0, 10);
    if (!out.write(`k${i % CUSTOMERS},${day},${i % 97},${i % 1000}\r\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('a large usage.csv', () => {
  it('imports 200,000 rows, with a progress bar on a terminal, and re-imports as unchanged', async () => {
    const dir = await writeFolder({});
    await writeUsage(path.join(dir, 'usage.csv'), ROWS);

    const started = Date.now();
    const run = await renubu(['import', dir], db.url, { isTTY: true });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.status).toBe(0);
    expect(run.err).toMatch(/usage\.csv \[.*\] 100% \| 200,000 rows/);
    expect(run.out).toContain('200000 rows: 200000 inserted');
    const [count] = await db.sql`select count(*)::int as n from usage_daily`;
    expect(count?.n).toBe(ROWS);

    const again = await importPath(db.sql, dir, { defaultTimezone: 'UTC' });
    expect(again.entities[0]).toMatchObject({
      rows: ROWS,
      inserted: 0,
      updated: 0,
      unchanged: ROWS,
    });
  });

  it('prints no progress bar when stderr is not a terminal', async () => {
    const dir = await writeFolder({});
    await writeUsage(path.join(dir, 'usage.csv'), 50_000);
    const run = await renubu(['import', dir], db.url, { isTTY: false });
    expect(run.status).toBe(0);
    expect(run.err).toBe('');
    expect(run.out).toContain('50000 rows:');
  });
});

describe('usage written by someone else during the import', () => {
  it('falls back to the upsert and still counts right', async () => {
    const setup = await writeFolder({
      'customers.csv': lines('external_id,name,csm', 'r1,Race,m1'),
      'usage.csv': lines('customer,date,active_users', 'r1,2030-01-01,1', 'r1,2030-01-02,2'),
    });
    await importPath(db.sql, setup, { defaultTimezone: 'UTC' });
    // The first insert into usage_daily fails as if a usage event had just added that day.
    await db.sql.unsafe(`
      create sequence conflict_once;
      create function fail_once() returns trigger language plpgsql as $$
      begin
        if nextval('conflict_once') = 1 then
          raise exception 'duplicate key (simulated)' using errcode = 'unique_violation';
        end if;
        return new;
      end $$;
      create trigger fail_once before insert on usage_daily
        for each row execute function fail_once();`);
    try {
      const dir = await writeFolder({
        'usage.csv': lines(
          'customer,date,active_users',
          'r1,2030-01-01,1',
          'r1,2030-01-02,5',
          'r1,2030-01-03,3',
        ),
      });
      const report = await importPath(db.sql, dir, { defaultTimezone: 'UTC' });
      expect(report.entities[0]).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
      const [fired] = await db.sql`select last_value::int as n from conflict_once`;
      expect(fired?.n).toBeGreaterThan(1);
      const rows = await db.sql`
        select to_char(day, 'YYYY-MM-DD') as day, active_users from usage_daily u
          join customers c on c.id = u.customer_id where c.external_id = 'r1' order by day`;
      expect(rows).toEqual([
        { day: '2030-01-01', active_users: 1 },
        { day: '2030-01-02', active_users: 5 },
        { day: '2030-01-03', active_users: 3 },
      ]);
    } finally {
      await db.sql.unsafe(`
        drop trigger fail_once on usage_daily;
        drop function fail_once();
        drop sequence conflict_once;`);
    }
  });
});
