/**
 * The forecast of a company as of a day: loads the facts through src/db/forecast.ts, turns
 * each row into a ForecastContract (stage, risk and the recommended price change), and
 * computes the report with the pure computeForecast.
 *
 * Simplifications, all documented here: the recommended % comes from recommendPricing with
 * the stored usage trend, health and risk of the latest score row, seat utilisation from the
 * last usage window's mean daily active users ÷ seats, and market position `at` (nothing
 * stored says otherwise, as in the prepare-quote slide). A customer never scored gets the
 * neutral inputs (trend 0, health at the pricing ramp's zero, risk 0) and no risk score.
 * The stage is the stored one when the score row is of the as-of day itself; an older row's
 * stage is stale, so the stage is then computed from days to renewal (stageForDays).
 */
import type { Sql, TransactionSql } from '../db/connection.ts';
import { type ForecastFactsRow, loadForecastFacts } from '../db/forecast.ts';
import {
  type DomainSettings,
  STAGES,
  type Stage,
  seatUtilisation,
  stageForDays,
} from '../domain/index.ts';
import { PRICING, recommendPricing } from '../domain/pricing.ts';
import { computeForecast, type Forecast, type ForecastContract } from './forecast.ts';

export interface ForecastEntry extends ForecastContract {
  /** The CSM's database id (for per-CSM reports). */
  csmId: number;
}

const isStage = (value: string | null): value is Stage =>
  value !== null && (STAGES as readonly string[]).includes(value);

/** One facts row as the pure forecast's input. */
export function toForecastEntry(
  row: ForecastFactsRow,
  asOf: string,
  settings: DomainSettings,
): ForecastEntry {
  const scored = row.score_as_of !== null;
  const utilisation = seatUtilisation(row.usage_last / settings.windows.usageDays, row.seats);
  const [, recommended] = recommendPricing({
    arr: row.arr,
    usageTrendPct: row.usage_trend_pct ?? 0,
    seatUtilisation: utilisation,
    healthScore: row.health_score ?? PRICING.health.zeroAt,
    riskScore: row.risk_score ?? 0,
    marketPosition: 'at',
  });
  const stage =
    row.score_as_of === asOf && isStage(row.stage)
      ? row.stage
      : stageForDays(row.days_to_renewal, settings);
  return {
    customerId: row.customer_external_id,
    customerName: row.customer_name,
    csm: row.csm_external_id,
    csmId: row.csm_id,
    arr: row.arr,
    renewalDate: row.renewal_date,
    stage,
    riskScore: scored ? row.risk_score : null,
    status: row.contract_status,
    recommendedPct: recommended?.changePct ?? 0,
    proposedArr: row.proposed_arr,
  };
}

/** Every active contract of a company, ready for computeForecast. */
export async function loadForecastEntries(
  sql: Sql | TransactionSql,
  companyId: number,
  asOf: string,
  settings: DomainSettings,
): Promise<ForecastEntry[]> {
  const rows = await loadForecastFacts(sql, {
    companyId,
    asOf,
    usageDays: settings.windows.usageDays,
  });
  return rows.map((row) => toForecastEntry(row, asOf, settings));
}

/** The company's forecast as of `asOf`, at-risk threshold from the company's risk trigger. */
export async function companyForecast(
  sql: Sql | TransactionSql,
  companyId: number,
  asOf: string,
  settings: DomainSettings,
): Promise<Forecast> {
  const entries = await loadForecastEntries(sql, companyId, asOf, settings);
  return computeForecast(entries, asOf, settings.triggers.riskScoreAtLeast);
}
