import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDollars } from '../src/domain/money.ts';
import { workflowState } from '../src/domain/workflow-state.ts';
import { checkMessage } from '../src/sandbox/slack/slack-limits.ts';
import { ACTION, stepValue } from './action-ids.ts';
import {
  type AccountCardInput,
  ANSWER_MAX,
  accountCard,
  forecastReply,
  notInBookReply,
  renewalsReply,
  stepsReply,
  usageTrendPhrase,
  whyFirstReply,
} from './answers.ts';
import { arbWorkItem, text } from './test-arbitraries.ts';
import { obsidianBlack, workItem } from './test-fixtures.ts';

const begun = workflowState({
  execution: {
    status: 'in_progress',
    currentStep: 1,
    steps: [
      { title: 'Intro', status: 'completed' },
      { title: 'Account overview', status: 'in_progress' },
      { title: 'Pricing', status: 'snoozed', snoozedUntil: '2026-11-27T14:00:00Z' },
    ],
  },
});

const card = (overrides: Partial<AccountCardInput> = {}): AccountCardInput => ({
  customerName: 'Obsidian Black',
  arr: 185_000,
  scores: {
    asOf: '2026-11-25',
    healthScore: 87.4,
    riskScore: 2.25,
    usageTrendPct: -12.4,
    sentiment: 'neutral',
    stage: 'strategic',
    daysToRenewal: 365,
  },
  usageDays: 30,
  renewalDate: '2027-11-25',
  workflows: [{ ...obsidianBlack, state: begun }, workItem({ customerName: 'Obsidian Black' })],
  chart: true,
  ...overrides,
});

const json = (value: unknown) => JSON.stringify(value);

describe('accountCard', () => {
  it('shows health, usage trend, renewal, ARR in full dollars, risk and each workflow’s state', () => {
    const message = accountCard(card());
    const body = json(message.blocks);
    expect(body).toContain('health 87/100');
    expect(body).toContain('usage −12% over 30 days');
    expect(body).toContain('Thursday 25 November 2027 · renewal in 365 days');
    expect(body).toContain(formatDollars(185_000));
    expect(body).toContain('$185,000');
    expect(body).toContain('risk 2.3/10 · neutral sentiment');
    expect(body).toContain('Step 2 of 3 · Account overview · 1 snoozed step');
    expect(body).toContain('Not begun');
    expect(body).toContain('the chart follows');
    expect(message.text).toBe('Obsidian Black: health 87/100, renewal in 365 days');
    expect(checkMessage({ ...message })).toBeUndefined();
  });

  it('says when the account has no scores yet and no open workflow', () => {
    const message = accountCard(card({ scores: null, workflows: [], renewalDate: null }));
    const body = json(message.blocks);
    expect(body).toContain('no health score yet');
    expect(body).toContain('No renewal date');
    expect(body).toContain('*Open workflows:* none');
    expect(body).toContain('the daily run has not scored this account');
  });

  it('escapes the name and stays within Slack’s limits whatever the text', () => {
    fc.assert(
      fc.property(text(400), fc.array(arbWorkItem, { maxLength: 40 }), (name, workflows) => {
        const message = accountCard(card({ customerName: name, workflows }));
        expect(checkMessage({ ...message })).toBeUndefined();
        expect(json(message.blocks)).not.toMatch(/<(?!\/)|<@|<!/);
      }),
      { numRuns: 60 },
    );
    const message = accountCard(card({ customerName: '<!channel> & <@U1|x>' }));
    expect(json(message.blocks)).toContain('&lt;!channel&gt; &amp; &lt;@U1|x&gt;');
  });
});

describe('usageTrendPhrase', () => {
  it('reads a decline, a rise and no change', () => {
    expect(usageTrendPhrase(-32.4, 30)).toBe('usage −32% over 30 days');
    expect(usageTrendPhrase(4.6, 30)).toBe('usage +5% over 30 days');
    expect(usageTrendPhrase(0.3, 1)).toBe('usage flat over 1 day');
  });
});

