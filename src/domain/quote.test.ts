import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber } from './days.ts';
import {
  addMonths,
  buildQuote,
  DEFAULT_PAYMENT_DAYS,
  DEFAULT_TERM_MONTHS,
  QUOTE_VALID_DAYS,
  type QuoteInput,
  splitCents,
  toCents,
} from './quote.ts';

const base: QuoteInput = {
  quoteNumber: 'Q-2026-001',
  date: '2026-01-31',
  customer: { name: 'Obsidian Black' },
  csm: { name: 'Dana Reyes', email: 'dana@example.com' },
  lineItems: [{ description: 'Platform, 120 seats', quantity: 120, unitPrice: 41.67 }],
};

const item = fc.record({
  description: fc.string({ minLength: 1, maxLength: 20 }),
  quantity: fc.integer({ min: 1, max: 5000 }),
  unitPrice: fc.integer({ min: 0, max: 10_000_000 }).map((cents) => cents / 100),
});

describe('buildQuote', () => {
  it('applies the named defaults: term, Net N, valid for N days, one payment', () => {
    const quote = buildQuote(base);
    expect(quote.terms.termMonths).toBe(DEFAULT_TERM_MONTHS);
    expect(quote.terms.paymentTerms).toBe(`Net ${DEFAULT_PAYMENT_DAYS}`);
    const daysAfter = (day: string) => dayNumber(day) - dayNumber(quote.date);
    expect(daysAfter(quote.terms.validUntil)).toBe(QUOTE_VALID_DAYS);
    expect(quote.lineItems[0]?.total).toBe(5000.4); // 120 × 41.67
    expect(quote.paymentSchedule).toHaveLength(1);
    expect(quote.paymentSchedule[0]?.amount).toBe(5000.4);
    expect(daysAfter(quote.paymentSchedule[0]?.due ?? '')).toBe(DEFAULT_PAYMENT_DAYS);
  });

  it('totals are the cent-rounded sums of the lines, less the discount', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 8 }), fc.nat(100), (items, pct) => {
        const lineCents = items.map((i) => Math.round(i.quantity * toCents(i.unitPrice)));
        const subtotal = lineCents.reduce((a, b) => a + b, 0);
        const discount = Math.floor((subtotal * pct) / 100) / 100;
        const quote = buildQuote({ ...base, lineItems: items, discount });
        expect(quote.lineItems.map((l) => toCents(l.total))).toEqual(lineCents);
        expect(toCents(quote.subtotal)).toBe(subtotal);
        expect(toCents(quote.total)).toBe(subtotal - toCents(discount));
        expect(quote.total).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('an installment schedule sums to the total to the cent, due dates in order', () => {
    fc.assert(
      fc.property(
        fc.array(item, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 12 }),
        (items, n) => {
          const quote = buildQuote({ ...base, lineItems: items, installments: n });
          expect(quote.paymentSchedule).toHaveLength(n);
          const sum = quote.paymentSchedule.reduce((a, p) => a + toCents(p.amount), 0);
          expect(sum).toBe(toCents(quote.total));
          const dues = quote.paymentSchedule.map((p) => p.due);
          expect([...dues].sort()).toEqual(dues);
        },
      ),
    );
  });

  it('splitCents never loses or makes a cent and differs by at most one', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.integer({ min: 1, max: 36 }), (total, count) => {
        const parts = splitCents(total, count);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('quarterly payments fall three months apart, clamped to month ends', () => {
    const quote = buildQuote({ ...base, installments: 4, terms: { paymentDays: 0 } });
    expect(quote.paymentSchedule.map((p) => p.due)).toEqual([
      '2026-01-31',
      '2026-04-30',
      '2026-07-31',
      '2026-10-31',
    ]);
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
  });

  it.each([
    ['a zero quantity', { lineItems: [{ description: 'x', quantity: 0, unitPrice: 1 }] }],
    ['a negative price', { lineItems: [{ description: 'x', quantity: 1, unitPrice: -1 }] }],
    ['no line items', { lineItems: [] }],
    ['a discount above the subtotal', { discount: 999_999 }],
    [
      'a schedule that misses a cent',
      { paymentSchedule: [{ due: '2026-03-01', amount: 5000.39 }] },
    ],
    ['an impossible date', { date: '2026-02-30' }],
  ])('rejects %s', (_name, change) => {
    expect(() => buildQuote({ ...base, ...change } as QuoteInput)).toThrow();
  });

  it('accepts a given schedule that sums to the total', () => {
    const paymentSchedule = [
      { due: '2026-03-01', amount: 2500.2 },
      { due: '2026-09-01', amount: 2500.2 },
    ];
    expect(buildQuote({ ...base, paymentSchedule }).paymentSchedule).toEqual(paymentSchedule);
  });
});
