/**
 * Issue 13 item 10d: `renubu import --company X` with a mistyped X refuses and lists the known
 * companies instead of quietly creating an empty one; --new-company (or a first import)
 * creates it.
 */
import { beforeAll, expect, it } from 'vitest';
import type { TestDatabase } from './helpers/db.ts';
import { lines, renubu, useImportDatabase, writeFolder } from './import-helpers.ts';

const database = useImportDatabase();
let db: TestDatabase;
beforeAll(() => {
  db = database();
});

const folder = () =>
  writeFolder({
    'csms.csv': lines('external_id,name,email', 'c1,Carl CSM,carl@example.com'),
  });
const companies = async () =>
  (await db.sql<{ external_id: string }[]>`select external_id from companies order by id`).map(
    (c) => c.external_id,
  );

it('creates the first company, refuses an unknown one after, creates it on request', async () => {
  const dir = await folder();
  const first = await renubu(['import', dir, '--company', 'acme'], db.url);
  expect(first.status, first.err).toBe(0);

  const typo = await renubu(['import', dir, '--company', 'acmee'], db.url);
  expect(typo.status).toBe(1);
  expect(typo.err).toContain(
    'No company "acmee" is stored (known: acme). Check the id, or add --new-company to create it.',
  );
  expect(await companies()).toEqual(['acme']);

  const again = await renubu(['import', dir, '--company', 'acme'], db.url);
  expect(again.status, again.err).toBe(0);
  const created = await renubu(['import', dir, '--company', 'globex', '--new-company'], db.url);
  expect(created.status, created.err).toBe(0);
  expect(await companies()).toEqual(['acme', 'globex']);
});
