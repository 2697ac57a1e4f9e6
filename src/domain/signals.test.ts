import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, resolveSettings } from './settings.ts';
import { seatUtilisation, sentimentLabel, usageTrendPct } from './signals.ts';
import { ordered } from './test-arbitraries.ts';

describe('usageTrendPct', () => {
  it.each([
    [2400, 2000, 20],
    [1200, 2000, -40],
    [2000, 2000, 0],
    [0, 2000, -100],
    [500, 0, 0],
    [0, 0, 0],
    [1000, 3000, -66.7],
    [-5, 100, -100],
  ])('last %s against previous %s → %s %%', (last, prev, pct) => {
    expect(usageTrendPct(last, prev)).toBe(pct);
  });

  it('never falls when recent usage rises, and never goes below −100', () => {
    fc.assert(
      fc.property(
        ordered(fc.integer({ min: 0, max: 1e6 })),
        fc.integer({ min: 0, max: 1e6 }),
        ([a, b], prev) => {
          expect(usageTrendPct(a, prev)).toBeLessThanOrEqual(usageTrendPct(b, prev));
          expect(usageTrendPct(a, prev)).toBeGreaterThanOrEqual(-100);
        },
      ),
    );
  });
});

describe('seatUtilisation', () => {
  it.each([
    [85, 100, 0.85],
    [0, 100, 0],
    [120, 100, 1.2],
    [10, 0, null],
    [10, -3, null],
    [-2, 10, 0],
  ])('%s active users of %s seats → %s', (users, seats, expected) => {
    expect(seatUtilisation(users, seats)).toBe(expected);
  });
});

describe('sentimentLabel', () => {
  const { positiveAbove, negativeBelow } = DEFAULT_SETTINGS.sentiment;
  it.each([
    [null, 'neutral'],
    [0, 'neutral'],
    [positiveAbove, 'neutral'],
    [positiveAbove + 0.01, 'positive'],
    [negativeBelow, 'neutral'],
    [negativeBelow - 0.01, 'negative'],
    [1, 'positive'],
    [-1, 'negative'],
  ] as const)('mean %s → %s', (mean, label) => {
    expect(sentimentLabel(mean, DEFAULT_SETTINGS)).toBe(label);
  });

  it('has the ±0.2 defaults and follows overrides', () => {
    expect([positiveAbove, negativeBelow]).toEqual([0.2, -0.2]);
    const settings = resolveSettings({ sentiment: { positiveAbove: 0.5 } });
    expect(sentimentLabel(0.4, settings)).toBe('neutral');
    expect(sentimentLabel(0.51, settings)).toBe('positive');
  });
});
