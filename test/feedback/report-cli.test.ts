/**
 * `renubu report forecast` on the demo portfolio: the JSON document's shape, and two months'
 * figures against plain SQL over the same tables; a bad --as-of and a bad sub-command.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { FORECAST_STAGES } from '../../src/feedback/forecast.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';

const DAY = '2026-11-25';
let db: TestDatabase;
let cwd: string;

async function cli(args: string[]) {
  const out = captureOutput();
  const err = captureOutput();
  const code = await runCli(args, { env: { DATABASE_URL: db.url }, cwd, out, err });
  return { code, out: out.text(), err: err.text() };
}

beforeAll(async () => {
  db = await createTestDatabase();
  cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-report-'));
  expect((await cli(['demo', '--as-of', DAY])).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await db.drop();
  await fs.rm(cwd, { recursive: true, force: true });
});

/** Renewals, ARR and ARR at risk of one month, straight from the tables. */
async function monthBySql(month: string) {
  const [row] = await db.sql<{ renewals: number; arr: number; at_risk: number }[]>`
    with current as (
      select distinct on (customer_id) customer_id, renewal_date, status from contracts
       order by customer_id, renewal_date desc, (status = 'active') desc, id desc
    )
    select count(*)::int as renewals, coalesce(sum(c.arr), 0)::float8 as arr,
           coalesce(sum(c.arr) filter (where (
             select s.risk_score from score_history s
              where s.customer_id = c.id and s.as_of <= ${DAY}::date
              order by s.as_of desc limit 1) >= 7), 0)::float8 as at_risk
      from current k join customers c on c.id = k.customer_id
     where k.status = 'active' and k.renewal_date >= ${DAY}::date
       and to_char(k.renewal_date, 'YYYY-MM') = ${month}`;
  return row!;
}

/** Renewals and ARR by the stage the daily run stored for the as-of day, one month. */
async function stagesBySql(month: string) {
  return db.sql<{ stage: string; renewals: number; arr: number }[]>`
    with current as (
      select distinct on (customer_id) customer_id, renewal_date, status from contracts
       order by customer_id, renewal_date desc, (status = 'active') desc, id desc
    )
    select s.stage, count(*)::int as renewals, sum(c.arr)::float8 as arr
      from current k join customers c on c.id = k.customer_id
      join score_history s on s.customer_id = c.id and s.as_of = ${DAY}::date
     where k.status = 'active' and k.renewal_date >= ${DAY}::date
       and to_char(k.renewal_date, 'YYYY-MM') = ${month}
     group by s.stage`;
}

describe('renubu report forecast', () => {
  it('prints one JSON document whose months agree with plain SQL', async () => {
    const result = await cli(['report', 'forecast', '--as-of', DAY, '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.out);
    expect(doc.asOf).toBe(DAY);
    expect(doc.companies).toHaveLength(1);
    const [company] = doc.companies;
    expect(company.company).toBe('demo');
    expect(Object.keys(company).sort()).toEqual([
      'atRisk',
      'checkins',
      'company',
      'months',
      'overdue',
      'totals',
    ]);
    expect(company.months.map((m: { month: string }) => m.month)).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
      '2027-04',
    ]);
    for (const m of company.months) {
      expect(Object.keys(m).sort()).toEqual([
        'arr',
        'arrAtRisk',
        'byStage',
        'expectedUplift',
        'month',
        'renewals',
      ]);
      expect(Object.keys(m.byStage)).toEqual(FORECAST_STAGES);
    }
    for (const month of ['2026-12', '2027-02']) {
      const expected = await monthBySql(month);
      const actual = company.months.find((m: { month: string }) => m.month === month);
      expect(expected.renewals).toBeGreaterThan(0);
      expect(actual.renewals).toBe(expected.renewals);
      expect(actual.arr).toBeCloseTo(expected.arr, 2);
      expect(actual.arrAtRisk).toBeCloseTo(expected.at_risk, 2);
      const stages = await stagesBySql(month);
      expect(stages.reduce((n, s) => n + s.renewals, 0)).toBe(expected.renewals);
      for (const s of stages) {
        expect(actual.byStage[s.stage].renewals).toBe(s.renewals);
        expect(actual.byStage[s.stage].arr).toBeCloseTo(s.arr, 2);
      }
    }
    const sum = (key: string) =>
      company.months.reduce((s: number, m: Record<string, number>) => s + m[key]!, 0);
    expect(company.totals.arr).toBeCloseTo(sum('arr'), 2);
    expect(company.totals.renewals).toBe(sum('renewals'));
    for (const item of company.atRisk) expect(item.riskScore).toBeGreaterThanOrEqual(7);
    for (const item of company.overdue) expect(item.renewalDate < DAY).toBe(true);
  });

  it('prints a readable table without --json', async () => {
    const result = await cli(['report', 'forecast', '--as-of', DAY]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('renewal forecast as of 2026-11-25');
    expect(result.out).toMatch(/Nov 2026.*Apr 2027\s+Total/);
    expect(result.out).toContain('ARR at risk');
  });

  it('refuses a bad --as-of like daily-run does', async () => {
    const result = await cli(['report', 'forecast', '--as-of', '2026-02-30']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--as-of takes a date as YYYY-MM-DD (got "2026-02-30").');
  });

  it('names the one form for another report', async () => {
    const result = await cli(['report', 'pipeline']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('Unknown report "pipeline"');
    expect(result.err).toContain('renubu report forecast [--as-of DATE] [--json]');
  });
});
