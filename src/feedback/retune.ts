/**
 * Feedback-loop re-tuning of the priority weights (PRODUCT.md §8, issue 8): pure. Given the
 * factors each finished workflow had and how the renewal ended, propose new weights.
 *
 * Per factor f, with churned samples C (bad) and renewed/expanded samples R (good):
 *
 *   d  = mean_C(f) − mean_R(f)                               the churn gap of the factor
 *   r  = d / sd(f) × √(n_C·n_R) / n                          point-biserial correlation
 *   t  = d / √(var_C(f)/n_C + var_R(f)/n_R)                  Welch's two-sample t
 *
 * A weight moves only when |r| > MIN_CORRELATION and |t| > MIN_T (beyond noise), by
 *
 *   to = from × (1 + sign(d) × MAX_STEP × min(1, |r| / FULL_STEP_CORRELATION))
 *
 * then clamped to [BOUND_LOW × seed, BOUND_HIGH × seed] ∩ the settings schema's [0, 10]
 * (a weight already outside those bounds never moves further out). A factor that is higher
 * on churned accounts gains weight (it should rank them first); one higher on retained
 * accounts loses weight. A weight of 0 stays 0: a company that turned a factor off keeps it off.
 * Fewer than MIN_SAMPLES samples, or fewer than MIN_PER_CLASS of either class: no change.
 */
import type { PriorityFactors } from '../domain/priority.ts';
import { DEFAULT_SETTINGS } from '../domain/settings.ts';

/** Fewest outcome samples a re-tune looks at (count). */
export const MIN_SAMPLES = 30;
/** Fewest churned, and fewest retained, samples (count). */
export const MIN_PER_CLASS = 5;
/** Largest move of a weight in one run, as a fraction of its current value. */
export const MAX_STEP = 0.1;
/** |r| at or above which the step is the full MAX_STEP (smaller |r| → proportionally less). */
export const FULL_STEP_CORRELATION = 0.5;
/** |point-biserial r| a factor must exceed to move its weight. */
export const MIN_CORRELATION = 0.1;
/** |Welch t| a factor must exceed to move its weight (≈ 95 % two-sided). */
export const MIN_T = 2;
/** Bounds of each weight as multiples of the seed default. */
export const BOUND_LOW = 0.5;
export const BOUND_HIGH = 2;
/** The settings schema's range of a priority weight. */
export const SCHEMA_MAX_WEIGHT = 10;

export const FACTORS = ['arr', 'urgency', 'healthDecline', 'usageDecline', 'strategic'] as const;
export type Factor = (typeof FACTORS)[number];
export type Weights = PriorityFactors;

export interface OutcomeSample {
  factors: PriorityFactors;
  outcome: 'renewed' | 'expanded' | 'churned';
}

export interface Evidence {
  churnedMean: number;
  retainedMean: number;
  correlation: number;
  t: number;
  churned: number;
  retained: number;
}

export interface WeightChange {
  factor: Factor;
  from: number;
  to: number;
  reason: string;
  evidence: Evidence;
}

export interface RetuneResult {
  weights: Weights;
  changes: WeightChange[];
  skipped?: 'too little data';
}

const clamp = (x: number, low: number, high: number) => Math.min(high, Math.max(low, x));

const round = (value: number, places = 4) =>
  Number.isFinite(value) ? Math.round(value * 10 ** places) / 10 ** places : Math.sign(value) * 1e6;

function meanVar(values: number[]): { mean: number; variance: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, variance };
}

/** The churn gap, point-biserial r and Welch t of one factor (see the module comment). */
export function factorEvidence(churned: readonly number[], retained: readonly number[]): Evidence {
  const c = meanVar([...churned]);
  const r = meanVar([...retained]);
  const all = [...churned, ...retained];
  const n = all.length;
  const overall = all.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(all.reduce((s, v) => s + (v - overall) ** 2, 0) / n);
  const d = c.mean - r.mean;
  const correlation = sd > 0 ? (d / sd) * (Math.sqrt(churned.length * retained.length) / n) : 0;
  const se = Math.sqrt(c.variance / churned.length + r.variance / retained.length);
  const t = se > 0 ? d / se : d === 0 ? 0 : Math.sign(d) * Number.POSITIVE_INFINITY;
  return {
    churnedMean: round(c.mean),
    retainedMean: round(r.mean),
    correlation: round(correlation),
    t: round(t, 2),
    churned: churned.length,
    retained: retained.length,
  };
}

/** Propose new priority weights from outcome samples, as described in the module comment. */
export function retuneWeights(samples: readonly OutcomeSample[], current: Weights): RetuneResult {
  const churned = samples.filter((s) => s.outcome === 'churned');
  const retained = samples.filter((s) => s.outcome !== 'churned');
  if (
    samples.length < MIN_SAMPLES ||
    churned.length < MIN_PER_CLASS ||
    retained.length < MIN_PER_CLASS
  ) {
    return { weights: { ...current }, changes: [], skipped: 'too little data' };
  }
  const weights = { ...current };
  const changes: WeightChange[] = [];
  for (const factor of FACTORS) {
    const value = (s: OutcomeSample) => clamp(s.factors[factor], 0, 1);
    const evidence = factorEvidence(churned.map(value), retained.map(value));
    if (Math.abs(evidence.correlation) <= MIN_CORRELATION || Math.abs(evidence.t) <= MIN_T) {
      continue;
    }
    const from = current[factor];
    const strength = Math.min(1, Math.abs(evidence.correlation) / FULL_STEP_CORRELATION);
    const seed = DEFAULT_SETTINGS.priority.weights[factor];
    const low = Math.min(from, BOUND_LOW * seed);
    const high = Math.max(from, Math.min(SCHEMA_MAX_WEIGHT, BOUND_HIGH * seed));
    const to = round(
      clamp(from * (1 + Math.sign(evidence.correlation) * MAX_STEP * strength), low, high),
    );
    if (to === from) continue;
    weights[factor] = to;
    changes.push({
      factor,
      from,
      to,
      evidence,
      reason: describeChange(factor, from, to, evidence),
    });
  }
  return { weights, changes };
}

function describeChange(factor: Factor, from: number, to: number, e: Evidence): string {
  const higherOn = e.correlation > 0 ? 'churned' : 'retained';
  return (
    `${factor} ${to > from ? 'up' : 'down'} ${from} → ${to}: higher on ${higherOn} accounts ` +
    `(mean ${e.churnedMean.toFixed(2)} churned vs ${e.retainedMean.toFixed(2)} retained, ` +
    `r=${e.correlation.toFixed(2)}, t=${e.t.toFixed(1)}, n=${e.churned}/${e.retained})`
  );
}
