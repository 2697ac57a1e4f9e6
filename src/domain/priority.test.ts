import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  factorPoints,
  PRIORITY_FACTORS,
  type PriorityInputs,
  priorityInputsOf,
  priorityScore,
  raisingFactors,
  urgencyFactor,
} from './priority.ts';
import { DEFAULT_SETTINGS, resolveSettings } from './settings.ts';
import { ordered, priorityInputs } from './test-arbitraries.ts';

const p = DEFAULT_SETTINGS.priority;
const calm: PriorityInputs = {
  arr: 0,
  daysToRenewal: null,
  healthDecline: 0,
  usageTrendPct: 0,
  strategic: false,
};
const factorsOf = (change: Partial<PriorityInputs>) =>
  priorityScore({ ...calm, ...change }, DEFAULT_SETTINGS).factors;

describe('priorityScore factors', () => {
  it.each([
    ['no ARR', { arr: 0 }, 'arr', 0],
    ['ARR at the floor', { arr: p.arrFloor }, 'arr', 0],
    ['ARR at saturation', { arr: p.arrSaturation }, 'arr', 1],
    ['ARR above saturation', { arr: p.arrSaturation * 10 }, 'arr', 1],
    ['ARR at the log midpoint', { arr: Math.sqrt(p.arrFloor * p.arrSaturation) }, 'arr', 0.5],
    ['no renewal date', { daysToRenewal: null }, 'urgency', 0],
    ['expired', { daysToRenewal: -3 }, 'urgency', 1],
    ['renewal today', { daysToRenewal: 0 }, 'urgency', 1],
    ['one half-life out', { daysToRenewal: p.urgencyHalfLifeDays }, 'urgency', 0.5],
    ['two half-lives out', { daysToRenewal: 2 * p.urgencyHalfLifeDays }, 'urgency', 0.25],
    ['health improved', { healthDecline: -5 }, 'healthDecline', 0],
    [
      'half the full decline',
      { healthDecline: p.healthDeclineFullPoints / 2 },
      'healthDecline',
      0.5,
    ],
    [
      'beyond the full decline',
      { healthDecline: p.healthDeclineFullPoints * 2 },
      'healthDecline',
      1,
    ],
    ['usage growing', { usageTrendPct: 25 }, 'usageDecline', 0],
    [
      'half the full usage decline',
      { usageTrendPct: -p.usageDeclineFullPct / 2 },
      'usageDecline',
      0.5,
    ],
    ['usage gone', { usageTrendPct: -100 }, 'usageDecline', 1],
    ['strategic', { strategic: true }, 'strategic', 1],
  ] as const)('%s', (_name, change, factor, value) => {
    expect(factorsOf(change)[factor]).toBeCloseTo(value, 10);
  });

  it('has the seed weights as defaults', () => {
    expect(p.weights).toEqual({
      arr: 1.5,
      urgency: 1,
      healthDecline: 1.5,
      usageDecline: 1.2,
      strategic: 2,
    });
  });
});

