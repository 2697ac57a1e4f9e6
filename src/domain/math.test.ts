import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blend2, blend4, clamp01, nonNegative, ramp, round1, round2 } from './math.ts';
import { ordered } from './test-arbitraries.ts';

const anyDouble = fc.double({ min: -1e6, max: 1e6, noNaN: true });

describe('ramp', () => {
  it.each([
    [-10, { zeroAt: 0, fullAt: 10 }, 0],
    [0, { zeroAt: 0, fullAt: 10 }, 0],
    [5, { zeroAt: 0, fullAt: 10 }, 0.5],
    [10, { zeroAt: 0, fullAt: 10 }, 1],
    [99, { zeroAt: 0, fullAt: 10 }, 1],
    [85, { zeroAt: 85, fullAt: 35 }, 0],
    [60, { zeroAt: 85, fullAt: 35 }, 0.5],
    [0, { zeroAt: 85, fullAt: 35 }, 1],
    [Number.NaN, { zeroAt: 0, fullAt: 10 }, 0],
  ])('ramp(%s, %o) = %s', (x, r, expected) => {
    expect(ramp(x, r)).toBeCloseTo(expected, 12);
  });

  it('is monotone in the direction of the ramp and stays in 0..1', () => {
    fc.assert(
      fc.property(ordered(anyDouble), ordered(anyDouble), ([a, b], [lo, hi]) => {
        fc.pre(lo < hi);
        const rising = { zeroAt: lo, fullAt: hi };
        const falling = { zeroAt: hi, fullAt: lo };
        expect(ramp(a, rising)).toBeLessThanOrEqual(ramp(b, rising));
        expect(ramp(a, falling)).toBeGreaterThanOrEqual(ramp(b, falling));
        for (const v of [ramp(a, rising), ramp(b, falling)]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('rounding', () => {
  it.each([
    [87.25, 87.3],
    [87.24, 87.2],
    [-0.04, 0],
    [0, 0],
  ])('round1(%s) = %s', (x, expected) => {
    expect(round1(x)).toBe(expected);
  });

  it('never turns a smaller value into a larger one (keeps monotonicity)', () => {
    fc.assert(
      fc.property(ordered(anyDouble), ([a, b]) => {
        expect(round1(a)).toBeLessThanOrEqual(round1(b));
        expect(round2(a)).toBeLessThanOrEqual(round2(b));
        expect(Math.abs(round1(a) - a)).toBeLessThanOrEqual(0.05 + 1e-9);
      }),
    );
  });
});

describe('clamp01 and nonNegative', () => {
  it.each([
    [Number.NaN, 0, 0],
    [-3, 0, 0],
    [0.25, 0.25, 0.25],
    [7, 1, 7],
  ])('%s → clamp01 %s, nonNegative %s', (x, unit, positive) => {
    expect(clamp01(x)).toBe(unit);
    expect(nonNegative(x)).toBe(positive);
  });
});

describe('blends', () => {
  it('are weighted means, 0 when all weights are 0', () => {
    expect(blend2(1, 1, 3, 0)).toBe(0.25);
    expect(blend2(0, 1, 0, 1)).toBe(0);
    expect(blend4(1, 1, 1, 0, 2, 0.5, 0, 1)).toBe(0.5);
    expect(blend4(0, 1, 0, 1, 0, 1, 0, 1)).toBe(0);
  });
});