describe('whyFirstReply', () => {
  it('gives the same reasons as the morning DM, with its place on the list', () => {
    const first = whyFirstReply({ customerName: 'Obsidian Black', rank: 1, item: obsidianBlack });
    expect(first.text).toBe(
      'Obsidian Black is first on your list today: $185K ARR ×1.5 · renewal in 365 days · strategic account ×2.0',
    );
    const third = whyFirstReply({ customerName: 'Acme & Sons', rank: 3, item: workItem() });
    expect(json(third.blocks)).toContain('*Acme &amp; Sons* is number 3 on your list today');
    const none = whyFirstReply({ customerName: 'Idle', rank: null, item: null });
    expect(none.text).toContain('has no open workflow');
    expect(checkMessage({ ...first })).toBeUndefined();
  });
});

describe('stepsReply', () => {
  const step = (i: number) => ({
    executionId: i,
    stepIndex: 2,
    customerName: `Cust <${'x'.repeat(200)}> ${i}`,
    stepTitle: 'Pricing & terms',
    snoozedUntil: '2026-11-27T14:00:00Z',
    escalatedTo: 'Mara <boss>',
  });

  it('gives each snoozed step a Resume button, capped, with how many more', () => {
    const steps = Array.from({ length: 45 }, (_, i) => step(i + 1));
    const message = stepsReply('snoozed', steps, 'America/New_York', '2026-11-25');
    const buttons = message.blocks.flatMap((b) =>
      b.type === 'section' && b.accessory?.type === 'button' ? [b.accessory] : [],
    );
    expect(buttons).toHaveLength(ANSWER_MAX.steps);
    expect(buttons[0]).toMatchObject({ action_id: ACTION.resumeStep, value: stepValue(1, 2) });
    expect(json(message.blocks)).toContain('until Fri 27 Nov 09:00');
    expect(json(message.blocks)).toContain('…and 25 more');
    expect(message.text).toBe('You have 45 snoozed steps');
    expect(checkMessage({ ...message })).toBeUndefined();
  });

  it('names whom an escalated step went to, escaped, and says when there are none', () => {
    const message = stepsReply('escalated', [step(1)], 'UTC', '2026-11-25');
    expect(json(message.blocks)).toContain('to Mara &lt;boss&gt;');
    expect(stepsReply('escalated', [], 'UTC', '2026-11-25').text).toBe('Nothing is escalated.');
  });
});

describe('renewalsReply', () => {
  it('lists the month’s renewals with ARR in full dollars and the total, within limits', () => {
    const renewals = Array.from({ length: 60 }, (_, i) => ({
      customerName: `Customer & ${'y'.repeat(150)} ${i}`,
      renewalDate: '2026-12-07',
      days: 12,
      arr: 185_000 + i,
    }));
    const message = renewalsReply('December 2026', renewals);
    expect(message.text).toContain('60 renewals in December 2026');
    const body = json(message.blocks);
    expect(body).toContain('Monday 7 December 2026 · renewal in 12 days · $185,000 ARR');
    expect(body).toContain('&amp;');
    expect(body).toMatch(/…and \d+ more/);
    expect(checkMessage({ ...message })).toBeUndefined();
    expect(renewalsReply('December 2026', []).text).toBe('No renewals in December 2026.');
  });
});

describe('notInBookReply', () => {
  it('escapes what was asked about', () => {
    expect(notInBookReply('<@U1>').text).toContain('"&lt;@U1&gt;"');
  });
});

describe('forecastReply', () => {
  it('keeps the table inert and within one section, however long', () => {
    const lines = ['<!channel> & <@U123>', ...Array.from({ length: 400 }, (_, i) => `row ${i}`)];
    const message = forecastReply('2026-11-25', lines);
    expect(checkMessage({ ...message })).toBeUndefined();
    const body = JSON.stringify(message.blocks);
    expect(body).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt;');
    expect(body).not.toContain('row 399');
    expect(message.text).toMatch(/^The renewal forecast as of /);
  });
});
