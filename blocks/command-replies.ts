/**
 * Replies to `/renubu` (PRODUCT.md §5), all ephemeral: the help, today, the workflow list,
 * and the polite answers to someone who is not a CSM or to a word we do not know. Nothing
 * here says anything about data the asker may not see.
 */
import type { KnownBlock } from '@slack/types';
import { exampleDate } from '../src/domain/durations.ts';
import { dayNotRunLine, itemLine, TEXT_MAX } from './cards.ts';
import { context, header, section } from './elements.ts';
import { dayInWords, firstName, instantInWords, mrkdwnText } from './format.ts';
import { digestMessage, type SlackMessage } from './morning-dm.ts';
import type { CsmDigest, HomeState, WorkItem } from './types.ts';

/** Every sub-command of PRODUCT.md §5, in the order the help shows them. */
export const COMMAND_HELP = [
  { usage: '/renubu', does: 'this help' },
  { usage: '/renubu today', does: "today's one thing and your priority list" },
  { usage: '/renubu list', does: 'your active, snoozed and escalated workflows' },
  {
    usage: '/renubu snooze [STEP] DURATION [reason…]',
    does: 'snooze a step, e.g. `/renubu snooze 2d waiting for finance approval`',
  },
  { usage: '/renubu skip [STEP] reason…', does: 'skip a step, saying why' },
  { usage: '/renubu resume [STEP]', does: 'resume a snoozed step' },
] as const;

/** The notes under the commands; the example date is a week after `today` (the CSM's date). */
function helpNotes(today: string): string {
  return (
    `DURATION: \`30m\`, \`4h\`, \`2d\`, \`1w\`, \`tomorrow\`, \`monday\` or a date (\`${exampleDate(today)}\`). ` +
    "Without STEP: the current step of the workflow whose thread you're in, else of your " +
    'most recent active workflow.'
  );
}

function helpBlocks(today: string): KnownBlock[] {
  const lines = COMMAND_HELP.map((c) => `\`${c.usage}\`  ${c.does}`);
  return [section(lines.join('\n')), context(helpNotes(today))];
}

/**
 * `/renubu` alone (or `help`): every sub-command with one line each. `today` is the CSM's
 * date (YYYY-MM-DD, from the injected clock in their zone): examples are computed from it.
 */
export function helpReply(today: string): SlackMessage {
  return {
    text: 'Renubu commands: /renubu today, list, snooze, skip, resume',
    blocks: [
      section(
        "*Renubu* tells you the one thing that matters most today. Here's what I understand:",
      ),
      ...helpBlocks(today),
    ],
  };
}

/** `/renubu today`: the morning DM, as of now, for the asker only. */
export function todayReply(digest: CsmDigest): SlackMessage {
  if (!digest.oneThing && digest.dayNotRun) return notRunYetReply(digest);
  return digestMessage(digest, 'Hi');
}

/** `/renubu today` before the day's run: say so, rather than "all clear". */
function notRunYetReply(digest: CsmDigest): SlackMessage {
  const name = mrkdwnText(firstName(digest.csm.name), 60);
  return {
    text: "Today's daily run has not run yet",
    blocks: [section(dayNotRunLine(name)), context(mrkdwnText(dayInWords(digest.asOf), 60))],
  };
}

/** Lines per state in `/renubu list`, and the text they may take (a section holds 3,000). */
export const LIST_REPLY_MAX = { lines: 25, chars: 2800 } as const;

function stateLines<T extends WorkItem>(
  title: string,
  count: number,
  items: T[],
  extra: (item: T) => string[],
): KnownBlock[] {
  const total = Math.max(count, items.length);
  const lines: string[] = [];
  let chars = 0;
  for (const item of items.slice(0, LIST_REPLY_MAX.lines)) {
    const line = itemLine(item, lines.length + 1, extra(item));
    if (chars + line.length + 1 > LIST_REPLY_MAX.chars) break;
    lines.push(line);
    chars += line.length + 1;
  }
  const body = lines.length > 0 ? lines.join('\n') : `_Nothing ${title.toLowerCase()}._`;
  const more = total - lines.length;
  return [
    section(`*${title} (${total})*\n${body}`),
    ...(more > 0 ? [context(`…and ${more} more, of lower priority.`)] : []),
  ];
}

/** `/renubu list`: Active, Snoozed and Escalated with counts and compact lines. */
export function listReply(state: HomeState): SlackMessage {
  const { timezone } = state.digest.csm;
  const { counts } = state;
  const blocks: KnownBlock[] = [
    header('Your workflows'),
    ...stateLines('Active', counts.active, state.active, () => []),
    ...stateLines('Snoozed', counts.snoozed, state.snoozed, (item) =>
      item.snoozedUntil === null
        ? []
        : [
            `until ${mrkdwnText(instantInWords(item.snoozedUntil, timezone, state.digest.asOf), 40)}`,
          ],
    ),
    ...stateLines('Escalated', counts.escalated, state.escalated, (item) =>
      item.escalatedTo === null ? [] : [`to ${mrkdwnText(item.escalatedTo, TEXT_MAX.person)}`],
    ),
    context('The Renubu Home tab has a button for each.'),
  ];
  const active = Math.max(counts.active, state.active.length);
  const snoozed = Math.max(counts.snoozed, state.snoozed.length);
  const escalated = Math.max(counts.escalated, state.escalated.length);
  return {
    text: `Your workflows: ${active} active, ${snoozed} snoozed, ${escalated} escalated`,
    blocks,
  };
}

const NOT_A_CSM =
  'I only work for the customer success managers set up in Renubu; ' +
  'ask your Renubu admin to add you.';

/** Anyone who is not a CSM of Renubu: polite, and no data. */
export function notACsmReply(): SlackMessage {
  return { text: NOT_A_CSM, blocks: [section(NOT_A_CSM)] };
}

/** `/renubu WORD` for a word we do not know: say so, then the help. */
export function unknownCommandReply(word: string, today: string): SlackMessage {
  const shown = word.replace(/`/g, "'").replace(/\s+/g, ' ').trim() || '(nothing)';
  const safe = mrkdwnText(shown, 60);
  return {
    text: `I don't understand "/renubu ${safe}": try /renubu for help`,
    blocks: [
      section(
        `I don't understand \`/renubu ${safe}\`, so nothing was changed. Here's what I understand:`,
      ),
      ...helpBlocks(today),
    ],
  };
}
