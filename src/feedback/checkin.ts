/**
 * The weekly forecast check-in (PRODUCT.md §11), pure: which renewals a CSM is asked about,
 * the model's call on each, and where the CSM's answer disagrees with it. No I/O, no clock.
 */
import { DEFAULT_SETTINGS } from '../domain/index.ts';
import { AT_RISK_SCORE } from './forecast.ts';

export const CHECKIN_CALLS = ['commit', 'at_risk', 'upside'] as const;
export type CheckinCall = (typeof CHECKIN_CALLS)[number];

/** A renewal is asked about when it is due within this many days of the as-of day. */
export const CHECKIN_DAYS = 90;
/** Upside when the recommended price change is at least this (percent; the base is +2). */
export const UPSIDE_PRICE_CHANGE_PCT = 5;
/** Upside when the opportunity score is at least this (the opportunity trigger, 0..10). */
export const UPSIDE_OPPORTUNITY_SCORE = DEFAULT_SETTINGS.triggers.opportunityScoreAtLeast;

export interface CallInput {
  /** 0..10; null when never scored (not at risk). */
  riskScore: number | null;
  /** The recommended pricing scenario's change (percent). */
  recommendedPct: number;
  /** 0..10; null when never scored (no opportunity). */
  opportunityScore: number | null;
}

export interface CallThresholds {
  riskScoreAtLeast: number;
  upsidePctAtLeast: number;
  opportunityScoreAtLeast: number;
}

export const DEFAULT_CALL_THRESHOLDS: CallThresholds = {
  riskScoreAtLeast: AT_RISK_SCORE,
  upsidePctAtLeast: UPSIDE_PRICE_CHANGE_PCT,
  opportunityScoreAtLeast: UPSIDE_OPPORTUNITY_SCORE,
};

/**
 * The model's call on one renewal: `at_risk` when riskScore ≥ the risk trigger (risk wins
 * over upside: a risky renewal is not counted on for growth); else `upside` when the
 * recommended price change ≥ UPSIDE_PRICE_CHANGE_PCT or opportunityScore ≥ the opportunity
 * trigger; else `commit`. Unscored inputs (null) never reach a threshold.
 */
export function modelCall(
  input: CallInput,
  thresholds: CallThresholds = DEFAULT_CALL_THRESHOLDS,
): CheckinCall {
  if (input.riskScore !== null && input.riskScore >= thresholds.riskScoreAtLeast) {
    return 'at_risk';
  }
  if (input.recommendedPct >= thresholds.upsidePctAtLeast) return 'upside';
  if (
    input.opportunityScore !== null &&
    input.opportunityScore >= thresholds.opportunityScoreAtLeast
  ) {
    return 'upside';
  }
  return 'commit';
}

const DAY_MS = 86_400_000;

/** True when `renewalDate` is on or after `asOf` and at most `days` days later (YYYY-MM-DD). */
export function isDueForCheckin(renewalDate: string, asOf: string, days = CHECKIN_DAYS): boolean {
  const diff = (Date.parse(`${renewalDate}T00:00:00Z`) - Date.parse(`${asOf}T00:00:00Z`)) / DAY_MS;
  return diff >= 0 && diff <= days;
}

/** `'at_risk'` → true; anything else that is not a call → false. */
export function isCheckinCall(value: unknown): value is CheckinCall {
  return (CHECKIN_CALLS as readonly unknown[]).includes(value);
}

export interface CheckinAnswer {
  customerId: string;
  renewalDate: string;
  modelCall: CheckinCall;
  answer: CheckinCall | null;
  csm: string;
}

export interface CheckinSummary {
  /** How many renewals have an answer. */
  answered: number;
  /** Answered renewals whose answer is not the model's call, soonest renewal first. */
  disagreements: (CheckinAnswer & { answer: CheckinCall })[];
}

/** The answered count and the disagreements (answer ≠ model call) of a set of check-ins. */
export function summarizeCheckins(rows: readonly CheckinAnswer[]): CheckinSummary {
  const answered = rows.filter(
    (row): row is CheckinAnswer & { answer: CheckinCall } => row.answer !== null,
  );
  const disagreements = answered
    .filter((row) => row.answer !== row.modelCall)
    .sort(
      (a, b) =>
        a.renewalDate.localeCompare(b.renewalDate) || a.customerId.localeCompare(b.customerId),
    );
  return { answered: answered.length, disagreements };
}

const CALL_WORDS: Record<CheckinCall, string> = {
  commit: 'commit',
  at_risk: 'at risk',
  upside: 'upside',
};

/** The report's check-in lines: answered count, then one line per disagreement. */
export function checkinLines(summary: CheckinSummary): string[] {
  const head = `Check-in: ${summary.answered} answered, ${summary.disagreements.length} disagree with the model`;
  return [
    summary.disagreements.length > 0 ? `${head}:` : `${head}.`,
    ...summary.disagreements.map(
      (d) =>
        `  ${d.customerId} (renews ${d.renewalDate}, ${d.csm}): model ${CALL_WORDS[d.modelCall]}, CSM ${CALL_WORDS[d.answer]}`,
    ),
  ];
}
