import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementLines, jsonSources } from './json-source.ts';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-json-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('elementLines', () => {
  it('finds the line each element of each top-level array starts on', () => {
    const text = [
      '{',
      '  "meta": { "customers": [1, 2] },',
      '  "csms": [',
      '    { "external_id": "m1", "note": "a ] tricky, \\" string {" },',
      '',
      '    {',
      '      "external_id": "m2", "tags": [1, [2, 3]]',
      '    }, { "external_id": "m3" }',
      '  ],',
      '  "customers": [], "usage": [ 7,',
      '"x", null ]',
      '}',
    ].join('\r\n');
    const lines = elementLines(text);
    expect(lines.get('csms')).toEqual([4, 6, 8]);
    expect(lines.get('customers')).toEqual([]);
    expect(lines.get('usage')).toEqual([10, 11, 11]);
    expect(lines.has('meta')).toBe(false);
  });

  it('keeps the last array of a repeated key, as JSON.parse does', () => {
    expect(elementLines('{"csms": [1],\n"csms": [\n2]}').get('csms')).toEqual([3]);
  });
});

describe('jsonSources', () => {
  async function open(text: string, warnings: string[] = []) {
    const file = path.join(dir, 'data.json');
    await fs.writeFile(file, text);
    return jsonSources(file, 'data.json', (w) => warnings.push(w));
  }

  it('yields records in entity order with their lines and warns about other keys', async () => {
    const warnings: string[] = [];
    const sources = await open(
      '\uFEFF{"customers": [\n{"external_id": "c1"},\n42],\n"csms": [{"external_id": "m1"}], "extra": 1}',
      warnings,
    );
    expect(sources.map((s) => [s.entity, s.file, s.fieldPrefix])).toEqual([
      ['csms', 'data.json', 'csms.'],
      ['customers', 'data.json', 'customers.'],
    ]);
    const records = [];
    for await (const record of sources[1]!.records()) records.push(record);
    expect(records).toEqual([
      { line: 2, values: { external_id: 'c1' } },
      {
        line: 3,
        values: {},
        problem: { field: '', message: 'expected an object with the columns of customers' },
      },
    ]);
    expect(warnings).toEqual([
      'data.json: "extra" is not one of csms, customers, contracts, contacts, usage, tickets; ignored.',
    ]);
  });

  it.each([
    ['{"csms": [1,]}', /data\.json is not valid JSON .*Expected one JSON object like/],
    ['[1, 2]', /data\.json does not hold a JSON object/],
    ['{"customers": {"external_id": "c1"}}', /"customers" must be an array of records/],
  ])('rejects %s with a message naming the file', async (text, message) => {
    await expect(open(text)).rejects.toThrow(message);
  });
});
