/**
 * Issue 13 item 10c: a bad row names every bad column at once (CSV and JSON), and a file
 * saved with ';' instead of commas is named as such instead of "external_id: required" on
 * every row.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { TestDatabase } from './helpers/db.ts';
import { badRowLines, lines, renubu, useImportDatabase, writeFolder } from './import-helpers.ts';

const database = useImportDatabase();
let db: TestDatabase;
beforeAll(() => {
  db = database();
});

const csms = lines('external_id,name,email', 'c1,Carl CSM,carl@example.com');

it('reports every bad column of a CSV row on its line', async () => {
  const dir = await writeFolder({
    'csms.csv': csms,
    'customers.csv': lines(
      'external_id,name,csm,arr,seats,account_plan',
      'k1,Acme,c1,-5,many,grow',
      ',,c1,100,1,',
    ),
  });
  const run = await renubu(['import', dir], db.url);
  expect(run.status).toBe(1);
  expect(badRowLines(run.err)).toEqual([
    'customers.csv:2: arr: expected a non-negative number, got "-5"; ' +
      'seats: expected a non-negative whole number, got "many"; ' +
      'account_plan: expected one of maintain, invest, expand, at_risk, got "grow"',
    'customers.csv:3: external_id: required; name: required',
  ]);
});

it('names each column with its entity in a JSON file', async () => {
  const dir = await writeFolder({});
  const file = path.join(dir, 'data.json');
  await fs.writeFile(
    file,
    JSON.stringify({
      csms: [{ external_id: 'c1', name: 'Carl', email: 'carl@example.com' }],
      customers: [{ external_id: 'k1', name: 'Acme', csm: 'c1', arr: -5, seats: 'many' }],
    }),
  );
  const run = await renubu(['import', file], db.url);
  expect(run.status).toBe(1);
  expect(run.err).toContain(
    'customers.arr: expected a non-negative number, got -5; customers.seats: expected a non-negative whole number, got "many"',
  );
});

it('names a semicolon-separated file instead of failing every row', async () => {
  const dir = await writeFolder({
    'csms.csv': csms,
    'customers.csv': lines('external_id;name;csm;arr', 'k1;Acme;c1;1234,50'),
  });
  const run = await renubu(['import', dir], db.url);
  expect(run.status).not.toBe(0);
  expect(run.err).toContain(
    "customers.csv looks separated by ';'; Renubu reads comma-separated files.",
  );
  expect(run.err).not.toContain('required');
});
