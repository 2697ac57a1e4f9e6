import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AT_RISK_SCORE,
  computeForecast,
  FORECAST_MONTHS,
  FORECAST_STAGES,
  type ForecastContract,
  forecastMonths,
} from '../../src/feedback/forecast.ts';

const AS_OF = '2026-11-25';
function contract(id: string, fields: Partial<ForecastContract>): ForecastContract {
  return {
    customerId: id,
    customerName: `Customer ${id}`,
    csm: 'dana',
    arr: 10_000,
    renewalDate: '2026-12-15',
    stage: 'urgent',
    riskScore: 3,
    status: 'active',
    recommendedPct: 0,
    proposedArr: null,
    ...fields,
  };
}

/** Six contracts; the expected figures below are worked out by hand. */
const portfolio: ForecastContract[] = [
  contract('A', {
    arr: 100_000,
    renewalDate: '2026-12-10',
    stage: 'urgent',
    riskScore: 8,
    recommendedPct: 3,
  }),
  contract('B', {
    arr: 50_000,
    renewalDate: '2026-11-30',
    stage: 'emergency',
    riskScore: 4,
    recommendedPct: -5,
    proposedArr: 52_000,
  }),
  contract('C', {
    arr: 80_000,
    renewalDate: '2027-04-30',
    stage: 'prepare',
    riskScore: AT_RISK_SCORE,
    recommendedPct: 10,
  }),
  contract('D', { arr: 70_000, renewalDate: '2027-05-01', stage: 'strategic', riskScore: 9 }),
  contract('E', { arr: 40_000, renewalDate: '2026-12-20', status: 'renewed', riskScore: 9 }),
  contract('F', {
    arr: 30_000,
    renewalDate: '2026-11-20',
    stage: 'expired',
    riskScore: 9,
    recommendedPct: 2,
  }),
];

describe('computeForecast: a hand-computed portfolio', () => {
  const forecast = computeForecast(portfolio, AS_OF);
  const zero = { renewals: 0, arr: 0 };

  it('has the six months from the as-of month', () => {
    expect(forecast.months.map((m) => m.month)).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
      '2027-04',
    ]);
  });

  it.each([
    ['2026-11', 1, 50_000, 0, 2_000, 'emergency'],
    ['2026-12', 1, 100_000, 100_000, 3_000, 'urgent'],
    ['2027-01', 0, 0, 0, 0, null],
    ['2027-04', 1, 80_000, 80_000, 8_000, 'prepare'],
  ] as const)(
    'month %s: %i renewals, ARR %d, at risk %d, uplift %d',
    (month, renewals, arr, risk, uplift, stage) => {
      const row = forecast.months.find((m) => m.month === month)!;
      expect(row).toMatchObject({ renewals, arr, arrAtRisk: risk, expectedUplift: uplift });
      for (const s of FORECAST_STAGES) {
        expect(row.byStage[s]).toEqual(s === stage ? { renewals, arr } : zero);
      }
    },
  );

  it('totals, at-risk list (largest first) and overdue list', () => {
    expect(forecast.totals).toMatchObject({
      renewals: 3,
      arr: 230_000,
      arrAtRisk: 180_000,
      expectedUplift: 13_000,
    });
    expect(forecast.atRisk.map((i) => i.customerId)).toEqual(['A', 'C']);
    expect(forecast.overdue).toEqual([
      expect.objectContaining({ customerId: 'F', arr: 30_000, expectedUplift: 600 }),
    ]);
  });

  it('a risk just below the threshold is not at risk', () => {
    const below = computeForecast([{ ...portfolio[2]!, riskScore: AT_RISK_SCORE - 0.1 }], AS_OF);
    expect(below.totals.arrAtRisk).toBe(0);
    expect(computeForecast([portfolio[2]!], AS_OF, 8).totals.arrAtRisk).toBe(0);
  });

  it('month keys cross the year', () => {
    expect(forecastMonths('2026-09-30')).toEqual([
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
    expect(forecastMonths(AS_OF)).toHaveLength(FORECAST_MONTHS);
  });
});

const START = Date.UTC(2026, 0, 1);
const dayArb = fc
  .integer({ min: 0, max: 3 * 365 })
  .map((d) => new Date(START + d * 86_400_000).toISOString().slice(0, 10));
const contractArb = fc.record({
  customerId: fc.string({ minLength: 1, maxLength: 4 }),
  customerName: fc.constant('x'),
  csm: fc.constantFrom('dana', 'kai'),
  arr: fc.integer({ min: 0, max: 50_000_000 }).map((c) => c / 100),
  renewalDate: dayArb,
  stage: fc.constantFrom(...FORECAST_STAGES),
  riskScore: fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: null }),
  status: fc.constantFrom('active', 'active', 'renewed', 'churned') as fc.Arbitrary<
    ForecastContract['status']
  >,
  recommendedPct: fc.integer({ min: -10, max: 25 }),
  proposedArr: fc.option(
    fc.integer({ min: 0, max: 50_000_000 }).map((c) => c / 100),
    { nil: null },
  ),
});
const cents = (n: number) => Math.round(n * 100);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('computeForecast: properties', () => {
  it('totals equal the sum of the months, stage by stage', () => {
    fc.assert(
      fc.property(fc.array(contractArb, { maxLength: 40 }), dayArb, (rows, asOf) => {
        const f = computeForecast(rows, asOf);
        for (const key of ['renewals', 'arr', 'arrAtRisk', 'expectedUplift'] as const) {
          expect(cents(f.totals[key])).toBe(sum(f.months.map((m) => cents(m[key]))));
        }
        for (const s of FORECAST_STAGES) {
          expect(cents(f.totals.byStage[s].arr)).toBe(
            sum(f.months.map((m) => cents(m.byStage[s].arr))),
          );
        }
      }),
    );
  });

  it('ARR at risk never exceeds ARR up for renewal', () => {
    fc.assert(
      fc.property(fc.array(contractArb, { maxLength: 40 }), dayArb, (rows, asOf) => {
        const f = computeForecast(rows, asOf);
        for (const m of [...f.months, f.totals]) expect(m.arrAtRisk).toBeLessThanOrEqual(m.arr);
      }),
    );
  });

  it('moving a renewal into the window never lowers the totals', () => {
    fc.assert(
      fc.property(
        fc.array(contractArb, { maxLength: 20 }),
        contractArb,
        fc.integer({ min: 0, max: 150 }),
        (rows, moved, offset) => {
          const outside = { ...moved, status: 'active' as const, renewalDate: '2028-06-01' };
          const inside = {
            ...outside,
            renewalDate: new Date(Date.UTC(2026, 10, 25) + offset * 86_400_000)
              .toISOString()
              .slice(0, 10),
          };
          const before = computeForecast([...rows, outside], AS_OF).totals;
          const after = computeForecast([...rows, inside], AS_OF).totals;
          expect(after.renewals).toBe(before.renewals + 1);
          expect(after.arr).toBeGreaterThanOrEqual(before.arr);
          expect(after.arrAtRisk).toBeGreaterThanOrEqual(before.arrAtRisk);
        },
      ),
    );
  });
});
