import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workflowState } from '../src/domain/workflow-state.ts';
import { blockTextLength, checkMessage } from '../src/sandbox/slack/slack-limits.ts';
import { ACTION } from './action-ids.ts';
import { allClearDm, morningDm } from './morning-dm.ts';
import { arbDigest } from './test-arbitraries.ts';
import {
  buttonsOf,
  justinsDigest,
  obsidianBlack,
  snoozedStep,
  textOf,
  workItem,
  worstText,
} from './test-fixtures.ts';
import type { CsmDigest } from './types.ts';

const accepted = (message: { text: string; blocks: unknown[] }) =>
  expect(checkMessage(message)).toBeUndefined();

describe('morningDm', () => {
  const dm = morningDm(justinsDigest());

  it('opens with the one thing, greeting the CSM by first name on their date', () => {
    expect(dm.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: "Today's One Thing", emoji: true },
    });
    expect(textOf(dm.blocks)).toContain('Good morning, Justin · Wednesday 25 November 2026');
    accepted(dm);
  });

  it('shows the card: name, type, ARR, renewal, stage, health and why it is first', () => {
    const text = textOf(dm.blocks);
    expect(text).toContain(
      '*Obsidian Black*\nStrategic planning · priority 87\n' +
        '$185K ARR · renewal in 365 days · strategic stage · health 87/100',
    );
    expect(text).toContain(
      '*Why this is first:* $185K ARR ×1.5 · renewal in 365 days · strategic account ×2.0',
    );
  });

  it('shows a begun workflow as begun: Continue, its step and state, never Let’s Begin', () => {
    const begun = {
      ...obsidianBlack,
      state: workflowState({
        execution: {
          status: 'in_progress',
          currentStep: 2,
          steps: [
            { title: 'Introduction', status: 'snoozed' },
            { title: 'Account overview', status: 'escalated' },
            { title: 'Pricing strategy', status: 'in_progress' },
            { title: 'Summary', status: 'pending' },
          ],
        },
      }),
    };
    const other = workItem({ state: begun.state });
    const message = morningDm(justinsDigest({ oneThing: begun, priorityList: [begun, other] }));
    const buttons = buttonsOf(message.blocks);
    expect(buttons).toContainEqual({ text: 'Continue', action_id: ACTION.open, value: '101' });
    expect(buttons).toContainEqual({ text: 'Continue', action_id: ACTION.open, value: '202' });
    expect(buttons.map((b) => b.text)).not.toContain("Let's Begin");
    const label = 'Step 3 of 4 · Pricing strategy · 1 snoozed step · 1 escalated step';
    expect(textOf(message.blocks)).toContain(`▶️ Under way · ${label}`);
    expect(textOf(message.blocks)).toContain(`*2. Acme &amp; Sons*`);
    expect(textOf(message.blocks).split(label)).toHaveLength(3); // the card and the line
    accepted(message);
  });

  it('sums it up in one notification line', () => {
    expect(dm.text).toBe("Today's one thing: Obsidian Black — strategic planning ($185K ARR)");
  });

  it('carries the workflow or step on each button', () => {
    expect(buttonsOf(dm.blocks)).toEqual([
      { text: "Let's Begin", action_id: ACTION.begin, value: '101' },
      { text: 'Snooze workflow', action_id: ACTION.snoozeWorkflow, value: '101' },
      { text: 'Open', action_id: ACTION.open, value: '202' },
      { text: 'Resume', action_id: ACTION.resumeStep, value: '7:2' },
    ]);
    expect(dm.blocks).toContainEqual(
      expect.objectContaining({
        type: 'actions',
        elements: [expect.objectContaining({ style: 'primary' }), expect.anything()],
      }),
    );
  });

  it('lists the rest compactly, escaped, with a reason that is not the ARR again', () => {
    expect(textOf(dm.blocks)).toContain(
      '*2. Acme &amp; Sons* · Renewal preparation · priority 61 · $48K ARR · renewal in 150 days',
    );
  });

  it('shows snoozed steps due today in the CSM’s time zone', () => {
    const text = textOf(dm.blocks);
    expect(text).toContain('⏰ *1 snoozed step due today*');
    expect(text).toContain(
      '*Acme &amp; Sons* · Pricing strategy · snoozed until today 09:00 · “waiting for finance approval”',
    );
  });

  it.each([
    [0, 'renewal today'],
    [null, 'no renewal date'],
    [-3, 'renewal date passed 3 days ago'],
  ])('says the renewal of %s days as "%s"', (days, phrase) => {
    const item = { ...obsidianBlack, daysToRenewal: days, reasons: [] };
    const { blocks } = morningDm(justinsDigest({ oneThing: item, priorityList: [item] }));
    expect(textOf(blocks)).toContain(`$185K ARR · ${phrase} · strategic stage`);
    expect(textOf(blocks)).toContain('*Why this is first:* the highest priority 87');
  });

  it('shows the rest of the top 10 ranked 2 to 10, and no more', () => {
    const list = [
      obsidianBlack,
      ...Array.from({ length: 14 }, (_, i) => workItem({ instanceId: 300 + i })),
    ];
    const { blocks } = morningDm(justinsDigest({ priorityList: list }));
    const opens = buttonsOf(blocks).filter((b) => b.action_id === ACTION.open);
    expect(opens.map((b) => b.value)).toEqual(list.slice(1, 10).map((i) => String(i.instanceId)));
    expect(textOf(blocks)).toContain('*10. Acme');
    expect(textOf(blocks)).not.toContain('*11. ');
  });

  it.each([
    [1, 1, ''],
    [5, 5, ''],
    [7, 5, '…and 2 more: use /renubu list'],
    [50, 5, '…and 45 more: use /renubu list'],
  ])('with %i snoozed steps due, shows %i', (due, shown, more) => {
    const steps = Array.from({ length: due }, (_, i) => snoozedStep({ executionId: i + 1 }));
    const { blocks } = morningDm(justinsDigest({ snoozedDueToday: steps }));
    expect(buttonsOf(blocks).filter((b) => b.action_id === ACTION.resumeStep)).toHaveLength(shown);
    expect(textOf(blocks)).toContain(`⏰ *${due} snoozed step${due === 1 ? '' : 's'} due today*`);
    if (more) expect(textOf(blocks)).toContain(more);
    else expect(textOf(blocks)).not.toContain('more:');
  });

  it('says all clear when there is no one thing', () => {
    expect(
      morningDm(justinsDigest({ oneThing: null, priorityList: [], snoozedDueToday: [] })),
    ).toEqual(allClearDm(justinsDigest({ snoozedDueToday: [] })));
  });
});

