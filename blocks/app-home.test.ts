import type { HomeView } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateView } from '../src/sandbox/slack/slack-limits.ts';
import { ACTION } from './action-ids.ts';
import { appHome, HOME_ITEMS_MAX } from './app-home.ts';
import { morningDm } from './morning-dm.ts';
import { arbHomeState } from './test-arbitraries.ts';
import {
  buttonsOf,
  homeState,
  justinsDigest,
  obsidianBlack,
  textOf,
  workItem,
} from './test-fixtures.ts';

const items = (n: number, from = 1000) =>
  Array.from({ length: n }, (_, i) => workItem({ instanceId: from + i }));

describe('appHome', () => {
  const home = appHome(homeState());
  const text = textOf(home.blocks);

  it('is a valid Home tab, typed as views.publish takes it', () => {
    const view: HomeView = home;
    expect(view.type).toBe('home');
    expect(validateView(home)).toEqual([]);
  });

  it('shows the same one thing card as the morning DM', () => {
    const dm = morningDm(justinsDigest());
    const card = dm.blocks.slice(2, 5);
    expect(home.blocks.slice(2, 5)).toEqual(card);
  });

  it('has a Refresh button, and the snoozed steps due today', () => {
    expect(buttonsOf(home.blocks)[0]).toEqual({
      text: 'Refresh',
      action_id: ACTION.refreshHome,
      value: undefined,
    });
    expect(text).toContain('⏰ *1 snoozed step due today*');
  });

  it('lists Active, Snoozed and Escalated with counts, until and to whom', () => {
    expect(text).toContain('Active (2)');
    expect(text).toContain('Snoozed (1)');
    expect(text).toContain('Escalated (1)');
    expect(text).toContain('*Initech* · Renewal preparation');
    expect(text).toContain('snoozed until Fri 27 Nov 10:00');
    expect(text).toContain('*Globex* · Renewal preparation');
    expect(text).toContain('escalated to Ana Manager');
    const opens = buttonsOf(home.blocks).filter((b) => b.action_id === ACTION.open);
    expect(opens.map((b) => b.value)).toEqual(['101', '202', '303', '404']);
  });

  it('says all clear and "Nothing snoozed." when there is nothing', () => {
    const empty = appHome(
      homeState({
        digest: justinsDigest({ oneThing: null, priorityList: [], snoozedDueToday: [] }),
        counts: { active: 0, snoozed: 0, escalated: 0 },
        active: [],
        snoozed: [],
        escalated: [],
      }),
    );
    const t = textOf(empty.blocks);
    expect(t).toContain('*All clear today.*');
    for (const s of ['Active (0)', 'Nothing active.', 'Nothing snoozed.', 'Nothing escalated.']) {
      expect(t).toContain(s);
    }
    expect(buttonsOf(empty.blocks).map((b) => b.action_id)).toEqual([ACTION.refreshHome]);
  });

  it.each([
    [3, 3, 3, null],
    [HOME_ITEMS_MAX, HOME_ITEMS_MAX, HOME_ITEMS_MAX, null],
    [400, 400, HOME_ITEMS_MAX, `…and ${400 - HOME_ITEMS_MAX} more: use /renubu list`],
    [5000, 20, HOME_ITEMS_MAX, `…and ${5000 - HOME_ITEMS_MAX} more: use /renubu list`],
  ])('with %i active (%i loaded), shows %i', (count, loaded, shown, more) => {
    const view = appHome(
      homeState({
        counts: { active: count, snoozed: 0, escalated: 0 },
        active: items(loaded),
        snoozed: [],
        escalated: [],
      }),
    );
    const opens = buttonsOf(view.blocks).filter((b) => b.action_id === ACTION.open);
    expect(opens).toHaveLength(shown);
    expect(textOf(view.blocks)).toContain(`Active (${count})`);
    if (more) expect(textOf(view.blocks)).toContain(more);
    else expect(textOf(view.blocks)).not.toContain('more:');
    expect(validateView(view)).toEqual([]);
  });

  it('stays within 100 blocks for a CSM with hundreds of workflows in every state', () => {
    const many = items(300);
    const view = appHome(
      homeState({
        counts: { active: 300, snoozed: 300, escalated: 300 },
        active: many,
        snoozed: many.map((i) => ({ ...i, snoozedUntil: '2026-12-01T09:00:00Z' })),
        escalated: many.map((i) => ({ ...i, escalatedTo: 'Ana' })),
        digest: justinsDigest({ oneThing: obsidianBlack, snoozedDueToday: [] }),
      }),
    );
    expect(validateView(view)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

  it('is valid for arbitrary states: long names, hundreds of items, odd time zones', () => {
    fc.assert(
      fc.property(arbHomeState(300), (state) => {
        expect(validateView(appHome(state))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
