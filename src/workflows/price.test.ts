import { describe, expect, it } from 'vitest';
import { formatMoney } from '../domain/index.ts';
import { formatDollars } from '../domain/money.ts';
import { composeWorkflow } from './compose.ts';
import { DEFAULT_DEFINITIONS } from './default-definitions.ts';
import { decidedPrice, decisionFromQuote, rehydrateAfterDecision } from './price.ts';
import { SAMPLE_CONTEXT } from './sample-context.ts';
import type { ExecutionContext } from './thread-messages.ts';

const definition = DEFAULT_DEFINITIONS.find(
  (d) =>
    d.slide_sequence.includes('prepare-quote') && d.slide_sequence.includes('pricing-strategy'),
)!;
const standard = SAMPLE_CONTEXT;
const PRICING = definition.slide_sequence.indexOf('pricing-strategy');

function launched(): ExecutionContext {
  const composed = composeWorkflow(definition, standard);
  return {
    workflowName: composed.name,
    customerName: standard.customerName,
    customerExternalId: standard.customerId,
    currentArr: standard.arr,
    asOf: standard.asOf,
    steps: composed.steps,
    checked: {},
    decided: null,
    composedFrom: { definition, standard },
    version: 0,
  };
}

const states = (done: number[]) =>
  definition.slide_sequence.map((_, i) => ({
    step_index: i,
    status: done.includes(i) ? ('completed' as const) : ('pending' as const),
  }));
const textOf = (step: ExecutionContext['steps'][number]) =>
  `${step.chatText} ${JSON.stringify(step.artifacts)}`;

describe('rehydrateAfterDecision: one price after a choice', () => {
  const chosen = 171_717;
  const decided = { scenario: 'custom' as const, changePct: -7, newArr: chosen };

  it('puts the chosen price in every open step after the pricing step, none of the recommendation', () => {
    const before = launched();
    const after = rehydrateAfterDecision({ ...before, decided }, states([0, 1]), PRICING);
    expect(decidedPrice(after)).toBe(chosen);
    const later = after.steps
      .slice(PRICING + 1)
      .map(textOf)
      .join(' ');
    expect(later).toContain(formatDollars(chosen));
    expect(later).not.toContain(formatMoney(chosen));
    const quote = after.steps.find((s) => s.slideId === 'prepare-quote')!;
    const line = quote.artifacts.find((a) => a.kind === 'quote-builder');
    expect(line?.kind === 'quote-builder' && line.lineItems[0]!.amount).toBe(chosen);
    // the quote step said the recommendation before
    const was = before.steps.find((s) => s.slideId === 'prepare-quote')!;
    expect(textOf(was)).not.toContain(formatDollars(chosen));
  });

  it('leaves the steps already done, and the pricing step itself, as the CSM saw them', () => {
    const before = launched();
    const after = rehydrateAfterDecision({ ...before, decided }, states([0, 1]), PRICING);
    for (const i of [0, 1, PRICING]) expect(after.steps[i]).toEqual(before.steps[i]);
  });

  it('changes nothing without a decision or without the launch snapshot', () => {
    const before = launched();
    expect(rehydrateAfterDecision(before, states([]), PRICING)).toBe(before);
    const { composedFrom: _, ...old } = { ...before, decided };
    expect(rehydrateAfterDecision(old, states([]), PRICING)).toEqual(old);
  });
});

describe('decisionFromQuote', () => {
  const quote = (unitPrice: number, termMonths = 12) => ({
    lineItems: [
      { quantity: 1, unitPrice },
      { quantity: 1, unitPrice: 5000 },
    ],
    terms: { termMonths },
  });

  it('keeps the decided price when the subscription line says it', () => {
    const ctx = {
      decided: { scenario: 'custom' as const, changePct: 5, newArr: 210_000 },
      currentArr: 200_000,
    };
    expect(decisionFromQuote(ctx, quote(210_000))).toBeNull();
    expect(decisionFromQuote(ctx, quote(420_000, 24))).toBeNull();
  });

  it('makes a changed subscription line the decided price, per year, other lines aside', () => {
    const ctx = { decided: null, currentArr: 200_000 };
    expect(decisionFromQuote(ctx, quote(450_000, 24))).toEqual({
      scenario: 'custom',
      changePct: 12.5,
      newArr: 225_000,
    });
  });
});
