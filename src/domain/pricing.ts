/**
 * The pricing recommendation of the `pricing-strategy` slide (PRODUCT.md §4): three renewal
 * scenarios (conservative, recommended, aggressive), each a price change in whole percent,
 * the new ARR, its reasons and a confidence 0..1. Pure: plain numbers in, plain data out.
 */
import { clamp01, ramp } from './math.ts';

/** Where the customer's current price sits against the market. */
export type MarketPosition = 'below' | 'at' | 'above';
export const MARKET_POSITIONS: readonly MarketPosition[] = ['below', 'at', 'above'];

export const PRICING = {
  /** Change every healthy renewal carries before any signal (percent). */
  basePct: 2,
  /** Extra change at full value strength (percent). */
  valueUpliftPct: 8,
  /** Change taken off at full risk (percent points). */
  riskDiscountPct: 10,
  /** Added for a price below market, taken off above it (percent points). */
  marketAdjustPct: { below: 2, at: 0, above: -2 } as Record<MarketPosition, number>,
  /** Conservative = recommended − this; aggressive = recommended + aggressiveGapPct. */
  conservativeGapPct: 4,
  aggressiveGapPct: 5,
  /** Every scenario's change is clamped to this range (percent). */
  minPct: -10,
  maxPct: 25,
  /** Signal ramps (see math.ts): 0 at zeroAt, 1 at fullAt. */
  usageGrowth: { zeroAt: 0, fullAt: 30 },
  utilisation: { zeroAt: 0.5, fullAt: 1 },
  health: { zeroAt: 50, fullAt: 90 },
  risk: { zeroAt: 2, fullAt: 8 },
  /** Weights of the value strength blend (sum 1). */
  weights: { usage: 0.4, utilisation: 0.3, health: 0.3 },
  /** Confidence = confidenceBase + confidenceSpan × evidence + the scenario's offset. */
  confidenceBase: 0.45,
  confidenceSpan: 0.35,
  confidenceOffset: { conservative: 0.15, recommended: 0, aggressive: -0.2 },
} as const;

export type ScenarioName = 'conservative' | 'recommended' | 'aggressive';

export interface PricingInputs {
  arr: number;
  usageTrendPct: number;
  /** Average daily active users ÷ seats; null = unknown (no signal). */
  seatUtilisation: number | null;
  /** 0..100 */
  healthScore: number;
  /** 0..10 */
  riskScore: number;
  marketPosition: MarketPosition;
}

export interface PricingScenario {
  name: ScenarioName;
  changePct: number;
  newArr: number;
  confidence: number;
  reasons: string[];
}

const clampPct = (pct: number) => Math.min(PRICING.maxPct, Math.max(PRICING.minPct, pct));
const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '\u2212' : ''}${Math.abs(n)}`;

function signalReasons(input: PricingInputs, risk: number): string[] {
  const reasons = [`usage ${signed(Math.round(input.usageTrendPct))}% in 30 days`];
  if (input.seatUtilisation !== null) {
    reasons.push(`${Math.round(input.seatUtilisation * 100)}% of seats in use`);
  }
  reasons.push(`health score ${Math.round(input.healthScore)}`);
  reasons.push(risk > 0 ? `risk ${input.riskScore}/10 holds the price back` : 'low risk');
  if (input.marketPosition !== 'at') reasons.push(`priced ${input.marketPosition} market`);
  return reasons;
}

/**
 * strength  = 0.4·ramp(usageTrendPct, 0→30) + 0.3·ramp(utilisation, 0.5→1) + 0.3·ramp(health, 50→90)
 * risk      = ramp(riskScore, 2→8)
 * recommended % = clamp(round(basePct + valueUpliftPct·strength − riskDiscountPct·risk
 *                 + marketAdjustPct[position]), minPct, maxPct)
 * conservative % = clamp(recommended − 4), aggressive % = clamp(recommended + 5)
 * confidence = clamp01(0.45 + 0.35·strength·(1 − risk) + offset), offsets +0.15 / 0 / −0.2
 * newArr = round(arr × (1 + % / 100)).
 * Every change % is non-decreasing in usage growth, utilisation and health, non-increasing in
 * risk, and ordered conservative ≤ recommended ≤ aggressive; confidence runs the other way.
 */
export function recommendPricing(input: PricingInputs): PricingScenario[] {
  const w = PRICING.weights;
  const strength =
    w.usage * ramp(input.usageTrendPct, PRICING.usageGrowth) +
    w.utilisation * ramp(input.seatUtilisation ?? 0, PRICING.utilisation) +
    w.health * ramp(input.healthScore, PRICING.health);
  const risk = ramp(input.riskScore, PRICING.risk);
  const recommended = clampPct(
    Math.round(
      PRICING.basePct +
        PRICING.valueUpliftPct * strength -
        PRICING.riskDiscountPct * risk +
        PRICING.marketAdjustPct[input.marketPosition],
    ),
  );
  const evidence = strength * (1 - risk);
  const reasons = signalReasons(input, risk);
  const scenario = (name: ScenarioName, changePct: number, why: string): PricingScenario => ({
    name,
    changePct: changePct + 0,
    newArr: Math.round(input.arr * (1 + changePct / 100)),
    confidence:
      Math.round(
        clamp01(
          PRICING.confidenceBase +
            PRICING.confidenceSpan * evidence +
            PRICING.confidenceOffset[name],
        ) * 100,
      ) / 100,
    reasons: [why, ...reasons],
  });
  return [
    scenario(
      'conservative',
      clampPct(recommended - PRICING.conservativeGapPct),
      'smallest ask: protects the relationship',
    ),
    scenario('recommended', recommended, 'what the signals support'),
    scenario(
      'aggressive',
      clampPct(recommended + PRICING.aggressiveGapPct),
      'largest ask: needs a strong value story',
    ),
  ];
}
