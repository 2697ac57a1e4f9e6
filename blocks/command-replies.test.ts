import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDay } from '../src/domain/dates.ts';
import { parseDuration } from '../src/domain/durations.ts';
import { blockTextLength, checkMessage } from '../src/sandbox/slack/slack-limits.ts';
import {
  COMMAND_HELP,
  helpReply,
  LIST_REPLY_MAX,
  listReply,
  notACsmReply,
  todayReply,
  unknownCommandReply,
} from './command-replies.ts';
import { morningDm } from './morning-dm.ts';
import { arbDigest, arbHomeState, text } from './test-arbitraries.ts';
import {
  buttonsOf,
  homeState,
  justinsDigest,
  textOf,
  workItem,
  worstText,
} from './test-fixtures.ts';

const TODAY = '2026-11-25';

const accepted = (message: { text: string; blocks: unknown[] }) =>
  expect(checkMessage(message)).toBeUndefined();

describe('helpReply', () => {
  const help = helpReply(TODAY);

  it.each([
    ['/renubu', 'this help'],
    ['/renubu today', "today's one thing"],
    ['/renubu list', 'active, snoozed and escalated'],
    ['/renubu snooze [STEP] DURATION [reason…]', '/renubu snooze 2d waiting for finance approval'],
    ['/renubu skip [STEP] reason…', 'skip a step'],
    ['/renubu resume [STEP]', 'resume a snoozed step'],
  ])('explains `%s` in one line', (usage, words) => {
    const line = textOf(help.blocks)
      .split('\n')
      .find((l) => l.startsWith(`\`${usage}\` `));
    expect(line).toContain(words);
  });

  it('names every duration form, and nothing else', () => {
    const t = textOf(help.blocks);
    for (const d of ['`30m`', '`4h`', '`2d`', '`1w`', '`tomorrow`', '`monday`', 'a date']) {
      expect(t).toContain(d);
    }
    expect(COMMAND_HELP).toHaveLength(6);
    expect(buttonsOf(help.blocks)).toEqual([]);
    accepted(help);
  });

  it("shows an example date a week after the CSM's today, which a snooze accepts", () => {
    expect(textOf(help.blocks)).toContain('a date (`2026-12-02`)');
    const zones = fc.constantFrom('UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Tokyo');
    const instants = fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01') });
    fc.assert(
      fc.property(instants, zones, (now, zone) => {
        fc.pre(!Number.isNaN(now.getTime()));
        const shown = /a date \(`(\d{4}-\d{2}-\d{2})`\)/.exec(
          textOf(helpReply(localDay(now, zone)).blocks),
        );
        expect(shown).not.toBeNull();
        expect(parseDuration(shown![1]!, now, zone)).toMatchObject({ ok: true });
      }),
    );
  });
});

describe('todayReply', () => {
  it('is the morning DM with a greeting for any time of day', () => {
    const reply = todayReply(justinsDigest());
    const dm = morningDm(justinsDigest());
    expect(textOf(reply.blocks)).toContain('Hi, Justin · Wednesday 25 November 2026');
    expect(reply.blocks.slice(2)).toEqual(dm.blocks.slice(2));
    expect(reply.text).toBe(dm.text);
  });

  it("says the day's run has not run yet, not all clear, before it has", () => {
    const empty = { ...justinsDigest(), oneThing: null, priorityList: [], snoozedDueToday: [] };
    const reply = todayReply({ ...empty, dayNotRun: true });
    expect(reply.text).toBe("Today's daily run has not run yet");
    expect(textOf(reply.blocks)).toContain("*Today's daily run has not run yet, Justin.*");
    expect(textOf(reply.blocks)).not.toMatch(/all clear/i);
    accepted(reply);
    expect(todayReply(empty).text).toBe('All clear today: nothing needs you');
  });
});

