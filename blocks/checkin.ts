/**
 * The weekly forecast check-in DM (PRODUCT.md §11): each renewal due within 90 days with the
 * model's call and three buttons, Commit / At risk / Upside, the CSM's answer shown once
 * given (the message is redrawn in place after a click). At most CHECKIN_ITEMS_MAX renewals
 * are listed (two blocks each), then "and N more", so the message stays under Slack's 50.
 */
import type { Button, KnownBlock } from '@slack/types';
import { formatMoney } from '../src/domain/index.ts';
import { actions, button, context, header, section } from './elements.ts';
import { dayInWords, firstName, mrkdwnText, plural } from './format.ts';
import type { SlackMessage } from './morning-dm.ts';

export type CheckinCallName = 'commit' | 'at_risk' | 'upside';

/** The buttons' action_ids (`<slide>.<verb>`); each button's value is the check-in row id. */
export const CHECKIN_ACTION = {
  commit: 'checkin.commit',
  at_risk: 'checkin.at_risk',
  upside: 'checkin.upside',
} as const satisfies Record<CheckinCallName, string>;

export const CALL_WORDS: Record<CheckinCallName, string> = {
  commit: 'Commit',
  at_risk: 'At risk',
  upside: 'Upside',
};

/** Header, intro, and the "and N more" line leave 47 blocks: 23 renewals of two blocks. */
export const CHECKIN_ITEMS_MAX = 23;
const NAME_MAX = 120;

export interface CheckinItem {
  checkinId: number;
  customerName: string;
  arr: number;
  /** YYYY-MM-DD */
  renewalDate: string;
  modelCall: CheckinCallName;
  answer: CheckinCallName | null;
}

export interface CheckinDmInput {
  csmName: string;
  /** ISO week, YYYY-Www. */
  week: string;
  items: readonly CheckinItem[];
}

/** The call a button stands for, from its action_id; null for any other id. */
export function callOfAction(actionId: string): CheckinCallName | null {
  const found = Object.entries(CHECKIN_ACTION).find(([, id]) => id === actionId);
  return found ? (found[0] as CheckinCallName) : null;
}

function itemBlocks(item: CheckinItem): KnownBlock[] {
  const answer =
    item.answer === null
      ? '_Your call?_'
      : `Your call: *${CALL_WORDS[item.answer]}*${item.answer === item.modelCall ? ' (agrees)' : ' (differs from the model)'}`;
  const line =
    `*${mrkdwnText(item.customerName, NAME_MAX)}* · ${formatMoney(item.arr)} ARR · renews ` +
    `${mrkdwnText(dayInWords(item.renewalDate), 40)}\nModel: *${CALL_WORDS[item.modelCall]}* · ${answer}`;
  const buttons: Button[] = (Object.keys(CHECKIN_ACTION) as CheckinCallName[]).map((call) =>
    button(
      CALL_WORDS[call],
      CHECKIN_ACTION[call],
      String(item.checkinId),
      item.answer === call ? 'primary' : undefined,
    ),
  );
  return [
    { ...section(line), block_id: `checkin.item.${item.checkinId}` },
    { ...actions(...buttons), block_id: `checkin.answer.${item.checkinId}` },
  ];
}

/** The check-in message: notification text and blocks (valid for chat.postMessage/update). */
export function checkinDm(input: CheckinDmInput): SlackMessage {
  const shown = input.items.slice(0, CHECKIN_ITEMS_MAX);
  const more = input.items.length - shown.length;
  const answered = input.items.filter((item) => item.answer !== null).length;
  const count = plural(input.items.length, 'renewal');
  const blocks: KnownBlock[] = [
    header(`Forecast check-in · ${input.week}`),
    context(
      `Hi ${mrkdwnText(firstName(input.csmName), NAME_MAX)}: ${count} due in the next 90 days. ` +
        `For each, is it a commit, at risk or upside? ${answered} of ${input.items.length} answered.`,
    ),
    ...shown.flatMap(itemBlocks),
  ];
  if (more > 0) {
    blocks.push(context(`…and ${more} more; the soonest are listed first.`));
  }
  return { text: `Forecast check-in for ${input.week}: ${count} due in the next 90 days`, blocks };
}
