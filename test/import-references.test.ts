/**
 * Import keeps what is good (issue 15 item 7): one bad customer row leaves out only the rows
 * that point at it. Rows for a customer already stored are kept, even when that customer's
 * own row in this import was rejected or its file was not written; rows for a good new
 * customer are kept with --skip-invalid; and the report names every row left out, the key
 * it points at and why that row was rejected.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from './helpers/db.ts';
import { badRowLines, lines, renubu, useImportDatabase, writeFolder } from './import-helpers.ts';

const database = useImportDatabase();
let db: TestDatabase;
beforeAll(() => {
  db = database();
});
beforeEach(async () => {
  await db.sql`truncate companies cascade`;
  // stored before: CSM m1 and customer k-stored
  const first = await writeFolder({
    'csms.csv': lines('external_id,name,email', 'm1,Mia,mia@example.com'),
    'customers.csv': lines('external_id,name,csm,arr,seats', 'k-stored,Stored,m1,1000,5'),
  });
  expect((await renubu(['import', first], db.url)).status).toBe(0);
});

const CUSTOMERS = lines(
  'external_id,name,csm,arr,seats',
  'C-123,Bad Arr,m1,lots,5',
  'k-new,New Co,m1,2000,5',
  'k-stored,Stored Again,m1,1000,many',
);
const C123 =
  'customer "C-123" was rejected on customers.csv:2 (arr: expected a non-negative number, got "lots")';

async function externalIds(table: 'contracts' | 'customers') {
  const rows = await db.sql<{ external_id: string }[]>`
    select external_id from ${db.sql(table)} order by external_id`;
  return rows.map((row) => row.external_id);
}

describe('an import with one bad customer row', () => {
  it('with --skip-invalid keeps rows for stored and good new customers, and says why the rest was left out', async () => {
    const folder = await writeFolder({
      'customers.csv': CUSTOMERS,
      'contracts.csv': lines(
        'external_id,customer,start_date,renewal_date,arr',
        'ct-bad,C-123,2024-01-01,2025-01-01,10',
        'ct-new,k-new,2024-01-01,2025-01-01,2000',
        'ct-stored,k-stored,2024-01-01,2025-01-01,1000',
        'ct-bad2,C-123,2024-02-01,2025-02-01,10',
      ),
      'usage.csv': lines(
        'customer,date,active_users,events',
        'k-stored,2024-01-01,3,1',
        'C-123,2024-01-01,3,1',
        'k-new,2024-01-01,3,1',
      ),
    });
    const run = await renubu(['import', folder, '--skip-invalid'], db.url);
    expect(run.status).toBe(1);
    expect(badRowLines(run.err)).toEqual([
      'customers.csv:2: arr: expected a non-negative number, got "lots"',
      'customers.csv:4: seats: expected a non-negative whole number, got "many"',
      `contracts.csv:2: customer: ${C123}`,
      `contracts.csv:5: customer: ${C123}`,
      `usage.csv:3: customer: ${C123}`,
    ]);
    expect(run.err).toContain(
      `Rows left out for what they point at:\n  ${C123}: contracts.csv lines 2, 5; usage.csv line 3 (3 rows)\n`,
    );
    expect(await externalIds('customers')).toEqual(['k-new', 'k-stored']);
    expect(await externalIds('contracts')).toEqual(['ct-new', 'ct-stored']);
    const usage = await db.sql`
      select c.external_id from usage_daily u join customers c on c.id = u.customer_id order by 1`;
    expect(usage.map((row) => row.external_id)).toEqual(['k-new', 'k-stored']);
  });

  it('without --skip-invalid still writes a file whose rows all point at stored customers', async () => {
    const folder = await writeFolder({
      'customers.csv': CUSTOMERS,
      'contracts.csv': lines(
        'external_id,customer,start_date,renewal_date,arr',
        'ct-stored,k-stored,2024-01-01,2025-01-01,1000',
      ),
      'usage.csv': lines(
        'customer,date,active_users,events',
        'k-stored,2024-01-01,3,1',
        'k-new,2024-01-01,3,1',
      ),
    });
    const run = await renubu(['import', folder], db.url);
    expect(run.status).toBe(1);
    expect(badRowLines(run.err)).toEqual([
      'customers.csv:2: arr: expected a non-negative number, got "lots"',
      'customers.csv:4: seats: expected a non-negative whole number, got "many"',
      'usage.csv:3: customer: customer "k-new" was not imported (bad rows in customers.csv)',
    ]);
    expect(run.err).toContain('Not written because of bad rows: customers.csv, usage.csv.');
    expect(await externalIds('customers')).toEqual(['k-stored']);
    expect(await externalIds('contracts')).toEqual(['ct-stored']);
  });

  it('keeps customers and managed CSMs of a stored CSM whose own row was rejected', async () => {
    const folder = await writeFolder({
      'csms.csv': lines(
        'external_id,name,email,timezone,manager',
        'm1,Mia,mia@example.com,Mars/Base,',
        'c9,Cy,cy@example.com,UTC,m1',
        'm2,Max,max@example.com,Mars/Base,',
        'c8,Cat,cat@example.com,UTC,m2',
      ),
      'customers.csv': lines(
        'external_id,name,csm,arr,seats',
        'k-mia,Mia Co,mia@example.com,10,1',
        'k-max,Max Co,m2,10,1',
      ),
    });
    const run = await renubu(['import', folder, '--skip-invalid'], db.url);
    const mars =
      '(timezone: expected an IANA time zone such as Europe/Berlin or UTC, got "Mars/Base")';
    expect(badRowLines(run.err)).toEqual([
      `csms.csv:2: timezone: expected an IANA time zone such as Europe/Berlin or UTC, got "Mars/Base"`,
      `csms.csv:4: timezone: expected an IANA time zone such as Europe/Berlin or UTC, got "Mars/Base"`,
      `csms.csv:5: manager: CSM "m2" was rejected on csms.csv:4 ${mars}`,
      `customers.csv:3: csm: CSM "m2" was rejected on csms.csv:4 ${mars}`,
    ]);
    const managed = await db.sql`
      select c.external_id, m.external_id as manager from csms c join csms m on m.id = c.manager_id`;
    expect(managed).toEqual([{ external_id: 'c9', manager: 'm1' }]);
    expect(await externalIds('customers')).toEqual(['k-mia', 'k-stored']);
  });
});
