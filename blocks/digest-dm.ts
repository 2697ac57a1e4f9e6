/**
 * The nightly digest's Slack DM (PRODUCT.md §1, §6): beside the email, one DM the evening
 * before with the snoozed steps that wake tomorrow, each with Resume (to do it now). At most
 * 10 steps by name, then how many more: well under Slack's 50 blocks a message.
 */
import { snoozedDueBlocks } from './cards.ts';
import { context } from './elements.ts';
import { dayInWords, firstName, mrkdwnText, plural } from './format.ts';
import type { SlackMessage } from './morning-dm.ts';
import type { SnoozedStep } from './types.ts';

export const DIGEST_DM_STEPS_MAX = 10;

export interface DigestDmInput {
  csmName: string;
  timeZone: string;
  /** The CSM's today (YYYY-MM-DD): the steps fall due on the day after. */
  today: string;
  dueDay: string;
  steps: SnoozedStep[];
}

export function digestDm(input: DigestDmInput): SlackMessage {
  const { steps, timeZone, today, dueDay } = input;
  const due = `tomorrow, ${mrkdwnText(dayInWords(dueDay), 40)}`;
  const name = mrkdwnText(firstName(input.csmName), 100);
  return {
    text: `${plural(steps.length, 'snoozed step')} due ${due}`,
    blocks: [
      ...snoozedDueBlocks(steps, timeZone, today, DIGEST_DM_STEPS_MAX, due),
      context(`Good evening, ${name}: these wake tomorrow; the same list went to your inbox.`),
    ],
  };
}
