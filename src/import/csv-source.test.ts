import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvSource, lineBreaksIn } from './csv-source.ts';
import type { SourceRecord } from './source.ts';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-csv-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function read(text: string, warnings: string[] = []) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.csv`);
  await fs.writeFile(file, text);
  const source = csvSource('customers', file, 'customers.csv', text.length, (w) =>
    warnings.push(w),
  );
  const records: SourceRecord[] = [];
  for await (const record of source.records()) records.push(record);
  return records;
}

describe('lineBreaksIn', () => {
  it.each([
    [['a', 'b'], 0],
    [['x\ny'], 1],
    [['x\r\ny\r\nz'], 2],
    [['x\ry', 'p\n\nq'], 3],
  ])('%j has %i line breaks', (fields, breaks) => {
    expect(lineBreaksIn(fields)).toBe(breaks);
  });
});

describe('csvSource', () => {
  it('gives each record the physical line it starts on, across quoted line breaks', async () => {
    const records = await read(
      'external_id,name\nc1,"Acme\nInc."\n\nc2,Beta\n"c3","multi\n\nline"\nc4,Delta\n',
    );
    expect(records.map((r) => [r.line, r.values.external_id])).toEqual([
      [2, 'c1'],
      [5, 'c2'],
      [6, 'c3'],
      [9, 'c4'],
    ]);
    expect(records[0]!.values.name).toBe('Acme\nInc.');
  });

  it('counts CRLF lines and skips a byte-order mark, with no newline at the end', async () => {
    const records = await read(
      '\uFEFFexternal_id,name\r\nc1,"A\r\nB"\r\n\r\nc2,Beta\r\nc3,"x\r\ny\r\nz"\r\nc4,D',
    );
    expect(records.map((r) => [r.line, r.values.external_id])).toEqual([
      [2, 'c1'],
      [5, 'c2'],
      [6, 'c3'],
      [9, 'c4'],
    ]);
  });

  it('skips blank lines before the header and keeps odd column names as plain keys', async () => {
    const warnings: string[] = [];
    const records = await read('\n\nexternal_id,ARR,__proto__,region\nc1,5,x,EU\n', warnings);
    expect(records).toHaveLength(1);
    expect(records[0]!.line).toBe(4);
    expect(Object.keys(records[0]!.values)).toEqual(['external_id', 'ARR', '__proto__', 'region']);
    expect(Object.getPrototypeOf(records[0]!.values)).toBe(Object.prototype);
    expect(warnings).toEqual([
      'customers.csv: column "ARR" is kept as an attribute; did you mean "arr"?',
    ]);
  });

  it('makes a record with more fields than the header a bad row, and accepts fewer', async () => {
    const records = await read('external_id,name\nc1,Acme,extra\nc2\nc3,Gamma,,\n');
    expect(records[0]!.problem).toEqual({
      field: '',
      message: 'has 3 fields but the header has 2',
    });
    expect(records[1]).toEqual({ line: 3, values: { external_id: 'c2', name: undefined } });
    expect(records[2]!.problem).toBeUndefined();
  });

  it('stops at broken CSV with the line where the broken record starts', async () => {
    await expect(read('external_id,name\nc1,Acme\nc2,"Beta\nc3,Gamma\n')).rejects.toThrow(
      /^customers\.csv:3: not valid CSV from this line on/,
    );
  });
});
