import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeFactors, formatMoney } from './describe-factors.ts';
import {
  factorPoints,
  PRIORITY_FACTORS,
  type PriorityFactor,
  type PriorityInputs,
  priorityScore,
  raisingFactors,
} from './priority.ts';
import { DEFAULT_SETTINGS, resolveSettings } from './settings.ts';
import { priorityInputs } from './test-arbitraries.ts';

describe('formatMoney', () => {
  it.each([
    [0, '$0'],
    [950, '$950'],
    [1_000, '$1K'],
    [8_500, '$8.5K'],
    [9_960, '$10K'],
    [185_000, '$185K'],
    [999_400, '$999K'],
    [999_600, '$1M'],
    [1_000_000, '$1M'],
    [1_200_000, '$1.2M'],
    [12_340_000, '$12.3M'],
    [-185_000, '-$185K'],
  ])('%s → %s', (amount, text) => {
    expect(formatMoney(amount)).toBe(text);
  });
});

const calmInputs: PriorityInputs = {
  arr: 0,
  daysToRenewal: null,
  healthDecline: 0,
  usageTrendPct: 0,
  strategic: false,
};

describe('describeFactors', () => {
  const phrases = (inputs: PriorityInputs, settings = DEFAULT_SETTINGS) =>
    describeFactors(inputs, settings);

  it('says why, in the words of PRODUCT.md §11', () => {
    expect(
      phrases({
        arr: 185_000,
        daysToRenewal: 12,
        healthDecline: 9.2,
        usageTrendPct: -32.4,
        strategic: true,
      }),
    ).toEqual([
      '$185K ARR ×1.5',
      'renewal in 12 days',
      'usage −32% in 30 days',
      'health −9 pts',
      'strategic account ×2.0',
    ]);
  });

  it.each([
    [{ daysToRenewal: 1 }, ['renewal in 1 day']],
    [{ daysToRenewal: 0 }, ['renewal today']],
    [{ daysToRenewal: -4 }, ['renewal date passed 4 days ago']],
    [{ daysToRenewal: 365 }, []],
    [{ arr: 1_000 }, []],
    [{ arr: 5_000 }, ['$5K ARR ×1.5']],
    [{ healthDecline: 1 }, ['health −1 pt']],
    [{ healthDecline: 0.3, usageTrendPct: -0.4 }, []],
    [{ usageTrendPct: 20, healthDecline: -5 }, []],
  ] as const)('%o → %j', (change, expected) => {
    expect(phrases({ ...calmInputs, ...change })).toEqual(expected);
  });

  it('names a factor exactly when it raised the score by reasonMinPoints or more', () => {
    const p = DEFAULT_SETTINGS.priority;
    const points = (days: number) =>
      factorPoints(priorityScore({ ...calmInputs, daysToRenewal: days }).factors).urgency;
    // the day count where urgency falls under the threshold, found from the settings
    let edge = 0;
    while (points(edge + 1) >= p.reasonMinPoints) edge += 1;
    expect(phrases({ ...calmInputs, daysToRenewal: edge })).toEqual([`renewal in ${edge} days`]);
    expect(phrases({ ...calmInputs, daysToRenewal: edge + 1 })).toEqual([]);
    const anyPoint = resolveSettings({ priority: { reasonMinPoints: 0 } });
    expect(phrases({ ...calmInputs, daysToRenewal: 365 }, anyPoint)).toEqual([
      'renewal in 365 days',
    ]);
  });

  it('names only raising factors, for any inputs', () => {
    const phraseOf: Record<PriorityFactor, RegExp> = {
      arr: /ARR/,
      urgency: /^renewal/,
      usageDecline: /^usage/,
      healthDecline: /^health/,
      strategic: /^strategic/,
    };
    fc.assert(
      fc.property(priorityInputs, (inputs) => {
        const raised = raisingFactors(priorityScore(inputs).factors);
        for (const phrase of phrases(inputs)) {
          const factor = PRIORITY_FACTORS.find((f) => phraseOf[f].test(phrase));
          expect(factor && raised.includes(factor), phrase).toBe(true);
        }
      }),
    );
  });

  it('shows the weights and window of the company settings', () => {
    const settings = resolveSettings({
      priority: { weights: { arr: 2.5 } },
      windows: { usageDays: 28 },
    });
    const inputs = {
      arr: 1_200_000,
      daysToRenewal: null,
      healthDecline: 0,
      usageTrendPct: -10,
      strategic: false,
    };
    expect(phrases(inputs, settings)).toEqual(['$1.2M ARR ×2.5', 'usage −10% in 28 days']);
  });
});
