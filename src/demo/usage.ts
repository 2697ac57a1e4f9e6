/**
 * Daily usage rows with an exact trend. PRODUCT.md §3 compares the sum of active users over
 * the 30 days before the as-of day with the 30 days before those; the demo fixes both sums
 * first and then spreads each over its days (weekday rhythm, a little noise, a gentle slope),
 * so the trend the daily run computes is the one the scenario asked for.
 */

import { addDays, weekday } from '../domain/dates.ts';
import type { RawRecord } from '../import/types.ts';
import type { Random } from './prng.ts';

/** Days in each of the two compared windows. */
export const USAGE_WINDOW_DAYS = 30;
/** Weekends see this share of a weekday's active users. */
const WEEKEND_FACTOR = 0.85;
/** Day-to-day noise, as a fraction either way. */
const DAILY_NOISE = 0.06;

export interface UsagePlan {
  /** Sum of active users over demoDay-60 … demoDay-31. */
  earlierSum: number;
  /** Sum of active users over demoDay-30 … demoDay-1. */
  laterSum: number;
  /** Average events a day per active user. */
  eventsPerUser: number;
}

/** Window sums for a seat count, a utilisation of the later window and a trend in percent. */
export function planWindows(seats: number, utilisation: number, trendPct: number) {
  const laterSum = Math.round(seats * utilisation * USAGE_WINDOW_DAYS);
  return { laterSum, earlierSum: Math.round(laterSum / (1 + trendPct / 100)) };
}

/**
 * Integers proportional to `weights` that add up to exactly `total` (largest remainder;
 * ties go to the earlier index). Weights must be positive.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, index) => ({ index, fraction: value - Math.floor(value) }))
    .sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    parts[index]! += 1;
    left -= 1;
  }
  return parts;
}

/** The days of one window, oldest first: `first` days before demoDay up to 30 days later. */
function windowDays(demoDay: string, first: number): string[] {
  return Array.from({ length: USAGE_WINDOW_DAYS }, (_, i) => addDays(demoDay, i - first));
}

/** `usage.csv` rows for the 60 days before `demoDay`, oldest first. */
export function usageRecords(
  customer: string,
  demoDay: string,
  plan: UsagePlan,
  rng: Random,
): RawRecord[] {
  const ratio = plan.earlierSum > 0 ? plan.laterSum / plan.earlierSum : 1;
  // The slope inside each window follows the trend, so the curve has no step at the seam.
  const slope = Math.max(-0.6, Math.min(0.6, ratio - 1)) / USAGE_WINDOW_DAYS;
  const rows: RawRecord[] = [];
  const windows = [
    { days: windowDays(demoDay, 2 * USAGE_WINDOW_DAYS), sum: plan.earlierSum },
    { days: windowDays(demoDay, USAGE_WINDOW_DAYS), sum: plan.laterSum },
  ];
  for (const { days, sum } of windows) {
    const weights = days.map((day, i) => {
      const rhythm = weekday(day) % 6 === 0 ? WEEKEND_FACTOR : 1;
      const drift = 1 + slope * (i - (USAGE_WINDOW_DAYS - 1) / 2);
      return rhythm * drift * (1 + rng.float(-DAILY_NOISE, DAILY_NOISE));
    });
    const users = apportion(sum, weights);
    days.forEach((date, i) => {
      const activeUsers = users[i]!;
      const events = Math.round(activeUsers * plan.eventsPerUser * rng.float(0.85, 1.15));
      rows.push({ customer, date, active_users: activeUsers, events });
    });
  }
  return rows;
}
