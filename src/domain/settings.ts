/**
 * Every tuning number of the intelligence, decision and priority rules (PRODUCT.md §3), with
 * its meaning, unit and default. A company may override any of them (`companies.settings`);
 * `resolveSettings` validates the overrides and merges them over the defaults.
 *
 * Longer than 200 lines on purpose: STYLE.md asks for one settings module.
 *
 * Ramps (`{ zeroAt, fullAt }`) are linear normalisations to 0..1 (see `math.ts`): the value
 * is 0 at `zeroAt` and 1 at `fullAt`, clamped outside.
 */
import type { Ramp } from './math.ts';
import {
  type SettingsOverrides,
  settingsOverridesSchema,
  settingsSchema,
} from './settings-schema.ts';

/** Contract statuses of PRODUCT.md §3, plus `none` for a customer without a contract. */
export type ContractStatusOrNone =
  | 'active'
  | 'expiring'
  | 'expired'
  | 'renewed'
  | 'churned'
  | 'none';

/** A value per contract status (score, risk share, …). */
export type PerContractStatus = Record<ContractStatusOrNone, number>;

export interface DomainSettings {
  /** Renewal stages by days to renewal: each is the LAST day (inclusive) of that stage. */
  stages: {
    emergencyMaxDays: number;
    criticalMaxDays: number;
    urgentMaxDays: number;
    finalizeMaxDays: number;
    negotiateMaxDays: number;
    /** Last day of `active`; also the renewal trigger window (days ≤ this → renewal workflow). */
    activeMaxDays: number;
    /** Last day of `prepare`; beyond it the stage is `strategic`. */
    prepareMaxDays: number;
  };
  contract: {
    /** Days to renewal at or below which an active contract is `expiring` (days). */
    expiringWithinDays: number;
  };
  sentiment: {
    /** Mean ticket sentiment above this is `positive` (−1..1). */
    positiveAbove: number;
    /** Mean ticket sentiment below this is `negative` (−1..1). */
    negativeBelow: number;
  };
  /** Look-back windows of the daily run's aggregates (days). */
  windows: {
    /** Length of each of the two windows the usage trend compares (days). */
    usageDays: number;
    /** Tickets opened this many days before the as-of day give the sentiment (days). */
    sentimentDays: number;
    /** Health decline is measured against the score this many days ago (days). */
    healthLookbackDays: number;
    /** Days of the trailing mean a usage spike is measured against (days). */
    spikeTrailingDays: number;
  };
  events: {
    /** A day's active users above this × the trailing mean is a usage spike (ratio). */
    usageSpikeFactor: number;
    /**
     * Events for one customer that feed the same workflow within this many minutes of the
     * one that DMed the CSM reply in that DM's thread instead of DMing again (minutes; 0: every
     * event DMs). Judged by the events' `occurred_at`, never the clock.
     */
    burstWindowMinutes: number;
  };
  triggers: {
    /** Risk workflow when riskScore ≥ this (0..10). */
    riskScoreAtLeast: number;
    /** Opportunity workflow when opportunityScore ≥ this (0..10). */
    opportunityScoreAtLeast: number;
    /** Risk and opportunity are in-band when days to renewal ≤ this (days). */
    inBandWithinDays: number;
  };
  /** Preparation workflow when minDays ≤ days to renewal ≤ maxDays (days). */
  preparationWindow: { minDays: number; maxDays: number };
  health: {
    /** Component weights of the health score (relative; normalised by their sum). */
    weights: { usage: number; support: number; engagement: number; contract: number };
    usage: {
      trendWeight: number;
      utilisationWeight: number;
      /** Usage trend (%) → trend sub-score. */
      trendPct: Ramp;
      /** Seat utilisation (avg daily active users ÷ seats) → utilisation sub-score. */
      utilisation: Ramp;
    };
    support: {
      ticketsWeight: number;
      sentimentWeight: number;
      /** Open high/urgent tickets (count) → tickets sub-score (falling). */
      openTickets: Ramp;
      /** Mean ticket sentiment (−1..1, none = 0) → sentiment sub-score. */
      sentiment: Ramp;
    };
    engagement: {
      championWeight: number;
      executiveWeight: number;
      /** Active champion contacts (count) → champion sub-score. */
      champions: Ramp;
      /** Active executive contacts (count) → executive sub-score. */
      executives: Ramp;
    };
    /** Contract component by status (points 0..100). */
    contract: PerContractStatus;
  };
  risk: {
    /** Relative weights; riskScore = 10 × Σ wᵢ·fᵢ / Σ wᵢ. */
    weights: { health: number; usageTrend: number; sentiment: number; contract: number };
    /** Health score (points) → risk share (falling: lower health, more risk). */
    health: Ramp;
    /** Usage trend (%) → risk share (falling). */
    usageTrendPct: Ramp;
    /** Mean sentiment (−1..1, none = 0) → risk share (falling). */
    sentiment: Ramp;
    /** Contract status → risk share (0..1). */
    contract: PerContractStatus;
  };
  opportunity: {
    /** Relative weights; opportunityScore = 10 × Σ wᵢ·fᵢ / Σ wᵢ. */
    weights: { usageTrend: number; utilisation: number; health: number; contract: number };
    /** Usage trend (%) → opportunity share (rising). */
    usageTrendPct: Ramp;
    /** Seat utilisation (ratio) → opportunity share (rising). */
    utilisation: Ramp;
    /** Health score (points) → opportunity share (rising). */
    health: Ramp;
    /** Contract status → opportunity share (0..1). */
    contract: PerContractStatus;
  };
  priority: {
    /** Relative factor weights; score = 100 × Σ wᵢ·fᵢ / Σ wᵢ. */
    weights: {
      arr: number;
      urgency: number;
      healthDecline: number;
      usageDecline: number;
      strategic: number;
    };
    /** ARR (currency units) at which the ARR factor starts above 0 (log scale). */
    arrFloor: number;
    /** ARR (currency units) at which the ARR factor reaches 1 (log scale). */
    arrSaturation: number;
    /** Days to renewal at which urgency has halved (days; urgency = 0.5^(days / this)). */
    urgencyHalfLifeDays: number;
    /** Health points lost against 30 days ago that count as a full decline (points). */
    healthDeclineFullPoints: number;
    /** Usage decline that counts as full (percent). */
    usageDeclineFullPct: number;
    /**
     * "Why this is first" names a factor only when it raised the score by at least this many
     * points of the 0-100 score (points = 100 × wᵢ·fᵢ / Σ wᵢ); a factor adding nothing is never
     * named, whatever this is. At 1 point, urgency at 365 days (0.2 points) is not a reason.
     */
    reasonMinPoints: number;
  };
  summary: {
    /** Workflows in each CSM's priority list (count). */
    priorityListSize: number;
  };
  snooze: {
    /** A step snoozed for more than this in total needs a reason to snooze again (days). */
    rotLimitDays: number;
    /** Further days untouched after the rot wake-up before it goes to the manager (days). */
    managerAfterDays: number;
  };
}

