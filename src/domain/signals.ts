/**
 * Signals derived from the daily aggregates: usage trend, seat utilisation and sentiment
 * (PRODUCT.md §3). Inputs are plain numbers the daily run's SQL has already summed.
 */
import { nonNegative, round1, round2 } from './math.ts';
import { DEFAULT_SETTINGS, type DomainSettings } from './settings.ts';

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

/**
 * `usageTrendPct = (last30Sum − prev30Sum) / prev30Sum × 100`, rounded to 1 decimal: the sum
 * of daily active users over the last window (the as-of day excluded) against the window
 * before it. 0 when there is no earlier data (prev30Sum ≤ 0). Negative sums count as 0.
 * Range −100..∞; non-decreasing in last30Sum.
 */
export function usageTrendPct(last30Sum: number, prev30Sum: number): number {
  if (!(prev30Sum > 0)) return 0;
  const last = nonNegative(last30Sum);
  return round1(((last - prev30Sum) / prev30Sum) * 100);
}

/**
 * `seatUtilisation = avgActiveUsers / seats`, rounded to 2 decimals; `null` when seats are
 * unknown (≤ 0), so scores can leave it out instead of reading it as 0 %.
 */
export function seatUtilisation(avgActiveUsers: number, seats: number): number | null {
  if (!(seats > 0)) return null;
  return round2(nonNegative(avgActiveUsers) / seats);
}

/**
 * `positive` when mean > sentiment.positiveAbove, `negative` when mean <
 * sentiment.negativeBelow, else `neutral`; no tickets (null) is `neutral`.
 */
export function sentimentLabel(
  mean: number | null,
  settings: DomainSettings = DEFAULT_SETTINGS,
): SentimentLabel {
  if (mean === null) return 'neutral';
  if (mean > settings.sentiment.positiveAbove) return 'positive';
  if (mean < settings.sentiment.negativeBelow) return 'negative';
  return 'neutral';
}
