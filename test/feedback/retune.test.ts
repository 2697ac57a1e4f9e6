/**
 * Re-tuning the priority weights: a churn that follows usageDecline raises its weight within
 * the step and bounds; noise moves nothing; too little data changes nothing; every move goes
 * the way its evidence points.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/demo/prng.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import {
  BOUND_HIGH,
  BOUND_LOW,
  FACTORS,
  MAX_STEP,
  MIN_PER_CLASS,
  MIN_SAMPLES,
  type OutcomeSample,
  retuneWeights,
} from '../../src/feedback/retune.ts';

const SEED_WEIGHTS = DEFAULT_SETTINGS.priority.weights;

/** `n` samples from a seeded stream; churn probability = `churnOf(usageDecline)`. */
function history(seed: number, n: number, churnOf: (usageDecline: number) => number) {
  const random = mulberry32(seed);
  return Array.from({ length: n }, (): OutcomeSample => {
    const factors = {
      arr: random(),
      urgency: random(),
      healthDecline: random(),
      usageDecline: random(),
      strategic: random() < 0.3 ? 1 : 0,
    };
    const churned = random() < churnOf(factors.usageDecline);
    return { factors, outcome: churned ? 'churned' : random() < 0.3 ? 'expanded' : 'renewed' };
  });
}

const factorsArb = fc.record({
  arr: fc.double({ min: 0, max: 1, noNaN: true }),
  urgency: fc.double({ min: 0, max: 1, noNaN: true }),
  healthDecline: fc.double({ min: 0, max: 1, noNaN: true }),
  usageDecline: fc.double({ min: 0, max: 1, noNaN: true }),
  strategic: fc.constantFrom(0, 1),
});
const sampleArb = fc.record({
  factors: factorsArb,
  outcome: fc.constantFrom('renewed' as const, 'expanded' as const, 'churned' as const),
});
const weightArb = fc.double({ min: 0, max: 10, noNaN: true });
const weightsArb = fc.record({
  arr: weightArb,
  urgency: weightArb,
  healthDecline: weightArb,
  usageDecline: weightArb,
  strategic: weightArb,
});

describe('retuneWeights', () => {
  it('raises usageDecline when churn follows it, within one step and the bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const result = retuneWeights(
          history(seed, 300, (u) => 0.05 + 0.8 * u),
          SEED_WEIGHTS,
        );
        expect(result.skipped).toBeUndefined();
        expect(result.weights.usageDecline).toBeGreaterThan(SEED_WEIGHTS.usageDecline);
        const change = result.changes.find((c) => c.factor === 'usageDecline');
        expect(change?.reason).toMatch(/usageDecline up .*higher on churned accounts/);
        expect(change!.evidence.t).toBeGreaterThan(2);
        for (const factor of FACTORS) {
          const from = SEED_WEIGHTS[factor];
          const to = result.weights[factor];
          expect(Math.abs(to - from)).toBeLessThanOrEqual(MAX_STEP * from + 1e-9);
          expect(to).toBeGreaterThanOrEqual(BOUND_LOW * from - 1e-9);
          expect(to).toBeLessThanOrEqual(BOUND_HIGH * from + 1e-9);
        }
      }),
      { seed: 42, numRuns: 20 },
    );
  });

  it('never leaves the bounds after many runs', () => {
    let weights = SEED_WEIGHTS;
    for (let run = 0; run < 40; run++) {
      weights = retuneWeights(
        history(run + 1, 400, (u) => u),
        weights,
      ).weights;
    }
    expect(weights.usageDecline).toBeCloseTo(BOUND_HIGH * SEED_WEIGHTS.usageDecline, 6);
  });

  it('moves no weight when the outcome is independent of the factors', () => {
    for (const seed of [1, 7, 99, 2024, 31337]) {
      const result = retuneWeights(
        history(seed, 2000, () => 0.3),
        SEED_WEIGHTS,
      );
      expect(result.changes).toEqual([]);
      expect(result.weights).toEqual(SEED_WEIGHTS);
    }
  });

  it('changes nothing with fewer than MIN_SAMPLES or too few of a class', () => {
    const strong = history(5, 500, (u) => (u > 0.5 ? 1 : 0));
    const few = retuneWeights(strong.slice(0, MIN_SAMPLES - 1), SEED_WEIGHTS);
    expect(few).toEqual({ weights: SEED_WEIGHTS, changes: [], skipped: 'too little data' });
    const churned = strong.filter((s) => s.outcome === 'churned').slice(0, MIN_PER_CLASS - 1);
    const retained = strong.filter((s) => s.outcome !== 'churned').slice(0, 100);
    expect(retuneWeights([...churned, ...retained], SEED_WEIGHTS).skipped).toBe('too little data');
  });

  it('moves each weight the way its evidence points, by at most one step', () => {
    fc.assert(
      fc.property(fc.array(sampleArb, { minLength: 0, maxLength: 120 }), weightsArb, (s, w) => {
        const result = retuneWeights(s, w);
        for (const change of result.changes) {
          const up = change.to > change.from;
          expect(up).toBe(change.evidence.churnedMean > change.evidence.retainedMean);
          expect(Math.abs(change.to - change.from)).toBeLessThanOrEqual(
            MAX_STEP * change.from + 1e-9,
          );
          expect(result.weights[change.factor]).toBe(change.to);
        }
        for (const factor of FACTORS) {
          if (!result.changes.some((c) => c.factor === factor)) {
            expect(result.weights[factor]).toBe(w[factor]);
          }
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