describe('allClearDm', () => {
  it('is short: two blocks and one line', () => {
    const dm = allClearDm(justinsDigest({ oneThing: null, priorityList: [], snoozedDueToday: [] }));
    expect(dm.text).toBe('All clear today: nothing needs you');
    expect(dm.blocks).toHaveLength(2);
    expect(textOf(dm.blocks)).toContain('*All clear today, Justin.*');
    expect(buttonsOf(dm.blocks)).toEqual([]);
    accepted(dm);
  });

  it('still shows the snoozed steps due today', () => {
    const dm = allClearDm(justinsDigest({ snoozedDueToday: [snoozedStep(), snoozedStep()] }));
    expect(dm.text).toBe('All clear today, but 2 snoozed steps are due');
    expect(textOf(dm.blocks)).toContain('⏰ *2 snoozed steps due today*');
    expect(buttonsOf(dm.blocks).map((b) => b.action_id)).toEqual([
      ACTION.resumeStep,
      ACTION.resumeStep,
    ]);
  });
});

describe('within Slack’s limits whatever the digest', () => {
  it('for arbitrary digests: long names, 10 list items, 50 snoozed steps', () => {
    fc.assert(
      fc.property(arbDigest, (digest) => {
        accepted(morningDm(digest));
        accepted(allClearDm(digest));
      }),
      { numRuns: 200 },
    );
  });

  it('for the largest digest: every text 500 characters that triple when escaped', () => {
    const long = worstText();
    const item = (i: number) => ({
      ...obsidianBlack,
      instanceId: i,
      customerName: long,
      type: long,
      stage: long,
      arr: 1e15,
      reasons: Array.from({ length: 50 }, () => long),
    });
    const digest: CsmDigest = {
      csm: { externalId: long, name: long, slackUserId: null, timezone: long },
      asOf: long,
      oneThing: item(1),
      priorityList: Array.from({ length: 10 }, (_, i) => item(i + 1)),
      snoozedDueToday: Array.from({ length: 50 }, () =>
        snoozedStep({ customerName: long, step: long, snoozedUntil: long, reason: long }),
      ),
    };
    const dm = morningDm(digest);
    accepted(dm);
    expect(dm.blocks.length).toBeLessThanOrEqual(24);
    expect(blockTextLength(dm.blocks)).toBeLessThan(6_000);
  });
});