describe('priorityScore', () => {
  it('is 0 with no factor and 100 with every factor full', () => {
    expect(priorityScore(calm).score).toBe(0);
    const all = {
      arr: p.arrSaturation,
      daysToRenewal: -1,
      healthDecline: 100,
      usageTrendPct: -100,
      strategic: true,
    };
    expect(priorityScore(all).score).toBe(100);
  });

  it('is 100 × the weight share of a single full factor', () => {
    const w = p.weights;
    const total = w.arr + w.urgency + w.healthDecline + w.usageDecline + w.strategic;
    expect(priorityScore({ ...calm, strategic: true }).score).toBe(
      Math.round((1000 * w.strategic) / total) / 10,
    );
  });

  it('stays in 0..100 with factors in 0..1, to one decimal', () => {
    fc.assert(
      fc.property(priorityInputs, (inputs) => {
        const { score, factors } = priorityScore(inputs);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
        expect(Math.round(score * 10) / 10).toBe(score);
        for (const f of Object.values(factors)) {
          expect(f).toBeGreaterThanOrEqual(0);
          expect(f).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('never falls for more ARR, fewer days, a larger decline, or the strategic flag', () => {
    fc.assert(
      fc.property(
        priorityInputs,
        ordered(fc.double({ min: 0, max: 5e7, noNaN: true })),
        ordered(fc.integer({ min: -400, max: 800 })),
        ordered(fc.double({ min: -50, max: 100, noNaN: true })),
        ordered(fc.double({ min: -100, max: 500, noNaN: true })),
        (
          inputs,
          [lessArr, moreArr],
          [fewerDays, moreDays],
          [smallDrop, bigDrop],
          [lowTrend, highTrend],
        ) => {
          const at = (change: Partial<PriorityInputs>) =>
            priorityScore({ ...inputs, ...change }).score;
          expect(at({ arr: lessArr })).toBeLessThanOrEqual(at({ arr: moreArr }));
          expect(at({ daysToRenewal: moreDays })).toBeLessThanOrEqual(
            at({ daysToRenewal: fewerDays }),
          );
          expect(at({ daysToRenewal: null })).toBeLessThanOrEqual(at({ daysToRenewal: moreDays }));
          expect(at({ healthDecline: smallDrop })).toBeLessThanOrEqual(
            at({ healthDecline: bigDrop }),
          );
          expect(at({ usageTrendPct: highTrend })).toBeLessThanOrEqual(
            at({ usageTrendPct: lowTrend }),
          );
          expect(at({ strategic: false })).toBeLessThanOrEqual(at({ strategic: true }));
        },
      ),
    );
  });

  it('follows weight overrides', () => {
    const settings = resolveSettings({
      priority: {
        weights: { arr: 0, urgency: 0, healthDecline: 0, usageDecline: 0, strategic: 1 },
      },
    });
    fc.assert(
      fc.property(priorityInputs, (inputs) => {
        expect(priorityScore(inputs, settings).score).toBe(inputs.strategic ? 100 : 0);
      }),
    );
  });
});

describe('urgencyFactor', () => {
  it('is highest on the renewal day and stays highest once an unrenewed renewal has passed', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5000, max: -1 }), (overdue) => {
        expect(urgencyFactor(overdue)).toBe(urgencyFactor(0));
        expect(factorsOf({ daysToRenewal: overdue })).toEqual(factorsOf({ daysToRenewal: 0 }));
      }),
    );
    expect(urgencyFactor(0)).toBe(1);
  });

  it('never rises as the days to renewal grow, and is 0 without a renewal date', () => {
    fc.assert(
      fc.property(ordered(fc.integer({ min: -5000, max: 5000 })), ([fewer, more]) => {
        expect(urgencyFactor(more)).toBeLessThanOrEqual(urgencyFactor(fewer));
        expect(urgencyFactor(null)).toBeLessThanOrEqual(urgencyFactor(more));
      }),
    );
    expect(urgencyFactor(null)).toBe(0);
  });
});

describe('factorPoints and raisingFactors', () => {
  it('splits the score into the points each factor adds', () => {
    fc.assert(
      fc.property(priorityInputs, (inputs) => {
        const { score, factors } = priorityScore(inputs);
        const points = factorPoints(factors);
        const sum = Object.values(points).reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - score)).toBeLessThanOrEqual(0.05 + 1e-9);
      }),
    );
  });

  it('names a factor only when it adds more than 0 and at least reasonMinPoints', () => {
    fc.assert(
      fc.property(priorityInputs, (inputs) => {
        const { factors } = priorityScore(inputs);
        const points = factorPoints(factors);
        const raised = raisingFactors(factors);
        for (const name of PRIORITY_FACTORS) {
          const raises = points[name] > 0 && points[name] >= p.reasonMinPoints;
          expect(raised.includes(name), name).toBe(raises);
        }
      }),
    );
    // a year out, urgency adds a fraction of a point: not a reason
    expect(raisingFactors(factorsOf({ daysToRenewal: 365 }))).toEqual([]);
    expect(raisingFactors(factorsOf({ daysToRenewal: 30 }))).toEqual(['urgency']);
  });
});

describe('priorityInputsOf', () => {
  const assessed = (contractStatus: string, daysToRenewal: number | null) => ({
    ...calm,
    arr: 50_000,
    contractStatus,
    daysToRenewal,
  });

  it.each([
    ['expired, unrenewed', 'expired', -40, 1],
    ['due today', 'expiring', 0, 1],
    ['renewed, date passed', 'renewed', -40, 0],
    ['churned, date passed', 'churned', -40, 0],
    ['renewed early', 'renewed', 30, 0],
    ['no contract', 'none', null, 0],
  ] as const)('%s: urgency %d', (_label, status, days, urgency) => {
    const inputs = priorityInputsOf(assessed(status, days));
    expect(priorityScore(inputs).factors.urgency).toBe(urgency);
    expect(inputs).not.toHaveProperty('contractStatus');
  });

  it('keeps the days of a pending renewal and drops those of a settled one', () => {
    fc.assert(
      fc.property(priorityInputs, fc.constantFrom('active', 'renewed', 'expired'), (i, status) => {
        const inputs = priorityInputsOf({ ...i, contractStatus: status });
        if (status === 'renewed') expect(inputs.daysToRenewal).toBeNull();
        else expect(inputs.daysToRenewal).toBe(i.daysToRenewal);
      }),
    );
  });
});
