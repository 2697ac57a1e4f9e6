/**
 * The few numeric shapes every score is built from. Each is monotone in `x`, so any sum of
 * them with non-negative weights is monotone too; that is how the scores keep the
 * monotonicity rules of PRODUCT.md §3 by construction rather than by testing luck.
 */

/** A linear ramp between two points, e.g. `{ zeroAt: -50, fullAt: 50 }`. */
export interface Ramp {
  /** Input at (and beyond) which the ramp gives 0. */
  zeroAt: number;
  /** Input at (and beyond) which the ramp gives 1. */
  fullAt: number;
}

/**
 * `ramp(x, r) = clamp((x − r.zeroAt) / (r.fullAt − r.zeroAt), 0, 1)`.
 * Rising when `fullAt > zeroAt`, falling when `fullAt < zeroAt`; non-decreasing in `x` in the
 * first case and non-increasing in the second. NaN inputs give 0 (clamped, never NaN out).
 */
export function ramp(x: number, r: Ramp): number {
  return clamp01((x - r.zeroAt) / (r.fullAt - r.zeroAt));
}

/** `x` clamped to 0..1; NaN gives 0. */
export function clamp01(x: number): number {
  // biome-ignore lint/complexity/useMathMinMax: the ternary maps NaN to 0, Math.min/max keep NaN
  return x > 0 ? (x < 1 ? x : 1) : 0;
}

/** `max(x, 0)`; NaN gives 0. */
export function nonNegative(x: number): number {
  // biome-ignore lint/complexity/useMathMinMax: the ternary maps NaN to 0, Math.max keeps NaN
  return x > 0 ? x : 0;
}

/**
 * Round to one decimal: `round(x × 10) / 10`, with −0 turned into 0. Non-decreasing in `x`
 * (a correctly rounded product by a positive constant, then `Math.round`, are both
 * monotone), so rounding a monotone score keeps it monotone.
 */
export function round1(x: number): number {
  return Math.round(x * 10) / 10 + 0;
}

/** Round to two decimals, like {@link round1}. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100 + 0;
}

/**
 * `Σ wᵢ·fᵢ / Σ wᵢ` for four weighted parts, 0 when every weight is 0. With each fᵢ in
 * [0, 1] the result is in [0, 1]; non-decreasing in every fᵢ because every wᵢ ≥ 0.
 */
export function blend4(
  w1: number,
  f1: number,
  w2: number,
  f2: number,
  w3: number,
  f3: number,
  w4: number,
  f4: number,
): number {
  const total = w1 + w2 + w3 + w4;
  return total > 0 ? (w1 * f1 + w2 * f2 + w3 * f3 + w4 * f4) / total : 0;
}

/** `(w1·f1 + w2·f2) / (w1 + w2)`, 0 when both weights are 0. */
export function blend2(w1: number, f1: number, w2: number, f2: number): number {
  const total = w1 + w2;
  return total > 0 ? (w1 * f1 + w2 * f2) / total : 0;
}
