/**
 * The JSON file and in-memory records (the demo generator's door) go through the same
 * validation and loading as CSV; their messages say `FILE:LINE: entity.column: message`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importDataset } from '../src/import/index.ts';
import type { TestDatabase } from './helpers/db.ts';
import { badRowLines, renubu, useImportDatabase, writeFolder } from './import-helpers.ts';

const database = useImportDatabase();
let db: TestDatabase;
beforeAll(() => {
  db = database();
});
beforeEach(async () => {
  await db.sql`truncate companies cascade`;
});

const dataJson = `{
  "csms": [
    { "external_id": "m1", "name": "Mia", "email": "mia@example.com" }
  ],
  "customers": [
    {
      "external_id": "k1", "name": "Acme", "csm": "m1", "arr": 1000, "strategic": true,
      "tier": "gold", "tags": ["a", "b"]
    },
    { "external_id": "k2", "name": "Beta", "csm": "m1", "arr": -5 },
    "oops"
  ],
  "usage": [ { "customer": "k1", "date": "2024-01-01", "active_users": 3 } ],
  "notes": "ignored"
}
`;

async function jsonFile(text: string): Promise<string> {
  const dir = await writeFolder({});
  const file = path.join(dir, 'data.json');
  await fs.writeFile(file, text);
  return file;
}

describe('renubu import of a JSON file', () => {
  it('reports bad records at the line their object starts, as entity.column', async () => {
    const run = await renubu(['import', await jsonFile(dataJson)], db.url);
    expect(run.status).toBe(1);
    expect(badRowLines(run.err)).toEqual([
      'data.json:10: customers.arr: expected a non-negative number, got -5',
      'data.json:11: customers: expected an object with the columns of customers',
      'data.json:13: usage.customer: customer "k1" was not imported (bad rows in data.json customers)',
    ]);
    expect(run.err).toContain('warning: data.json: "notes" is not one of');
    expect(await db.sql`select external_id from csms`).toEqual([{ external_id: 'm1' }]);
    expect(await db.sql`select * from customers`).toEqual([]);
  });

  it('writes the good records with --skip-invalid, JSON values and extra keys included', async () => {
    const run = await renubu(['import', await jsonFile(dataJson), '--skip-invalid'], db.url);
    expect(run.status).toBe(1);
    expect(badRowLines(run.err)).toHaveLength(2);
    const customers = await db.sql`select external_id, arr, strategic, attributes from customers`;
    expect(customers).toEqual([
      {
        external_id: 'k1',
        arr: 1000,
        strategic: true,
        attributes: { tier: 'gold', tags: ['a', 'b'] },
      },
    ]);
    expect((await db.sql`select * from usage_daily`).length).toBe(1);
  });

  it('explains a file that is not JSON, naming it', async () => {
    const file = await jsonFile('{ "csms": [ { "external_id": "m1", } ] }');
    const run = await renubu(['import', file], db.url);
    expect(run.status).toBe(1);
    expect(run.err).toContain(`${file} is not valid JSON (`);
    expect(run.err).toContain(
      'Expected one JSON object like { "csms": [ … ], "customers": [ … ] }.',
    );
  });
});

describe('importDataset', () => {
  async function* slowly<T>(items: T[]) {
    for (const item of items) yield item;
  }

  it('loads in-memory records; LINE is the 1-based index and FILE the source name', async () => {
    const report = await importDataset(
      db.sql,
      {
        csms: [
          { external_id: 'm1', name: 'Mia', email: 'mia@example.com', timezone: 'Europe/Paris' },
        ],
        customers: slowly([
          { external_id: 'k1', name: 'Acme', csm: 'm1', arr: 500, seats: 5, strategic: false },
          { external_id: 'k2', name: 'Beta', csm: 'm9' },
        ]),
        contracts: [
          {
            external_id: 'ct1',
            customer: 'k1',
            start_date: new Date('2024-01-01T00:00:00Z'),
            renewal_date: '2025-01-01',
            arr: 500,
            auto_renew: true,
          },
        ],
        tickets: [
          {
            external_id: 't1',
            customer: 'k2',
            opened_at: new Date(),
            priority: 'low',
            status: 'open',
          },
        ],
      },
      { defaultTimezone: 'UTC', company: 'demo', sourceName: 'demo', skipInvalid: true },
    );
    expect(report.company).toBe('demo');
    expect(report.rejected).toBe(2);
    expect(report.entities.flatMap((e) => e.rejected)).toEqual([
      { file: 'demo', line: 2, field: 'customers.csm', message: 'unknown CSM "m9"', leftOut: true },
      {
        file: 'demo',
        line: 1,
        field: 'tickets.customer',
        message: 'customer "k2" was rejected on demo:2 (csm: unknown CSM "m9")',
        leftOut: true,
      },
    ]);
    expect(report.entities.map((e) => [e.entity, e.file, e.inserted])).toEqual([
      ['csms', 'demo', 1],
      ['customers', 'demo', 1],
      ['contracts', 'demo', 1],
      ['tickets', 'demo', 0],
    ]);
    const [contract] = await db.sql`
      select to_char(start_date, 'YYYY-MM-DD') as start_date, auto_renew from contracts`;
    expect(contract).toEqual({ start_date: '2024-01-01', auto_renew: true });
  });

  it('keeps at most maxErrors bad rows per file but counts them all', async () => {
    const usage = Array.from({ length: 30 }, (_, i) => ({
      customer: 'k1',
      date: `bad-${i}`,
      active_users: 1,
    }));
    const report = await importDataset(db.sql, { usage }, { defaultTimezone: 'UTC', maxErrors: 5 });
    expect(report.rejected).toBe(30);
    expect(report.entities[0]!.rejectedRows).toBe(30);
    expect(report.entities[0]!.rejected.map((e) => e.line)).toEqual([1, 2, 3, 4, 5]);
  });
});
