import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../domain/dates.ts';
import type { RawRecord } from '../import/types.ts';
import { randomFor } from './prng.ts';
import { apportion, planWindows, usageRecords } from './usage.ts';

describe('apportion', () => {
  it('splits a total into non-negative integers that add up exactly', () => {
    fc.assert(
      fc.property(
        fc.nat(1_000_000),
        fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (total, weights) => {
          const parts = apportion(total, weights);
          expect(parts).toHaveLength(weights.length);
          expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        },
      ),
    );
  });

  it('follows the weights', () => {
    expect(apportion(10, [1, 1, 3])).toEqual([2, 2, 6]);
    expect(apportion(2, [1, 1, 1])).toEqual([1, 1, 0]);
  });
});

describe('usageRecords', () => {
  const demoDay = '2026-11-25';
  const sum = (rows: RawRecord[]) => rows.reduce((s, r) => s + Number(r.active_users), 0);

  it('writes one row a day for the 60 days before the demo day with the planned sums', () => {
    const plan = { earlierSum: 3_000, laterSum: 3_600, eventsPerUser: 10 };
    const rows = usageRecords('cust-1', demoDay, plan, randomFor('t'));
    expect(rows.map((r) => r.date)).toEqual(
      Array.from({ length: 60 }, (_, i) => addDays(demoDay, i - 60)),
    );
    expect(sum(rows.slice(0, 30))).toBe(3_000);
    expect(sum(rows.slice(30))).toBe(3_600);
    expect(rows.every((r) => r.customer === 'cust-1' && Number(r.events) >= 0)).toBe(true);
  });

  it('plans window sums that give the asked trend and utilisation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 2_000 }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        fc.double({ min: -80, max: 80, noNaN: true }),
        (seats, utilisation, trendPct) => {
          const { earlierSum, laterSum } = planWindows(seats, utilisation, trendPct);
          expect(Math.abs(laterSum / 30 / seats - utilisation)).toBeLessThan(0.02);
          const actual = ((laterSum - earlierSum) / earlierSum) * 100;
          // Rounding to whole users moves the trend by at most a few points on tiny accounts.
          expect(Math.abs(actual - trendPct)).toBeLessThan(0.5 + 1_000 / laterSum);
        },
      ),
    );
  });
});