/** Every key of {@link PerContractStatus}, in a fixed order. */
export const CONTRACT_STATUSES_OR_NONE = [
  'active',
  'expiring',
  'expired',
  'renewed',
  'churned',
  'none',
] as const satisfies readonly ContractStatusOrNone[];

export const DEFAULT_SETTINGS: DomainSettings = {
  stages: {
    emergencyMaxDays: 7,
    criticalMaxDays: 14,
    urgentMaxDays: 30,
    finalizeMaxDays: 60,
    negotiateMaxDays: 90,
    activeMaxDays: 120,
    prepareMaxDays: 180,
  },
  contract: { expiringWithinDays: 120 },
  sentiment: { positiveAbove: 0.2, negativeBelow: -0.2 },
  windows: { usageDays: 30, sentimentDays: 90, healthLookbackDays: 30, spikeTrailingDays: 30 },
  events: { usageSpikeFactor: 2, burstWindowMinutes: 60 },
  triggers: { riskScoreAtLeast: 7, opportunityScoreAtLeast: 6, inBandWithinDays: 120 },
  preparationWindow: { minDays: 121, maxDays: 180 },
  health: {
    weights: { usage: 0.4, support: 0.3, engagement: 0.15, contract: 0.15 },
    usage: {
      trendWeight: 0.5,
      utilisationWeight: 0.5,
      // flat usage scores 50; +50 % or more scores 100
      trendPct: { zeroAt: -50, fullAt: 50 },
      utilisation: { zeroAt: 0, fullAt: 1 },
    },
    support: {
      ticketsWeight: 0.5,
      sentimentWeight: 0.5,
      openTickets: { zeroAt: 4, fullAt: 0 },
      sentiment: { zeroAt: -1, fullAt: 1 },
    },
    engagement: {
      championWeight: 0.6,
      executiveWeight: 0.4,
      champions: { zeroAt: 0, fullAt: 1 },
      executives: { zeroAt: 0, fullAt: 1 },
    },
    contract: { active: 100, renewed: 100, expiring: 75, expired: 20, churned: 0, none: 60 },
  },
  risk: {
    // out of 10: without a usage decline or negative sentiment, risk stays ≤ 5
    weights: { health: 4, usageTrend: 3, sentiment: 2, contract: 1 },
    health: { zeroAt: 85, fullAt: 35 },
    usageTrendPct: { zeroAt: 0, fullAt: -40 },
    sentiment: { zeroAt: 0, fullAt: -0.4 },
    contract: { active: 0, renewed: 0, expiring: 0.5, expired: 1, churned: 1, none: 0.25 },
  },
  opportunity: {
    // out of 10: without usage growth, opportunity stays ≤ 5.5 (below the trigger)
    weights: { usageTrend: 4.5, utilisation: 2.5, health: 1.5, contract: 1.5 },
    usageTrendPct: { zeroAt: 0, fullAt: 30 },
    utilisation: { zeroAt: 0.5, fullAt: 1 },
    health: { zeroAt: 50, fullAt: 90 },
    contract: { active: 1, renewed: 1, expiring: 0.8, expired: 0, churned: 0, none: 0.5 },
  },
  priority: {
    weights: { arr: 1.5, urgency: 1, healthDecline: 1.5, usageDecline: 1.2, strategic: 2 },
    arrFloor: 1_000,
    arrSaturation: 1_000_000,
    urgencyHalfLifeDays: 60,
    healthDeclineFullPoints: 20,
    usageDeclineFullPct: 50,
    reasonMinPoints: 1,
  },
  summary: { priorityListSize: 10 },
  snooze: { rotLimitDays: 7, managerAfterDays: 2 },
};

