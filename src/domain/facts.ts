/**
 * What the daily run knows about one customer as of a day: plain numbers its set-based SQL
 * has aggregated (PRODUCT.md §2 tables), one object per streamed row.
 */
import type { ContractRecordStatus } from './stage.ts';

export const ACCOUNT_PLANS = ['maintain', 'invest', 'expand', 'at_risk'] as const;
export type AccountPlan = (typeof ACCOUNT_PLANS)[number];

export interface CustomerFacts {
  /** Current ARR (currency units). */
  arr: number;
  /** Licensed seats; ≤ 0 = unknown. */
  seats: number;
  strategic: boolean;
  accountPlan: AccountPlan | null;
  /** The customer's current contract; null when it has none. */
  contract: { status: ContractRecordStatus; renewalDay: number } | null;
  /** Day number of the as-of date (see `dayNumber`). */
  asOfDay: number;
  /** Σ daily active users over the usage window before the as-of day (as-of day excluded). */
  usageLast30Sum: number;
  /** Σ daily active users over the window before that one. */
  usagePrev30Sum: number;
  /** Mean daily active users over the last usage window. */
  avgActiveUsersLast30: number;
  /** Mean sentiment (−1..1) of tickets opened in the sentiment window; null when none. */
  sentimentMean: number | null;
  /** Open (not solved) tickets of priority high or urgent. */
  openHighUrgentTickets: number;
  activeChampions: number;
  activeExecutives: number;
  /** Health score of about 30 days ago from score history; null when there is none. */
  previousHealth: number | null;
}
