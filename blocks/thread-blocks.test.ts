import { describe, expect, it } from 'vitest';
import { validateBlocks, validateView } from '../src/sandbox/slack/slack-limits.ts';
import {
  arrAfter,
  PRICE_CHANGE_RANGE,
  pricingModal,
  readPriceChange,
  readPricingMetadata,
} from './pricing-modal.ts';
import { badgeBar, progressLine, threadHeader } from './thread-header.ts';
import { parseThreadValue, threadValue } from './thread-ids.ts';
import { CHECKLIST_MAX, threadStep } from './thread-step.ts';

const steps = ['Intro', 'Account overview', 'Pricing', 'Quote', 'Email', 'Summary'].map(
  (title, i) => ({
    title,
    status:
      i === 0 ? ('completed' as const) : i === 1 ? ('in_progress' as const) : ('pending' as const),
  }),
);
const scenario = (name: 'conservative' | 'recommended' | 'aggressive', changePct: number) => ({
  name,
  changePct,
  newArr: 100000 * (1 + changePct / 100),
  confidence: 0.7,
  reasons: ['usage +30% in 30 days'],
});
const long = 'x'.repeat(5000);

describe('the thread header', () => {
  const input = {
    workflowName: 'Strategic planning',
    customerName: 'Obsidian Black',
    steps,
    currentStep: 1,
    status: 'in_progress' as const,
  };
  it('shows a badge per step and the current step', () => {
    expect(badgeBar(input)).toBe('✅ ▶️ ◻️ ◻️ ◻️ ◻️');
    expect(progressLine(input)).toBe('Step 2 of 6 · Account overview');
    expect(validateBlocks(threadHeader(input).blocks, 'message')).toEqual([]);
  });
  it('says completed, and stays within limits with long names', () => {
    const allDone = steps.map((s) => ({ ...s, status: 'completed' as const }));
    const done = { ...input, steps: allDone, status: 'completed' as const, customerName: long };
    expect(progressLine(done)).toBe('Completed · all 6 steps');
    expect(validateBlocks(threadHeader(done).blocks, 'message')).toEqual([]);
  });
  it('never says completed while a step is open, whatever the execution row says', () => {
    const early = { ...input, status: 'completed' as const, currentStep: 6 };
    expect(progressLine(early)).toBe('Step 2 of 6 · Account overview');
    expect(threadHeader(early).text).not.toContain('🎉');
  });
});

describe('a thread step', () => {
  const base = {
    executionId: 7,
    stepIndex: 2,
    slideId: 'x',
    title: 'T',
    chatText: long,
    gate: { kind: 'none' as const },
    checked: [],
    last: false,
  };
  it('renders every artifact kind within Slack limits', () => {
    const rendered = threadStep({
      ...base,
      artifacts: [
        {
          kind: 'facts',
          title: 'F',
          items: Array.from({ length: 23 }, (_, i) => ({ label: `l${i}`, value: long })),
        },
        { kind: 'list', title: 'L', items: [long, long] },
        { kind: 'timeline', title: 'H', points: [{ asOf: '2026-11-01', value: 71.4 }] },
        {
          kind: 'checklist',
          title: 'C',
          required: true,
          items: Array.from({ length: 14 }, (_, i) => ({ id: `c${i}`, label: long })),
        },
        {
          kind: 'quote-builder',
          lineItems: [{ description: 'Platform', amount: 100 }],
          termMonths: 12,
          paymentTerms: 'net 30',
        },
        {
          kind: 'email-draft',
          to: { name: 'Marcus', email: 'm@x.test' },
          subject: 'S',
          body: long,
        },
      ],
    });
    expect(validateBlocks(rendered.blocks, 'message')).toEqual([]);
    const json = JSON.stringify(rendered.blocks);
    expect(json).toContain('"x.next"');
    expect(json).toContain('"check:7:2"');
    expect(json.match(/"value":"c\d+"/g)).toHaveLength(CHECKLIST_MAX);
  });
  it('gives pricing an Accept per scenario and Modify, and summary Mark Complete, without Continue', () => {
    const pricing = threadStep({
      ...base,
      artifacts: [
        {
          kind: 'pricing',
          recommended: 'recommended',
          scenarios: [
            scenario('conservative', 2),
            scenario('recommended', 6),
            scenario('aggressive', 11),
          ],
        },
      ],
    });
    expect(validateBlocks(pricing.blocks, 'message')).toEqual([]);
    const json = JSON.stringify(pricing.blocks);
    expect(json).toContain('"7:2:recommended"');
    expect(json).toContain('pricing-strategy.modify');
    expect(json).not.toContain('x.next');
    const summary = threadStep({
      ...base,
      last: true,
      artifacts: [{ kind: 'summary', nextSteps: ['a'], followUps: [{ title: 'b', inDays: 7 }] }],
    });
    expect(JSON.stringify(summary.blocks)).toContain('summary.complete');
    expect(JSON.stringify(summary.blocks)).not.toContain('x.next');
    expect(validateBlocks(summary.blocks, 'message')).toEqual([]);
  });
  it('puts Mark Complete on the last step only, whatever its artifacts', () => {
    const artifacts = [
      { kind: 'summary' as const, nextSteps: ['a'], followUps: [{ title: 'b', inDays: 7 }] },
    ];
    const middle = JSON.stringify(threadStep({ ...base, artifacts }).blocks);
    expect(middle).not.toContain('summary.complete');
    expect(middle).toContain('x.next');
    const last = JSON.stringify(threadStep({ ...base, last: true, artifacts: [] }).blocks);
    expect(last).toContain('summary.complete');
  });
});

describe('thread values and the pricing modal', () => {
  it('round-trips values and refuses malformed ones', () => {
    expect(parseThreadValue(threadValue(7, 2))).toEqual({
      executionId: 7,
      stepIndex: 2,
      extra: null,
    });
    expect(parseThreadValue(threadValue(7, 2, 'recommended'))?.extra).toBe('recommended');
    for (const bad of [undefined, '', '0:1', 'a:1', '7', '7:2:BAD!'])
      expect(parseThreadValue(bad)).toBeNull();
  });
  it('is a valid modal and reads the change within its range', () => {
    const modal = pricingModal({
      executionId: 7,
      stepIndex: 2,
      customerName: long,
      currentArr: 185000,
      recommendedPct: 8,
    });
    expect(validateView(modal)).toEqual([]);
    expect(validateBlocks(modal.blocks, 'modal')).toEqual([]);
    expect(readPricingMetadata(modal.private_metadata!)).toEqual({ executionId: 7, stepIndex: 2 });
    expect(readPriceChange('12', 100000)).toEqual({ ok: true, pct: 12, newArr: 112000 });
    expect(readPriceChange('+5%', 100000)).toMatchObject({ ok: true, pct: 5 });
    for (const bad of [
      '',
      'abc',
      '1.5',
      String(PRICE_CHANGE_RANGE.max + 1),
      String(PRICE_CHANGE_RANGE.min - 1),
    ]) {
      expect(readPriceChange(bad, 100000)).toMatchObject({
        ok: false,
        blockId: 'pricing-strategy.change',
      });
    }
    expect(arrAfter(185000, -30)).toBe(129500);
  });
});
