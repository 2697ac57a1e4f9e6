/**
 * The App Home tab (PRODUCT.md §1): always current. The one thing card and the snoozed steps
 * due today (the same pieces as the morning DM), then the workflow state panel: Active,
 * Snoozed and Escalated with their counts, the top items of each with an Open button, and
 * "…and N more" past that. At most 72 blocks, under the tab's 100, for any number of
 * workflows; the counts always cover all of them.
 */
import type { HomeView, KnownBlock } from '@slack/types';
import { ACTION } from './action-ids.ts';
import {
  dayNotRunLine,
  greetingLine,
  itemBlock,
  moreBlocks,
  oneThingBlocks,
  snoozedDueBlocks,
  TEXT_MAX,
} from './cards.ts';
import { button, context, divider, header, section } from './elements.ts';
import { instantInWords, mrkdwnText } from './format.ts';
import type { HomeState, WorkItem } from './types.ts';

/** Items shown per state section of the tab. */
export const HOME_ITEMS_MAX = 15;
/** Snoozed steps due today shown by name. */
export const HOME_SNOOZED_DUE_MAX = 10;

/** `Active (12)`, the first items with their extra phrases, and how many more. */
function stateSection<T extends WorkItem>(
  title: string,
  count: number,
  items: T[],
  extra: (item: T) => string[],
): KnownBlock[] {
  const total = Math.max(count, items.length);
  const shown = items.slice(0, HOME_ITEMS_MAX);
  return [
    divider(),
    header(`${title} (${total})`),
    ...(shown.length === 0 ? [context(`Nothing ${title.toLowerCase()}.`)] : []),
    ...shown.map((item) => itemBlock(item, null, extra(item))),
    ...moreBlocks(total, shown.length),
  ];
}

/** A Home view whose blocks are known blocks (still a `HomeView` for views.publish). */
export type HomeTab = Omit<HomeView, 'blocks'> & { blocks: KnownBlock[] };

/** The Home tab of one CSM. */
export function appHome(state: HomeState): HomeTab {
  const { digest } = state;
  const { timezone } = digest.csm;
  const until = (iso: string | null) =>
    iso === null
      ? []
      : [`snoozed until ${mrkdwnText(instantInWords(iso, timezone, digest.asOf), 40)}`];
  const to = (who: string | null) =>
    who === null ? [] : [`escalated to ${mrkdwnText(who, TEXT_MAX.person)}`];
  const due = snoozedDueBlocks(digest.snoozedDueToday, timezone, digest.asOf, HOME_SNOOZED_DUE_MAX);
  const blocks: KnownBlock[] = [
    header("Today's One Thing"),
    section(greetingLine(digest, 'Hi'), button('Refresh', ACTION.refreshHome)),
    ...(digest.oneThing
      ? oneThingBlocks(digest.oneThing)
      : [
          section(
            digest.dayNotRun ? dayNotRunLine() : '*All clear today.* Nothing needs you right now.',
          ),
        ]),
    ...(due.length > 0 ? [divider(), ...due] : []),
    ...stateSection('Active', state.counts.active, state.active, () => []),
    ...stateSection('Snoozed', state.counts.snoozed, state.snoozed, (i) => until(i.snoozedUntil)),
    ...stateSection('Escalated', state.counts.escalated, state.escalated, (i) => to(i.escalatedTo)),
  ];
  return { type: 'home', blocks };
}
