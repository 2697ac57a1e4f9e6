/**
 * The morning DM (PRODUCT.md §1, §3): "Today's One Thing" with why it is first, the rest of
 * the priority list as compact lines, and the snoozed steps due today. Quiet by default
 * (§11): one message, bounded in size whatever the digest holds (at most 24 blocks and
 * about 6,000 characters of block text, under Slack's 50 and 12,000).
 */
import type { KnownBlock } from '@slack/types';
import { formatMoney } from '../src/domain/index.ts';
import { greetingLine, itemBlock, oneThingBlocks, snoozedDueBlocks } from './cards.ts';
import { context, divider, header, section } from './elements.ts';
import { dayInWords, firstName, mrkdwnText, plural, typeInWords } from './format.ts';
import type { CsmDigest } from './types.ts';

/** What chat.postMessage (or a response_url) takes: `text` is the notification line. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** The priority list is the top 10 and the one thing is its first: 9 more lines at most. */
export const LIST_LINES_MAX = 9;
/** Snoozed steps listed by name before "…and N more". */
export const SNOOZED_DUE_MAX = 5;

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function dueBlocks(digest: CsmDigest): KnownBlock[] {
  const { snoozedDueToday, csm, asOf } = digest;
  const banner = snoozedDueBlocks(snoozedDueToday, csm.timezone, asOf, SNOOZED_DUE_MAX);
  return banner.length > 0 ? [divider(), ...banner] : [];
}

/**
 * The digest as a message opened by `greeting` ("Good morning" for the DM, "Hi" for
 * `/renubu today`); the all-clear message when there is no one thing.
 */
export function digestMessage(digest: CsmDigest, greeting: string): SlackMessage {
  const first = digest.oneThing;
  if (!first) return allClearDm(digest);
  const rest = digest.priorityList
    .filter((item) => item.instanceId !== first.instanceId)
    .slice(0, LIST_LINES_MAX);
  const blocks: KnownBlock[] = [
    header("Today's One Thing"),
    context(greetingLine(digest, greeting)),
    ...oneThingBlocks(first),
  ];
  if (rest.length > 0) {
    blocks.push(divider(), section('*Next on your priority list*'));
    blocks.push(...rest.map((item, i) => itemBlock(item, i + 2)));
  }
  blocks.push(...dueBlocks(digest));
  const what = lowerFirst(typeInWords(first.type));
  const name = mrkdwnText(first.customerName, 150);
  return {
    text: `Today's one thing: ${name} — ${mrkdwnText(what, 80)} (${formatMoney(first.arr)} ARR)`,
    blocks,
  };
}

/** The morning DM of a CSM with a one thing (else the all-clear message). */
export function morningDm(digest: CsmDigest): SlackMessage {
  return digestMessage(digest, 'Good morning');
}

/** A CSM with nothing to do: "All clear today", and the snoozed steps due if any. */
export function allClearDm(digest: CsmDigest): SlackMessage {
  const name = mrkdwnText(firstName(digest.csm.name), 60);
  const due = digest.snoozedDueToday.length;
  return {
    text:
      due > 0
        ? `All clear today, but ${plural(due, 'snoozed step')} ${due === 1 ? 'is' : 'are'} due`
        : 'All clear today: nothing needs you',
    blocks: [
      section(`*All clear today, ${name}.* Nothing needs you; I'll message you if that changes.`),
      context(mrkdwnText(dayInWords(digest.asOf), 60)),
      ...dueBlocks(digest),
    ],
  };
}
