/**
 * The demo's scenario mix: what kinds of accounts the portfolio holds and how many. Each row
 * constructs the signals PRODUCT.md §3 reads (days to renewal, contract status, usage trend,
 * seat utilisation, ticket sentiment and open high/urgent tickets, contacts), so that every
 * stage and every trigger of the decision matrix occurs by construction:
 *
 * - renewal-* rows cover the stages emergency … active (renewal trigger), renewal-preparation
 *   the prepare band (preparation trigger), renewal-expired an active contract past its date.
 * - risk-* rows stack every risk signal (steep usage decline, negative sentiment, open
 *   urgent/high tickets, champion gone), inside and outside the 120-day renewal band.
 * - opportunity-* rows grow usage 30-60% at 95%+ of seats with happy tickets, in and out of band.
 * - strategic-* rows carry account_plan invest/expand; renewed-early and churned rows end their
 *   cycle; monitor-* rows are the quiet majority that should trigger nothing.
 */

export type ContractStatus = 'active' | 'renewed' | 'churned';
export type AccountPlan = 'maintain' | 'invest' | 'expand' | 'at_risk';
export type SentimentBand = 'positive' | 'neutral' | 'negative';
/** engaged: champion and executive active; champion-lost: champion left; dark: both left. */
export type ContactsState = 'engaged' | 'champion-lost' | 'dark';
export type ArrTier = 'small' | 'mid' | 'large';
export type Range = readonly [min: number, max: number];

export interface Scenario {
  name: string;
  /** Accounts generated, Justin's included. */
  count: number;
  /** How many of them are Justin's: always small ARR, so Obsidian Black stays his largest. */
  justin: number;
  /** Renewal date of the current contract minus the demo day. */
  daysToRenewal: Range;
  contractStatus: ContractStatus;
  /** Active users of the last 30 days against the 30 before, in percent. */
  usageTrendPct: Range;
  /** Average daily active users of the last 30 days over seats. */
  utilisation: Range;
  sentiment: SentimentBand;
  /** Tickets opened in the last 90 days, and how many of them are open at high/urgent. */
  tickets: Range;
  openHighUrgent: Range;
  contacts: ContactsState;
  arr: ArrTier;
  plan: AccountPlan | null;
  strategic: boolean;
}

type Row = [
  name: string,
  count: number,
  justin: number,
  days: Range,
  status: ContractStatus,
  trend: Range,
  utilisation: Range,
  sentiment: SentimentBand,
  tickets: Range,
  openHighUrgent: Range,
  contacts: ContactsState,
  arr: ArrTier,
  plan: AccountPlan | null,
  strategic: boolean,
];

