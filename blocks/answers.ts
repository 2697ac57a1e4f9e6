/**
 * The conversation's answers in the DM (PRODUCT.md §11): the account card ("how is Obsidian
 * Black doing?"), why a customer is first, the CSM's snoozed or escalated steps with a Resume
 * button each, and the renewals of a month. Pure: the numbers come in loaded by the read
 * model (src/workflows/answers.ts) from the same summaries every surface reads, and every
 * name and reason is escaped and cut here, so a message stays within Slack's limits.
 */
import type { KnownBlock } from '@slack/types';
import { formatDollars } from '../src/domain/money.ts';
import { ACTION, stepValue } from './action-ids.ts';
import { itemBlock, moreBlocks, stateText, TEXT_MAX } from './cards.ts';
import { button, context, fieldsSection, section } from './elements.ts';
import {
  dayInWords,
  escapeMrkdwn,
  healthInWords,
  instantInWords,
  mrkdwnText,
  plural,
  renewalPhrase,
  stageInWords,
} from './format.ts';
import type { SlackMessage } from './morning-dm.ts';
import type { WorkItem } from './types.ts';

/** Most workflows an account card lists, and most steps a step list shows (50 blocks a message). */
export const ANSWER_MAX = { workflows: 10, steps: 20, renewals: 25, renewalChars: 2700 } as const;

const MINUS = '\u2212';

/** One account as the card shows it. */
export interface AccountCardInput {
  customerName: string;
  /** Customer ARR, in currency units (shown in full dollars). */
  arr: number;
  /** The latest scores (null before the first daily run), as of `scoresAsOf`. */
  scores: {
    asOf: string;
    healthScore: number;
    riskScore: number;
    usageTrendPct: number;
    sentiment: string;
    stage: string | null;
    daysToRenewal: number | null;
  } | null;
  /** The usage trend's window (settings.windows.usageDays). */
  usageDays: number;
  renewalDate: string | null;
  /** The customer's open workflows, highest priority first, each with its one state. */
  workflows: WorkItem[];
  /** Whether a usage chart image follows the card. */
  chart: boolean;
}

/** `usage −12% over 30 days`, `usage +4% over 30 days`, `usage flat over 30 days`. */
export function usageTrendPhrase(pct: number, days: number): string {
  const rounded = Math.round(pct);
  const over = `over ${plural(days, 'day')}`;
  if (rounded === 0) return `usage flat ${over}`;
  return `usage ${rounded < 0 ? MINUS : '+'}${Math.abs(rounded)}% ${over}`;
}

function renewalText(input: AccountCardInput): string {
  const days = input.scores?.daysToRenewal ?? null;
  if (input.renewalDate === null) return 'No renewal date';
  return `${mrkdwnText(dayInWords(input.renewalDate), 60)} · ${renewalPhrase(days)}`;
}

/** The account card: the facts, then each open workflow with its state and Open button. */
export function accountCard(input: AccountCardInput): SlackMessage {
  const name = mrkdwnText(input.customerName, TEXT_MAX.cardName);
  const s = input.scores;
  const fields = [
    `*Health*\n${s ? healthInWords(s.healthScore) : healthInWords(null)}`,
    `*Usage*\n${s ? usageTrendPhrase(s.usageTrendPct, input.usageDays) : 'no usage trend yet'}`,
    `*Renewal*\n${renewalText(input)}`,
    `*ARR*\n${formatDollars(input.arr)}`,
    `*Risk*\n${s ? `risk ${s.riskScore.toFixed(1)}/10 · ${mrkdwnText(s.sentiment, 20)} sentiment` : 'no risk score yet'}`,
    `*Stage*\n${mrkdwnText(stageInWords(s?.stage ?? null), 60)}`,
  ];
  const shown = input.workflows.slice(0, ANSWER_MAX.workflows);
  const blocks: KnownBlock[] = [
    fieldsSection(`*${name}*`, fields),
    ...(s ? [] : [context('No scores yet: the daily run has not scored this account.')]),
    section(
      shown.length === 0
        ? '*Open workflows:* none'
        : `*Open workflows (${input.workflows.length})*`,
    ),
    ...shown.map((item) => itemBlock(item, null, item.state.begun ? [] : [stateText(item)])),
    ...moreBlocks(input.workflows.length, shown.length),
    ...(s ? [context(`Scores as of ${mrkdwnText(dayInWords(s.asOf), 60)}`)] : []),
    ...(input.chart ? [context('Usage over the last 60 days: the chart follows.')] : []),
  ];
  const facts = s
    ? `${healthInWords(s.healthScore)}, ${renewalPhrase(s.daysToRenewal)}`
    : 'not scored yet';
  return { text: `${input.customerName}: ${facts}`, blocks };
}

/** A customer the CSM asked about that is not in their book: say so, and how to ask. */
export function notInBookReply(asked: string): SlackMessage {
  const text =
    `I can't find "${mrkdwnText(asked, 80)}" among your customers. ` +
    'Ask about one of your own accounts by name, e.g. "how is Obsidian Black doing?".';
  return { text, blocks: [section(text)] };
}

/** "Why is X first?": where the customer stands on today's list and the factors in words. */
export interface WhyFirstInput {
  customerName: string;
  /** 1-based place on today's priority list, or null when it is not on it. */
  rank: number | null;
  /** Its highest open workflow, as today's list shows it (null: none open). */
  item: WorkItem | null;
}

