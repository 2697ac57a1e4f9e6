/**
 * The forecast report (PRODUCT.md §6, §10): renewals by month and stage, ARR up for renewal,
 * ARR at risk and expected uplift, from one row per current contract. Pure: plain rows and
 * an as-of day in, plain data out. Money is summed in whole cents so totals are exact.
 */
import { DEFAULT_SETTINGS, STAGES, type Stage } from '../domain/index.ts';

/** How many calendar months the forecast covers, the as-of day's month first. */
export const FORECAST_MONTHS = 6;
/** A renewal is at risk when its risk score is at least this (the risk trigger, 0..10). */
export const AT_RISK_SCORE = DEFAULT_SETTINGS.triggers.riskScoreAtLeast;
/** The stages a renewal in the window can have, in the chart's fixed order (soonest first). */
export const FORECAST_STAGES = STAGES.filter((s) => s !== 'expired') as Exclude<Stage, 'expired'>[];
export type ForecastStage = (typeof FORECAST_STAGES)[number];

export interface ForecastContract {
  customerId: string;
  customerName: string;
  csm: string;
  arr: number;
  /** YYYY-MM-DD */
  renewalDate: string;
  stage: Stage;
  /** 0..10; null when the customer was never scored (counts as not at risk). */
  riskScore: number | null;
  status: 'active' | 'renewed' | 'churned';
  /** The recommended pricing scenario's change (percent). */
  recommendedPct: number;
  /** The renewal's proposed ARR, when one was set. */
  proposedArr: number | null;
}

export interface StageCell {
  renewals: number;
  arr: number;
}
export interface ForecastFigures extends StageCell {
  arrAtRisk: number;
  expectedUplift: number;
  byStage: Record<ForecastStage, StageCell>;
}
export interface ForecastMonth extends ForecastFigures {
  /** YYYY-MM */
  month: string;
}
export interface ForecastItem {
  customerId: string;
  customerName: string;
  csm: string;
  renewalDate: string;
  stage: Stage;
  arr: number;
  riskScore: number | null;
  expectedUplift: number;
}
export interface Forecast {
  asOf: string;
  months: ForecastMonth[];
  totals: ForecastFigures;
  /** In-window renewals with risk ≥ the threshold: largest ARR first. */
  atRisk: ForecastItem[];
  /** Active contracts whose renewal date has passed: oldest first. */
  overdue: ForecastItem[];
}

const cents = (amount: number) => Math.round(amount * 100);
const dollars = (amountCents: number) => amountCents / 100;

/** The `count` month keys (YYYY-MM) from the month of `asOf` on. */
export function forecastMonths(asOf: string, count = FORECAST_MONTHS): string[] {
  const year = Number(asOf.slice(0, 4));
  const month = Number(asOf.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(Date.UTC(year, month + i, 1));
    return date.toISOString().slice(0, 7);
  });
}

/**
 * Expected uplift of one renewal: proposed ARR − ARR when the renewal has a proposal, else
 * ARR × recommended % / 100; in cents, rounded. It may be negative (a recommended discount).
 */
export function expectedUpliftCents(row: ForecastContract): number {
  if (row.proposedArr !== null) return cents(row.proposedArr) - cents(row.arr);
  return Math.round(cents(row.arr) * (row.recommendedPct / 100));
}

interface Tally {
  renewals: number;
  arr: number;
  atRisk: number;
  uplift: number;
  byStage: Map<ForecastStage, StageCell>;
}
const emptyTally = (): Tally => ({ renewals: 0, arr: 0, atRisk: 0, uplift: 0, byStage: new Map() });

function figures(tally: Tally): ForecastFigures {
  const byStage = {} as Record<ForecastStage, StageCell>;
  for (const stage of FORECAST_STAGES) {
    const cell = tally.byStage.get(stage) ?? { renewals: 0, arr: 0 };
    byStage[stage] = { renewals: cell.renewals, arr: dollars(cell.arr) };
  }
  return {
    renewals: tally.renewals,
    arr: dollars(tally.arr),
    arrAtRisk: dollars(tally.atRisk),
    expectedUplift: dollars(tally.uplift),
    byStage,
  };
}

function add(tally: Tally, row: ForecastContract, atRisk: boolean, uplift: number) {
  const arr = cents(row.arr);
  tally.renewals += 1;
  tally.arr += arr;
  tally.atRisk += atRisk ? arr : 0;
  tally.uplift += uplift;
  // a stale stage of `expired` for a date in the window: count it as the soonest stage
  const stage = row.stage === 'expired' ? 'emergency' : row.stage;
  const cell = tally.byStage.get(stage) ?? { renewals: 0, arr: 0 };
  tally.byStage.set(stage, { renewals: cell.renewals + 1, arr: cell.arr + arr });
}

const item = (row: ForecastContract, uplift: number): ForecastItem => ({
  customerId: row.customerId,
  customerName: row.customerName,
  csm: row.csm,
  renewalDate: row.renewalDate,
  stage: row.stage,
  arr: row.arr,
  riskScore: row.riskScore,
  expectedUplift: dollars(uplift),
});

/**
 * Rules: only `active` contracts count (renewed and churned are left out). One whose renewal
 * date is on or after `asOf` and within the FORECAST_MONTHS calendar months from asOf's month
 * is counted in its month and stage: renewals + 1, ARR, ARR at risk when riskScore ≥
 * `atRiskScore`, expected uplift (expectedUpliftCents). One whose date has passed is listed
 * in `overdue` and counted nowhere else. Totals are the sums of the months; ARR at risk ≤
 * ARR in every month; moving a renewal into the window never lowers renewals, ARR or ARR at
 * risk (uplift can fall: a recommended discount is negative).
 */
export function computeForecast(
  rows: readonly ForecastContract[],
  asOf: string,
  atRiskScore = AT_RISK_SCORE,
): Forecast {
  const keys = forecastMonths(asOf);
  const tallies = new Map(keys.map((key) => [key, emptyTally()]));
  const total = emptyTally();
  const atRisk: ForecastItem[] = [];
  const overdue: ForecastItem[] = [];
  for (const row of rows) {
    if (row.status !== 'active') continue;
    const uplift = expectedUpliftCents(row);
    if (row.renewalDate < asOf) {
      overdue.push(item(row, uplift));
      continue;
    }
    const tally = tallies.get(row.renewalDate.slice(0, 7));
    if (!tally) continue;
    const risky = row.riskScore !== null && row.riskScore >= atRiskScore;
    add(tally, row, risky, uplift);
    add(total, row, risky, uplift);
    if (risky) atRisk.push(item(row, uplift));
  }
  atRisk.sort(
    (a, b) =>
      b.arr - a.arr ||
      a.renewalDate.localeCompare(b.renewalDate) ||
      a.customerId.localeCompare(b.customerId),
  );
  overdue.sort(
    (a, b) =>
      a.renewalDate.localeCompare(b.renewalDate) || a.customerId.localeCompare(b.customerId),
  );
  return {
    asOf,
    months: keys.map((month) => ({ month, ...figures(tallies.get(month)!) })),
    totals: figures(total),
    atRisk,
    overdue,
  };
}