describe('listReply', () => {
  it('lists Active, Snoozed and Escalated with counts and compact lines', () => {
    const reply = listReply(homeState());
    const t = textOf(reply.blocks);
    expect(reply.text).toBe('Your workflows: 2 active, 1 snoozed, 1 escalated');
    expect(t).toContain('*Active (2)*\n*1. Obsidian Black* · Strategic planning · priority 87');
    expect(t).toContain('*2. Acme &amp; Sons*');
    expect(t).toContain('*Snoozed (1)*\n*1. Initech* · Renewal preparation');
    expect(t).toContain('until Fri 27 Nov 10:00');
    expect(t).toContain('*Escalated (1)*\n*1. Globex*');
    expect(t).toContain('to Ana Manager');
    accepted(reply);
  });

  it('says so when a state is empty', () => {
    const reply = listReply(
      homeState({
        counts: { active: 0, snoozed: 0, escalated: 0 },
        active: [],
        snoozed: [],
        escalated: [],
      }),
    );
    expect(textOf(reply.blocks)).toContain('*Snoozed (0)*\n_Nothing snoozed._');
  });

  it('shows at most 25 lines a state and how many more there are', () => {
    const active = Array.from({ length: 40 }, (_, i) => workItem({ instanceId: i + 1 }));
    const reply = listReply(
      homeState({ counts: { active: 900, snoozed: 0, escalated: 0 }, active }),
    );
    const t = textOf(reply.blocks);
    expect(t).toContain(`*${LIST_REPLY_MAX.lines}. Acme`);
    expect(t).not.toContain(`*${LIST_REPLY_MAX.lines + 1}. Acme`);
    expect(t).toContain(`…and ${900 - LIST_REPLY_MAX.lines} more, of lower priority.`);
    accepted(reply);
  });
});

describe('notACsmReply and unknownCommandReply', () => {
  it('tells a non-CSM politely who can help, and nothing else', () => {
    const reply = notACsmReply();
    expect(reply.text).toBe(
      'I only work for the customer success managers set up in Renubu; ask your Renubu admin to add you.',
    );
    expect(reply.blocks).toHaveLength(1);
    accepted(reply);
  });

  it('says which word it did not understand, then the help', () => {
    const reply = unknownCommandReply('snoze', TODAY);
    const t = textOf(reply.blocks);
    expect(t).toContain("I don't understand `/renubu snoze`, so nothing was changed.");
    expect(t).toContain(textOf(helpReply(TODAY).blocks.slice(1)));
    expect(reply.text).toBe('I don\'t understand "/renubu snoze": try /renubu for help');
  });

  it('shows a hostile word harmlessly: escaped, no backticks, cut short', () => {
    const t = textOf(unknownCommandReply(`<!channel> \`x\` ${'&'.repeat(500)}`, TODAY).blocks);
    expect(t).toContain("`/renubu &lt;!channel&gt; 'x' &amp;&amp;");
    expect(t).not.toContain('<!channel>');
    expect(t.split('\n')[0]!.length).toBeLessThan(200);
  });
});

describe('within Slack’s limits whatever the input', () => {
  it('todayReply, listReply and unknownCommandReply for arbitrary data', () => {
    fc.assert(
      fc.property(arbDigest, arbHomeState(60), text(3000), (digest, state, word) => {
        accepted(todayReply(digest));
        accepted(listReply(state));
        accepted(unknownCommandReply(word, TODAY));
      }),
      { numRuns: 60 },
    );
  });

  it('listReply with every state full of the longest, escape-heavy names', () => {
    const long = worstText();
    const items = Array.from({ length: 300 }, (_, i) =>
      workItem({ instanceId: i + 1, customerName: long, type: long, reasons: [long] }),
    );
    const reply = listReply(
      homeState({
        counts: { active: 1e6, snoozed: 1e6, escalated: 1e6 },
        active: items,
        snoozed: items.map((i) => ({ ...i, snoozedUntil: long })),
        escalated: items.map((i) => ({ ...i, escalatedTo: long })),
      }),
    );
    accepted(reply);
    expect(blockTextLength(reply.blocks)).toBeLessThan(9_000);
  });
});