// biome-ignore format: the scenario table reads best aligned
const TABLE: Row[] = [
  // name                     count justin days        status     trend %     utilisation   sentiment   tickets open hi contacts         arr      plan        strategic
  ['renewal-emergency',       6,    0,     [0, 7],     'active',  [-6, 6],    [0.55, 0.8],  'neutral',  [1, 3], [0, 0], 'engaged',       'mid',   'maintain', false],
  ['renewal-critical',        6,    0,     [8, 14],    'active',  [-6, 6],    [0.55, 0.8],  'neutral',  [1, 3], [0, 0], 'engaged',       'mid',   'maintain', false],
  ['renewal-urgent',          8,    0,     [15, 30],   'active',  [-6, 6],    [0.55, 0.8],  'neutral',  [1, 3], [0, 0], 'engaged',       'mid',   'maintain', false],
  ['renewal-finalize',        12,   1,     [31, 60],   'active',  [-5, 8],    [0.6, 0.82],  'neutral',  [0, 3], [0, 0], 'engaged',       'mid',   'maintain', false],
  ['renewal-negotiate',       14,   0,     [61, 90],   'active',  [-5, 8],    [0.6, 0.82],  'neutral',  [0, 3], [0, 0], 'engaged',       'mid',   'maintain', false],
  ['renewal-standard',        16,   0,     [91, 120],  'active',  [-5, 8],    [0.6, 0.82],  'neutral',  [0, 3], [0, 0], 'engaged',       'mid',   'maintain', false],
  ['renewal-preparation',     24,   1,     [121, 180], 'active',  [-5, 8],    [0.6, 0.82],  'neutral',  [0, 3], [0, 0], 'engaged',       'mid',   'maintain', false],
  ['renewal-expired',         5,    0,     [-21, -1],  'active',  [-12, -2],  [0.4, 0.6],   'neutral',  [1, 3], [0, 0], 'engaged',       'mid',   null,       false],
  ['risk-in-band',            14,   0,     [16, 120],  'active',  [-60, -40], [0.2, 0.4],   'negative', [3, 6], [1, 2], 'dark',          'mid',   'at_risk',  false],
  ['risk-out-of-band',        16,   1,     [181, 340], 'active',  [-55, -40], [0.2, 0.4],   'negative', [3, 6], [1, 3], 'champion-lost', 'mid',   'at_risk',  false],
  ['opportunity-in-band',     14,   0,     [31, 120],  'active',  [30, 60],   [0.95, 0.99], 'positive', [1, 3], [0, 0], 'engaged',       'mid',   'maintain', false],
  ['opportunity-out-of-band', 18,   0,     [181, 360], 'active',  [30, 60],   [0.95, 0.99], 'positive', [1, 3], [0, 0], 'engaged',       'mid',   'maintain', false],
  ['strategic-invest',        10,   0,     [181, 540], 'active',  [2, 12],    [0.7, 0.85],  'positive', [0, 2], [0, 0], 'engaged',       'large', 'invest',   true],
  ['strategic-expand',        8,    0,     [200, 540], 'active',  [5, 15],    [0.75, 0.88], 'positive', [1, 3], [0, 0], 'engaged',       'large', 'expand',   true],
  ['renewed-early',           8,    0,     [10, 100],  'renewed', [0, 10],    [0.65, 0.85], 'positive', [0, 2], [0, 0], 'engaged',       'mid',   'maintain', false],
  ['churned',                 10,   0,     [-90, -5],  'churned', [-85, -60], [0.05, 0.2],  'negative', [1, 4], [0, 0], 'dark',          'mid',   null,       false],
  ['monitor-steady',          120,  26,    [181, 700], 'active',  [-8, 10],   [0.55, 0.85], 'neutral',  [0, 3], [0, 0], 'engaged',       'mid',   'maintain', false],
  ['monitor-quiet',           40,   6,     [181, 365], 'active',  [-12, 0],   [0.45, 0.65], 'neutral',  [0, 1], [0, 0], 'engaged',       'small', null,       false],
];

// biome-ignore format: one line per group of columns, in table order
export const SCENARIOS: readonly Scenario[] = TABLE.map(
  ([name, count, justin, daysToRenewal, contractStatus, usageTrendPct, utilisation, sentiment,
    tickets, openHighUrgent, contacts, arr, plan, strategic]) => ({
    name, count, justin, daysToRenewal, contractStatus, usageTrendPct, utilisation, sentiment,
    tickets, openHighUrgent, contacts, arr, plan, strategic,
  }),
);

/** ARR in dollars: log-uniform between min and max, bent toward min by `skew` (> 1). */
export const ARR_TIERS: Record<ArrTier, { min: number; max: number; skew: number }> = {
  small: { min: 8_000, max: 45_000, skew: 1.3 },
  mid: { min: 8_000, max: 600_000, skew: 2.4 },
  large: { min: 120_000, max: 600_000, skew: 1.4 },
};

/** Each ticket's sentiment is drawn from its account's band (-1 … 1). */
export const SENTIMENT_BANDS: Record<SentimentBand, Range> = {
  positive: [0.35, 0.9],
  neutral: [-0.15, 0.2],
  negative: [-0.9, -0.35],
};