export function whyFirstReply(input: WhyFirstInput): SlackMessage {
  const name = mrkdwnText(input.customerName, TEXT_MAX.cardName);
  const { item, rank } = input;
  if (item === null) {
    const text = `${name} has no open workflow, so it is not on your priority list.`;
    return { text, blocks: [section(text)] };
  }
  const why =
    item.reasons.length > 0
      ? item.reasons.join(' · ')
      : `priority ${Math.round(item.priorityScore)}`;
  const place =
    rank === 1
      ? 'is first on your list today'
      : rank === null
        ? 'is not on your top list today'
        : `is number ${rank} on your list today`;
  const lead = `*${name}* ${place}`;
  return {
    text: `${input.customerName} ${place}: ${why}`,
    blocks: [section(`${lead}.\n*Why:* ${mrkdwnText(why, TEXT_MAX.why)}`), itemBlock(item, rank)],
  };
}

/** A snoozed or escalated step of the CSM's, as the step list shows it. */
export interface StepEntry {
  executionId: number;
  stepIndex: number;
  customerName: string;
  stepTitle: string;
  /** Snoozed: until when (ISO instant, null when unknown). */
  snoozedUntil?: string | null;
  /** Escalated: to whom (null when unknown). */
  escalatedTo?: string | null;
}

/** "What's snoozed" / "what's escalated": each step with its Resume button, then how many more. */
export function stepsReply(
  which: 'snoozed' | 'escalated',
  steps: StepEntry[],
  timeZone: string,
  today: string,
): SlackMessage {
  const title = `${plural(steps.length, `${which} step`)}`;
  if (steps.length === 0) {
    const text = `Nothing is ${which}.`;
    return { text, blocks: [section(text)] };
  }
  const shown = steps.slice(0, ANSWER_MAX.steps).map((step) => {
    const parts = [
      `*${mrkdwnText(step.customerName, TEXT_MAX.lineName)}*`,
      `step ${step.stepIndex + 1}, ${mrkdwnText(step.stepTitle, TEXT_MAX.step)}`,
    ];
    if (which === 'snoozed' && step.snoozedUntil) {
      parts.push(`until ${mrkdwnText(instantInWords(step.snoozedUntil, timeZone, today), 40)}`);
    }
    if (which === 'escalated' && step.escalatedTo) {
      parts.push(`to ${mrkdwnText(step.escalatedTo, TEXT_MAX.person)}`);
    }
    return section(
      parts.join(' · '),
      button('Resume', ACTION.resumeStep, stepValue(step.executionId, step.stepIndex)),
    );
  });
  return {
    text: `You have ${title}`,
    blocks: [section(`*You have ${title}*`), ...shown, ...moreBlocks(steps.length, shown.length)],
  };
}

/** One renewal of the month. */
export interface RenewalEntry {
  customerName: string;
  renewalDate: string;
  /** Days from the CSM's today (negative: already passed). */
  days: number;
  arr: number;
}

/** "Renewals this month": each customer renewing in the month, soonest first, ARR in full. */
export function renewalsReply(month: string, renewals: RenewalEntry[]): SlackMessage {
  const label = mrkdwnText(month, 40);
  if (renewals.length === 0) {
    const text = `No renewals in ${label}.`;
    return { text, blocks: [section(text)] };
  }
  const total = renewals.reduce((sum, r) => sum + r.arr, 0);
  const lines: string[] = [];
  let chars = 0;
  for (const r of renewals.slice(0, ANSWER_MAX.renewals)) {
    const line =
      `*${mrkdwnText(r.customerName, TEXT_MAX.lineName)}* · ${mrkdwnText(dayInWords(r.renewalDate), 40)} · ` +
      `${renewalPhrase(r.days)} · ${formatDollars(r.arr)} ARR`;
    // one section holds 3,000 characters: the heading and the lines that fit
    if (chars + line.length + 1 > ANSWER_MAX.renewalChars) break;
    lines.push(line);
    chars += line.length + 1;
  }
  const heading = `*Renewals in ${label} (${renewals.length})* · ${formatDollars(total)} ARR`;
  return {
    text: `${plural(renewals.length, 'renewal')} in ${month}, ${formatDollars(total)} ARR`,
    blocks: [
      section(`${heading}\n${lines.join('\n')}`),
      ...moreBlocks(renewals.length, lines.length),
    ],
  };
}

/** The most characters of the forecast table shown in one section (a section holds 3,000). */
const FORECAST_CHARS = 2800;

/**
 * "Forecast": the company's renewals by month and stage, ARR at risk and expected uplift, as
 * the weekly forecast email's table (its lines, monospaced), cut to what one section holds.
 */
export function forecastReply(asOf: string, lines: string[]): SlackMessage {
  const kept: string[] = [];
  let chars = 0;
  for (const line of lines) {
    const safe = escapeMrkdwn(line);
    if (chars + safe.length + 1 > FORECAST_CHARS) break;
    kept.push(safe);
    chars += safe.length + 1;
  }
  const label = mrkdwnText(dayInWords(asOf), 40);
  return {
    text: `The renewal forecast as of ${dayInWords(asOf)}`,
    blocks: [
      section(`*Renewal forecast* as of ${label}\n\`\`\`${kept.join('\n')}\`\`\``),
      context('The full report comes by email every Sunday.'),
    ],
  };
}
