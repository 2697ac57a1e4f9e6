import type { KnownBlock } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appHome } from './app-home.ts';
import { mrkdwnToText, renderText } from './console.ts';
import { morningDm } from './morning-dm.ts';
import { snoozeWorkflowModal } from './snooze-workflow-modal.ts';
import { arbDigest } from './test-arbitraries.ts';
import { homeState, justinsDigest, obsidianBlack } from './test-fixtures.ts';

describe('renderText', () => {
  it('prints the morning DM of Obsidian Black', () => {
    const digest = justinsDigest({ priorityList: [obsidianBlack], snoozedDueToday: [] });
    expect(renderText(morningDm(digest))).toMatchInlineSnapshot(`
      "Today's One Thing
      =================
      Good morning, Justin · Wednesday 25 November 2026
      *Obsidian Black*
      Strategic planning · priority 87
      $185K ARR · renewal in 365 days · strategic stage · health 87/100
      *Why this is first:* $185K ARR ×1.5 · renewal in 365 days · strategic account ×2.0
      [Let's Begin] [Snooze workflow]"
    `);
  });

  it('prints the priority list and the snoozed steps due', () => {
    expect(renderText(morningDm(justinsDigest()))).toMatchInlineSnapshot(`
      "Today's One Thing
      =================
      Good morning, Justin · Wednesday 25 November 2026
      *Obsidian Black*
      Strategic planning · priority 87
      $185K ARR · renewal in 365 days · strategic stage · health 87/100
      *Why this is first:* $185K ARR ×1.5 · renewal in 365 days · strategic account ×2.0
      [Let's Begin] [Snooze workflow]
      ────────────────────────────────────────
      *Next on your priority list*
      *2. Acme & Sons* · Renewal preparation · priority 61 · $48K ARR · renewal in 150 days  [Open]
      ────────────────────────────────────────
      ⏰ *1 snoozed step due today*
      *Acme & Sons* · Pricing strategy · snoozed until today 09:00 · “waiting for finance approval”  [Resume]"
    `);
  });

  it('sets Home sections off with their headers', () => {
    const text = renderText({ text: 'Home', blocks: appHome(homeState()).blocks });
    expect(text).toContain(`${'─'.repeat(40)}\nActive (2)\n==========\n*Obsidian Black*`);
    expect(text).toContain('Hi, Justin · Wednesday 25 November 2026  [Refresh]');
  });

  it('prints a modal’s inputs with their options', () => {
    const modal = snoozeWorkflowModal({
      instanceId: 1,
      customerName: 'Obsidian Black',
      type: 'strategic-planning',
      today: '2026-11-25',
    });
    expect(renderText({ text: '', blocks: modal.blocks }).split('\n').slice(2)).toEqual([
      'Snooze for: ( ) 1 day  ( ) 2 days  ( ) 1 week',
      'Or until: [date: 2026-11-26]',
      'Reason: [e.g. waiting for finance approval]',
    ]);
  });

  it.each<[KnownBlock, string]>([
    [{ type: 'divider' }, '─'.repeat(40)],
    [
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*ARR*\n$185K' },
          { type: 'plain_text', text: 'Health 87' },
          { type: 'mrkdwn', text: 'odd' },
        ],
      },
      `${'*ARR* $185K'.padEnd(36)} Health 87\nodd`,
    ],
    [
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'a &amp; b' },
          { type: 'image', image_url: 'https://x.test/i.png', alt_text: 'logo' },
        ],
      },
      'a & b  [image: logo]',
    ],
    [{ type: 'file', external_id: 'f', source: 'remote' }, '[file]'],
  ])('renders %j', (block, text) => {
    expect(renderText({ text: 'fallback', blocks: [block] })).toBe(text);
  });

  it('prints the text when there are no blocks', () => {
    expect(renderText({ text: 'All clear &amp; quiet', blocks: [] })).toBe('All clear & quiet');
  });

  it('makes links, mentions and entities readable', () => {
    expect(mrkdwnToText('<https://renubu.test|Renubu> for <@U1>: &lt;b&gt; &amp;lt;')).toBe(
      'Renubu (https://renubu.test) for @U1: <b> &lt;',
    );
  });

  it('is deterministic and shows every button of any DM', () => {
    fc.assert(
      fc.property(arbDigest, (digest) => {
        const dm = morningDm(digest);
        const text = renderText(dm);
        expect(renderText(morningDm(digest))).toBe(text);
        const first = digest.oneThing?.state.begun ? '[Continue]' : "[Let's Begin]";
        if (digest.oneThing) expect(text).toContain(`${first} [Snooze workflow]`);
      }),
      { numRuns: 50 },
    );
  });
});
