/**
 * The pieces every surface shares, so the morning DM, `/renubu today` and the App Home show
 * the same card and lines: the one thing with "Why this is first" (PRODUCT.md §11), a
 * compact work-item line with its Open button, and the banner of snoozed steps due today.
 * Every piece of input text is escaped and cut to a fixed length, so a surface's size is
 * bounded by how many pieces it shows, whatever the names and reasons hold.
 */
import type { KnownBlock, SectionBlock } from '@slack/types';
import { formatMoney } from '../src/domain/index.ts';
import { ACTION, instanceValue, stepValue } from './action-ids.ts';
import { actions, button, context, section } from './elements.ts';
import {
  dayInWords,
  firstName,
  healthInWords,
  instantInWords,
  mrkdwnText,
  plural,
  renewalPhrase,
  stageInWords,
  typeInWords,
} from './format.ts';
import type { CsmDigest, SnoozedStep, WorkItem } from './types.ts';

/** Longest shown length (once escaped) of each piece of input text. */
export const TEXT_MAX = {
  cardName: 150,
  lineName: 80,
  type: 80,
  why: 600,
  reason: 80,
  step: 60,
  stepReason: 150,
  person: 60,
  state: 200,
} as const;

/** Where to see what a capped list leaves out. */
export const MORE_HINT = 'use /renubu list';

function typeText(type: string): string {
  return mrkdwnText(typeInWords(type), TEXT_MAX.type);
}

function priorityText(item: WorkItem): string {
  return `priority ${Math.round(item.priorityScore)}`;
}

/** Entries of the list shown by name in "also open" before "+N more". */
const ALSO_MAX = 3;

/**
 * The customer's other open workflows beside its priority-list entry (PRODUCT.md §3):
 * `also open: Renewal preparation, Strategic planning`; nothing when there are none.
 */
function alsoPhrases(item: WorkItem): string[] {
  const also = item.also ?? [];
  if (also.length === 0) return [];
  const named = also.slice(0, ALSO_MAX).map(typeText).join(', ');
  const more = also.length > ALSO_MAX ? ` +${also.length - ALSO_MAX} more` : '';
  return [`also open: ${named}${more}`];
}

/** `Good morning, Justin · Wednesday 25 November 2026`: the CSM's first name and date. */
/**
 * Before the CSM's day has been run (no priority list yet): say so, never "all clear";
 * `/renubu today` and App Home alike.
 */
export function dayNotRunLine(name: string | null = null): string {
  return (
    `*Today's daily run has not run yet${name === null ? '' : `, ${name}`}.* Your one thing ` +
    'and priority list come once it has (at 06:00 your time); `/renubu list` shows your open ' +
    'workflows now.'
  );
}

export function greetingLine(digest: CsmDigest, greeting: string): string {
  const name = mrkdwnText(firstName(digest.csm.name), 60);
  return `${greeting}, ${name} · ${mrkdwnText(dayInWords(digest.asOf), 60)}`;
}

/**
 * The one thing: who, what, the facts, why it is first, its state once begun, and Let's Begin
 * (Continue once begun) / Snooze workflow.
 */
export function oneThingBlocks(item: WorkItem): KnownBlock[] {
  const facts = [
    `${formatMoney(item.arr)} ARR`,
    renewalPhrase(item.daysToRenewal),
    stageInWords(item.stage),
    healthInWords(item.healthScore),
  ];
  const why =
    item.reasons.length > 0 ? item.reasons.join(' · ') : `the highest ${priorityText(item)}`;
  const value = instanceValue(item.instanceId);
  return [
    section(
      `*${mrkdwnText(item.customerName, TEXT_MAX.cardName)}*\n` +
        `${[typeText(item.type), priorityText(item), ...alsoPhrases(item)].join(' · ')}\n` +
        mrkdwnText(facts.join(' · '), 400),
    ),
    section(`*Why this is first:* ${mrkdwnText(why, TEXT_MAX.why)}`),
    ...(item.state.begun ? [context(`▶️ Under way · ${stateText(item)}`)] : []),
    actions(
      // A workflow already begun is shown as begun (PRODUCT.md §3): Continue, never Let's Begin.
      item.state.begun
        ? button('Continue', ACTION.open, value, 'primary')
        : button("Let's Begin", ACTION.begin, value, 'primary'),
      button('Snooze workflow', ACTION.snoozeWorkflow, value),
    ),
  ];
}

/** The workflow's state in words (`Step 3 of 4 · Save plan · 1 snoozed step`), escaped. */
export function stateText(item: WorkItem): string {
  return mrkdwnText(item.state.label, TEXT_MAX.state);
}

/** The reason worth a line: the first that is not the ARR (the line shows ARR already). */
function shortReason(item: WorkItem): string {
  return item.reasons.find((r) => !/\bARR\b/.test(r)) ?? renewalPhrase(item.daysToRenewal);
}

/**
 * One compact line: `*2. Acme* · Renewal preparation · priority 72 · $50K ARR · usage −32%…`,
 * then any `extra` phrases (already escaped), each short.
 */
export function itemLine(item: WorkItem, rank: number | null, extra: string[] = []): string {
  const name = mrkdwnText(item.customerName, TEXT_MAX.lineName);
  return [
    `*${rank === null ? '' : `${rank}. `}${name}*`,
    typeText(item.type),
    priorityText(item),
    `${formatMoney(item.arr)} ARR`,
    mrkdwnText(shortReason(item), TEXT_MAX.reason),
    ...alsoPhrases(item),
    ...(item.state.begun ? [stateText(item)] : []),
    ...extra,
  ].join(' · ');
}

/** A compact line with its Open button (Continue once begun). */
export function itemBlock(item: WorkItem, rank: number | null, extra: string[] = []): SectionBlock {
  return section(
    itemLine(item, rank, extra),
    button(item.state.begun ? 'Continue' : 'Open', ACTION.open, instanceValue(item.instanceId)),
  );
}

/** `…and 12 more: use /renubu list` when `shown` of `total` are listed, else nothing. */
export function moreBlocks(total: number, shown: number, hint = MORE_HINT): KnownBlock[] {
  return total > shown ? [context(`…and ${total - shown} more: ${hint}`)] : [];
}

/**
 * "⏰ N snoozed steps due today", then up to `cap` steps (customer · step · until, in the
 * CSM's zone · reason) each with a Resume button, then how many more. Nothing when none.
 */
export function snoozedDueBlocks(
  steps: SnoozedStep[],
  timeZone: string,
  today: string,
  cap = 5,
  when = 'today',
): KnownBlock[] {
  if (steps.length === 0) return [];
  const shown = steps.slice(0, cap).map((step) => {
    const parts = [
      `*${mrkdwnText(step.customerName, TEXT_MAX.lineName)}*`,
      mrkdwnText(step.stepTitle, TEXT_MAX.step),
      `snoozed until ${mrkdwnText(instantInWords(step.snoozedUntil, timeZone, today), 40)}`,
    ];
    if (step.reason) parts.push(`“${mrkdwnText(step.reason, TEXT_MAX.stepReason)}”`);
    if (step.workflowLabel)
      parts.push(`workflow now: ${mrkdwnText(step.workflowLabel, TEXT_MAX.state)}`);
    return section(
      parts.join(' · '),
      button('Resume', ACTION.resumeStep, stepValue(step.executionId, step.stepIndex)),
    );
  });
  return [
    section(`⏰ *${plural(steps.length, 'snoozed step')} due ${when}*`),
    ...shown,
    ...moreBlocks(steps.length, shown.length),
  ];
}
