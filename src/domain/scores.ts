/**
 * Risk and opportunity scores 0-10 (PRODUCT.md §3), each `10 × Σ wᵢ·fᵢ / Σ wᵢ` over shares
 * fᵢ in 0..1 (weights and ramps in `settings.risk` / `settings.opportunity`), rounded to 1
 * decimal. Every share is a ramp or a per-status value, so monotonicity holds by
 * construction and survives rounding (see `math.ts`).
 */
import { blend4, ramp, round1 } from './math.ts';
import { type ContractStatusOrNone, DEFAULT_SETTINGS, type DomainSettings } from './settings.ts';

export interface RiskInputs {
  /** Health score 0..100. */
  health: number;
  usageTrendPct: number;
  /** Mean ticket sentiment −1..1; null (no tickets) counts as 0. */
  sentimentMean: number | null;
  contractStatus: ContractStatusOrNone;
}

/**
 * riskScore = 10 × blend(
 *   health:     ramp(health, risk.health)                 falling: 0 at 85, 1 at 35
 *   usageTrend: ramp(usageTrendPct, risk.usageTrendPct)   falling: 0 at 0 %, 1 at −40 %
 *   sentiment:  ramp(sentimentMean ?? 0, risk.sentiment)  falling: 0 at 0, 1 at −0.4
 *   contract:   risk.contract[contractStatus]              expired/churned 1, expiring 0.5)
 * Never lower for lower health, a more negative usage trend or more negative sentiment.
 * With the default weights (4/3/2/1) a customer without a usage decline and without
 * negative sentiment stays at or below 5, under the trigger of 7: it takes two signals.
 */
export function riskScore(inputs: RiskInputs, settings: DomainSettings = DEFAULT_SETTINGS): number {
  const r = settings.risk;
  return round1(
    10 *
      blend4(
        r.weights.health,
        ramp(inputs.health, r.health),
        r.weights.usageTrend,
        ramp(inputs.usageTrendPct, r.usageTrendPct),
        r.weights.sentiment,
        ramp(inputs.sentimentMean ?? 0, r.sentiment),
        r.weights.contract,
        r.contract[inputs.contractStatus],
      ),
  );
}

export interface OpportunityInputs {
  usageTrendPct: number;
  /** Health score 0..100. */
  health: number;
  /** Avg daily active users ÷ seats; null (seats unknown) counts as no utilisation signal. */
  seatUtilisation: number | null;
  contractStatus: ContractStatusOrNone;
}

/**
 * opportunityScore = 10 × blend(
 *   usageTrend:  ramp(usageTrendPct, opportunity.usageTrendPct)  rising: 0 at 0 %, 1 at +30 %
 *   utilisation: ramp(seatUtilisation ?? 0, .utilisation)        rising: 0 at 0.5, 1 at 1.0
 *   health:      ramp(health, .health)                           rising: 0 at 50, 1 at 90
 *   contract:    opportunity.contract[contractStatus]            active/renewed 1, expiring 0.8)
 * Never lower for stronger usage growth or higher utilisation (or higher health).
 * With the default weights (4.5/2.5/1.5/1.5) an account with flat or falling usage stays at
 * or below 5.5, under the trigger of 6: an opportunity needs usage growth.
 */
export function opportunityScore(
  inputs: OpportunityInputs,
  settings: DomainSettings = DEFAULT_SETTINGS,
): number {
  const o = settings.opportunity;
  return round1(
    10 *
      blend4(
        o.weights.usageTrend,
        ramp(inputs.usageTrendPct, o.usageTrendPct),
        o.weights.utilisation,
        inputs.seatUtilisation === null ? 0 : ramp(inputs.seatUtilisation, o.utilisation),
        o.weights.health,
        ramp(inputs.health, o.health),
        o.weights.contract,
        o.contract[inputs.contractStatus],
      ),
  );
}
