/** `renubu definitions validate|load` with good and bad JSON and YAML files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';

let db: TestDatabase;
const dir = mkdtempSync(path.join(tmpdir(), 'renubu-definitions-'));

async function cli(...argv: string[]) {
  const out = captureOutput();
  const err = captureOutput();
  const code = await runCli(argv, { env: { DATABASE_URL: db.url }, cwd: dir, out, err });
  return { code, out: out.text(), err: err.text() };
}

function file(name: string, text: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
}

const goodYaml = `
- workflow_id: quick-check
  name: Quick check
  slide_sequence: [intro, account-overview, summary]
  slide_contexts:
    intro:
      variables: { purpose: "check in on {{customerName}}", closing: "Quick one." }
    summary:
      variables: { outcome: the account is reviewed }
`;
const goodJson = JSON.stringify({
  workflow_id: 'strategic-planning',
  name: 'Strategic planning (ours)',
  slide_sequence: ['intro', 'pricing-strategy', 'summary'],
  slide_contexts: {
    intro: { variables: { purpose: 'plan ahead', closing: 'Onward.' } },
    'pricing-strategy': { settings: { marketPosition: 'below' } },
    summary: { variables: { outcome: 'planned' } },
  },
});

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db.drop();
});

/** The rows stored by these tests (the shipped ones are there from the database's opening). */
const rows = () =>
  db.sql<{ workflow_id: string; company_id: number | null; version: number }[]>`
    select workflow_id, company_id, version from workflow_definitions
     where shipped_hash is null or company_id is not null
     order by workflow_id, company_id`;

describe('renubu definitions validate', () => {
  it('prints what it found in a good YAML file', async () => {
    const result = await cli('definitions', 'validate', file('good.yaml', goodYaml));
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain(
      'definition "quick-check" (Quick check): intro → account-overview → summary',
    );
    expect(result.out).toContain('1 definition(s) valid');
  });

  it('names the file, definition, slide and variable of each error', async () => {
    const bad = file(
      'my.yaml',
      goodYaml.replace('the account is reviewed', '"reviewed with {{foo}}"') +
        '- { workflow_id: other, name: Other, slide_sequence: [intro, pricing] }\n',
    );
    const result = await cli('definitions', 'validate', bad);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`${bad}: definition "other": slide "pricing": unknown slide`);
    const json = file('bad.json', goodJson.replace('"below"', '"sideways"'));
    const second = await cli('definitions', 'validate', json);
    expect(second.code).toBe(1);
    expect(second.err).toContain(
      `${json}: definition "strategic-planning": slide "pricing-strategy": variable "settings.marketPosition": is the text "sideways"; expected one of `,
    );
    const unused = file(
      'unused.yaml',
      goodYaml.replace('closing: "Quick one."', 'closing: ok, foo: 1'),
    );
    expect((await cli('definitions', 'validate', unused)).err).toContain(
      'definition "quick-check": slide "intro": variable "foo": is not a variable of this slide',
    );
  });

  it('reports a missing template variable once the schema passes', async () => {
    const bad = file(
      'vars.yaml',
      goodYaml.replace('the account is reviewed', '"reviewed with {{foo}}"'),
    );
    const result = await cli('definitions', 'validate', bad);
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      `${bad}: definition "quick-check": slide "summary": variable "foo": is missing from the context`,
    );
  });

  it('rejects unparseable files and bad arguments', async () => {
    expect((await cli('definitions', 'validate', file('broken.json', '{"a":'))).err).toMatch(
      /broken\.json: not valid JSON/,
    );
    expect((await cli('definitions', 'check', 'x.yaml')).code).toBe(2);
    expect((await cli('definitions', 'validate')).code).toBe(2);
  });
});

describe('renubu definitions load', () => {
  it('stores global definitions idempotently and bumps the version only on change', async () => {
    const yamlFile = file('load.yaml', goodYaml);
    expect((await cli('definitions', 'load', yamlFile)).out).toContain(
      '1 new, 0 updated, 0 unchanged',
    );
    expect((await cli('definitions', 'load', yamlFile)).out).toContain(
      '0 new, 0 updated, 1 unchanged',
    );
    await cli(
      'definitions',
      'load',
      file('load2.yaml', goodYaml.replace('Quick check', 'Quick look')),
    );
    expect(await rows()).toEqual([{ workflow_id: 'quick-check', company_id: null, version: 2 }]);
  });

  it("stores a company's override, and stores nothing from a bad file", async () => {
    await db.sql`insert into companies (external_id, name) values ('acme', 'Acme')`;
    const json = file('acme.json', goodJson);
    const result = await cli('definitions', 'load', json, '--company', 'acme');
    expect(result.out, result.err).toContain('company "acme" definition(s): 1 new');
    expect((await cli('definitions', 'load', json, '--company', 'nobody')).code).toBe(1);
    const before = await rows();
    const bad = file('bad-load.json', JSON.stringify([JSON.parse(goodJson), { workflow_id: 'x' }]));
    expect((await cli('definitions', 'load', bad)).code).toBe(1);
    expect(await rows()).toEqual(before);
  });
});
