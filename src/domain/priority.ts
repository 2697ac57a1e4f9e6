/**
 * Priority score 0-100 (PRODUCT.md §3, the seed's Layer 4): `score = 100 × Σ wᵢ·fᵢ / Σ wᵢ`,
 * rounded to 1 decimal, over five factors each normalised to 0..1 (`settings.priority`):
 *
 *   arr           = clamp((log10 arr − log10 arrFloor) / (log10 arrSaturation − log10 arrFloor))
 *                   ARR counts by order of magnitude: $1K → 0, $31.6K → 0.5, $1M → 1
 *   urgency       = 0.5^(max(0, days) / urgencyHalfLifeDays): highest (1) on the renewal day
 *                   and stays 1 once an unrenewed renewal has passed (days < 0, as urgent as
 *                   today); no renewal (null) → 0. Today → 1, 60 days → 0.5, 120 → 0.25,
 *                   365 → 0.015
 *   healthDecline = clamp(max(0, healthDecline) / healthDeclineFullPoints)
 *   usageDecline  = clamp(max(0, −usageTrendPct) / usageDeclineFullPct)
 *   strategic     = 1 when the account is strategic, else 0
 *
 * Monotone: more ARR, fewer days to renewal, a larger health or usage decline, or the
 * strategic flag never lower the score (every factor is monotone, every weight ≥ 0).
 */
import { clamp01, round1 } from './math.ts';
import { DEFAULT_SETTINGS, type DomainSettings } from './settings.ts';

/** A type, not an interface, so that stored inputs are plain JSON to postgres.js. */
export type PriorityInputs = {
  arr: number;
  /** null = no renewal date, or a settled one (urgency 0); negative = expired (urgency 1). */
  daysToRenewal: number | null;
  /** Health points lost against ~30 days ago; ≤ 0 means no decline. */
  healthDecline: number;
  usageTrendPct: number;
  strategic: boolean;
};

export interface PriorityFactors {
  arr: number;
  urgency: number;
  healthDecline: number;
  usageDecline: number;
  strategic: number;
}

export interface Priority {
  score: number;
  factors: PriorityFactors;
}

/** Contract statuses whose renewal is settled: nothing is pending, so no urgency. */
const SETTLED = new Set(['renewed', 'churned']);

/**
 * The priority inputs of an assessed customer (`assessCustomer`), as the score takes them and
 * workflows store them. A settled renewal (renewed or churned) is no longer pending: it counts
 * as no renewal date (urgency 0), so only an unrenewed renewal whose date has passed is as
 * urgent as one due today.
 */
export function priorityInputsOf(
  assessed: PriorityInputs & { contractStatus: string },
): PriorityInputs {
  return {
    arr: assessed.arr,
    daysToRenewal: SETTLED.has(assessed.contractStatus) ? null : assessed.daysToRenewal,
    healthDecline: assessed.healthDecline,
    usageTrendPct: assessed.usageTrendPct,
    strategic: assessed.strategic,
  };
}

/** The priority score and its factors, as described in this module's comment. */
export function priorityScore(
  inputs: PriorityInputs,
  settings: DomainSettings = DEFAULT_SETTINGS,
): Priority {
  const p = settings.priority;
  const w = p.weights;
  const logFloor = Math.log10(p.arrFloor);
  const arr = clamp01(
    (Math.log10(inputs.arr) - logFloor) / (Math.log10(p.arrSaturation) - logFloor),
  );
  const urgency = urgencyFactor(inputs.daysToRenewal, settings);
  const healthDecline = clamp01(inputs.healthDecline / p.healthDeclineFullPoints);
  const usageDecline = clamp01(-inputs.usageTrendPct / p.usageDeclineFullPct);
  const strategic = inputs.strategic ? 1 : 0;
  const total = w.arr + w.urgency + w.healthDecline + w.usageDecline + w.strategic;
  const sum =
    w.arr * arr +
    w.urgency * urgency +
    w.healthDecline * healthDecline +
    w.usageDecline * usageDecline +
    w.strategic * strategic;
  return {
    score: total > 0 ? round1((100 * sum) / total) : 0,
    factors: { arr, urgency, healthDecline, usageDecline, strategic },
  };
}

/**
 * The urgency factor of days to renewal (this module's comment): 1 from the renewal day on,
 * including every day after an unrenewed renewal date has passed; halving every
 * `urgencyHalfLifeDays` before it; 0 without a renewal date. Non-increasing in days.
 */
export function urgencyFactor(
  daysToRenewal: number | null,
  settings: DomainSettings = DEFAULT_SETTINGS,
): number {
  if (daysToRenewal === null) return 0;
  return clamp01(0.5 ** (Math.max(0, daysToRenewal) / settings.priority.urgencyHalfLifeDays));
}

export type PriorityFactor = keyof PriorityFactors;

/** The factors in the order "why this is first" names them. */
export const PRIORITY_FACTORS: readonly PriorityFactor[] = [
  'arr',
  'urgency',
  'usageDecline',
  'healthDecline',
  'strategic',
];

/**
 * The points each factor adds to the 0-100 score: `100 × wᵢ·fᵢ / Σ wᵢ` (unrounded; they sum
 * to the score before rounding). 0 for every factor when all weights are 0.
 */
export function factorPoints(
  factors: PriorityFactors,
  settings: DomainSettings = DEFAULT_SETTINGS,
): PriorityFactors {
  const w = settings.priority.weights;
  const total = w.arr + w.urgency + w.healthDecline + w.usageDecline + w.strategic;
  const points = (name: PriorityFactor) =>
    total > 0 ? (100 * w[name] * factors[name]) / total : 0;
  return {
    arr: points('arr'),
    urgency: points('urgency'),
    healthDecline: points('healthDecline'),
    usageDecline: points('usageDecline'),
    strategic: points('strategic'),
  };
}

/**
 * The factors that raised the score, in {@link PRIORITY_FACTORS} order: those adding more
 * than 0 and at least `priority.reasonMinPoints` points. Only these are named as reasons.
 */
export function raisingFactors(
  factors: PriorityFactors,
  settings: DomainSettings = DEFAULT_SETTINGS,
): PriorityFactor[] {
  const points = factorPoints(factors, settings);
  const min = settings.priority.reasonMinPoints;
  return PRIORITY_FACTORS.filter((name) => points[name] > 0 && points[name] >= min);
}
