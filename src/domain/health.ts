/**
 * Health score 0-100 (PRODUCT.md §3): a weighted blend of four components, each 0-100 and
 * each a weighted blend of ramps (`settings.health`, ramps in `math.ts`):
 *
 *   usage      = 100 × blend(trendWeight: ramp(usageTrendPct), utilisationWeight: ramp(util))
 *                (seat utilisation unknown → the trend sub-score alone)
 *   support    = 100 × blend(ticketsWeight: ramp(openHighUrgentTickets) [falling],
 *                            sentimentWeight: ramp(sentimentMean ?? 0))
 *   engagement = 100 × blend(championWeight: ramp(activeChampions),
 *                            executiveWeight: ramp(activeExecutives))
 *   contract   = health.contract[contractStatus]
 *   score      = Σ weightᵢ × componentᵢ / Σ weightᵢ
 *
 * Components are rounded to 1 decimal first and the score is blended from the rounded ones,
 * so a reader can recompute the shown score from the shown components.
 * Invariants: every value in 0..100; the score never falls when usage trend, utilisation,
 * sentiment, champions or executives rise, or when open high/urgent tickets fall.
 */
import { blend2, blend4, ramp, round1 } from './math.ts';
import { type ContractStatusOrNone, DEFAULT_SETTINGS, type DomainSettings } from './settings.ts';

export interface HealthInputs {
  usageTrendPct: number;
  /** Avg daily active users ÷ seats; null when seats are unknown. */
  seatUtilisation: number | null;
  openHighUrgentTickets: number;
  /** Mean ticket sentiment −1..1 over the sentiment window; null when no tickets. */
  sentimentMean: number | null;
  activeChampions: number;
  activeExecutives: number;
  contractStatus: ContractStatusOrNone;
}

export interface HealthComponents {
  usage: number;
  support: number;
  engagement: number;
  contract: number;
}

export interface Health {
  score: number;
  components: HealthComponents;
}

/** The health score and its components, as described in this module's comment. */
export function healthScore(
  inputs: HealthInputs,
  settings: DomainSettings = DEFAULT_SETTINGS,
): Health {
  const h = settings.health;
  const trend = ramp(inputs.usageTrendPct, h.usage.trendPct);
  const usage = round1(
    100 *
      (inputs.seatUtilisation === null
        ? trend
        : blend2(
            h.usage.trendWeight,
            trend,
            h.usage.utilisationWeight,
            ramp(inputs.seatUtilisation, h.usage.utilisation),
          )),
  );
  const support = round1(
    100 *
      blend2(
        h.support.ticketsWeight,
        ramp(inputs.openHighUrgentTickets, h.support.openTickets),
        h.support.sentimentWeight,
        ramp(inputs.sentimentMean ?? 0, h.support.sentiment),
      ),
  );
  const engagement = round1(
    100 *
      blend2(
        h.engagement.championWeight,
        ramp(inputs.activeChampions, h.engagement.champions),
        h.engagement.executiveWeight,
        ramp(inputs.activeExecutives, h.engagement.executives),
      ),
  );
  const contract = h.contract[inputs.contractStatus];
  const w = h.weights;
  const score = round1(
    blend4(w.usage, usage, w.support, support, w.engagement, engagement, w.contract, contract),
  );
  return { score, components: { usage, support, engagement, contract } };
}