export { type SettingsOverrides, settingsOverridesSchema, settingsSchema };

/** Bad per-company settings: one line per bad key, `path.to.key: what is expected`. */
export class SettingsError extends Error {
  readonly code = 'settings_invalid';
  readonly issues: string[];

  constructor(issues: string[]) {
    super(`invalid settings: ${issues.join('; ')}`);
    this.name = 'SettingsError';
    this.issues = issues;
  }
}

/**
 * The settings of one company: `overrides` (a deep partial of {@link DomainSettings}, e.g.
 * `companies.settings`; `null`/`undefined` = none) merged over {@link DEFAULT_SETTINGS}.
 * Throws {@link SettingsError} naming every bad key: unknown keys, values out of range, and
 * rules across keys (stage boundaries strictly increasing, ramps pointing the right way,
 * weight groups not all zero). Call once per company, not per customer.
 */
export function resolveSettings(overrides: unknown): DomainSettings {
  const partial = settingsOverridesSchema.safeParse(overrides ?? {});
  if (!partial.success) throw new SettingsError(describeIssues(partial.error.issues));
  const merged = settingsSchema.safeParse(mergeDeep(DEFAULT_SETTINGS, partial.data));
  if (!merged.success) throw new SettingsError(describeIssues(merged.error.issues));
  return merged.data;
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

function describeIssues(issues: readonly Issue[]): string[] {
  return issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => `${at ? `${at}.` : ''}${key}: unknown setting`);
    }
    return [`${at || '(root)'}: ${issue.message}`];
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeDeep(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = mergeDeep(base[key], value);
  return out;
}
