/**
 * The daily facts row (src/db/daily-facts.ts) as the domain's CustomerFacts, and factors
 * rounded as they are stored: shared by the daily run and the events that score one customer.
 */
import type { ScoringFactsRow } from '../db/daily-facts.ts';
import { type CustomerFacts, type DomainSettings, dayNumber } from '../domain/index.ts';

export function customerFacts(row: ScoringFactsRow, settings: DomainSettings): CustomerFacts {
  return {
    arr: row.arr,
    seats: row.seats,
    strategic: row.strategic,
    accountPlan: row.account_plan as CustomerFacts['accountPlan'],
    contract:
      row.renewal_date && row.contract_status
        ? { status: row.contract_status, renewalDay: dayNumber(row.renewal_date) }
        : null,
    asOfDay: dayNumber(row.as_of),
    usageLast30Sum: row.usage_last30,
    usagePrev30Sum: row.usage_prev30,
    avgActiveUsersLast30: row.usage_last30 / settings.windows.usageDays,
    sentimentMean: row.sentiment_mean,
    openHighUrgentTickets: row.open_high_urgent,
    activeChampions: row.active_champions,
    activeExecutives: row.active_executives,
    previousHealth: row.previous_health,
  };
}

/** Factors are 0..1; three decimals say all a person or a weight re-tuning needs. */
export function roundFactors(factors: Record<string, number>): Record<string, number> {
  const rounded: Record<string, number> = {};
  for (const [name, value] of Object.entries(factors)) {
    rounded[name] = Math.round(value * 1000) / 1000;
  }
  return rounded;
}
