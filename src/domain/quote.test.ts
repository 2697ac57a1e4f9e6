import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, dayNumber } from './dates.ts';
import {
  arrChangeQuestion,
  BILLING_PERIODS,
  buildQuote,
  DEFAULT_PAYMENT_DAYS,
  DEFAULT_TERM_MONTHS,
  QUOTE_LIMITS,
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
  quantity: fc.integer({ min: 1, max: 1000 }),
  unitPrice: fc.integer({ min: 1, max: 1_000_000 }).map((cents) => cents / 100),
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

  const L = QUOTE_LIMITS;
  const line = (quantity: number, unitPrice: number) => ({
    lineItems: [{ description: 'Platform', quantity, unitPrice }],
  });
  const messageOf = (change: Partial<QuoteInput>) => {
    try {
      buildQuote({ ...base, ...change } as QuoteInput);
    } catch (error) {
      const issue = (error as { issues: { path: PropertyKey[]; message: string }[] }).issues[0]!;
      return `${issue.path.join('.')}: ${issue.message}`;
    }
    return 'accepted';
  };
  it.each([
    ['quantity 1.5', line(1.5, 100), /^lineItems\.0\.quantity: Enter a whole quantity/],
    ['quantity 0', line(0, 100), /^lineItems\.0\.quantity: .*at least 1/],
    ['quantity above the most', line(L.maxQuantity + 1, 1), /quantity: .*at most 100,000/],
    ['unit price 0', line(1, 0), /^lineItems\.0\.unitPrice: .*more than \$0/],
    ['unit price 1e12', line(1, 1e12), /unitPrice: .*below \$10,000,000/],
    ['unit price at the cap', line(1, L.maxUnitPrice), /unitPrice: .*below/],
    ['a total above the most', line(20, 9_000_000), /unitPrice: This quote comes to \$180,000,000/],
    ['term 0 months', { terms: { termMonths: 0 } }, /^terms\.termMonths: .*1 to 60/],
    ['term 1,000 months', { terms: { termMonths: 1000 } }, /termMonths: .*1 to 60/],
    ['term 6.5 months', { terms: { termMonths: 6.5 } }, /termMonths: .*whole months/],
    ['99 instalments', { installments: 99 }, /^installments: .*1 to 12 instalments/],
    [
      'monthly billing over 24 months (24 payments)',
      { terms: { termMonths: 24 }, billingMonths: 1 },
      /^installments: 24 months billed every month makes 24 payments; .*at most 12/,
    ],
  ])('refuses %s in words', (_name, change, message) => {
    expect(messageOf(change as Partial<QuoteInput>)).toMatch(message);
  });

  it.each([
    ['the smallest quote', line(1, 0.01)],
    ['the largest quantity', line(L.maxQuantity, 1)],
    ['a unit price just below the cap', line(1, L.maxUnitPrice - 0.01)],
    [
      'the longest term, billed annually',
      { terms: { termMonths: L.termMonths.max }, billingMonths: 12 },
    ],
    ['12 monthly payments', { terms: { termMonths: 12 }, billingMonths: 1 }],
  ])('accepts %s', (_name, change) => {
    expect(messageOf(change as Partial<QuoteInput>)).toBe('accepted');
  });

  it('spaces instalments by the billing period from the quote date, each due N days on', () => {
    const quarterly = buildQuote({
      ...base,
      date: '2026-12-07',
      terms: { termMonths: 12, paymentDays: 30 },
      billingMonths: BILLING_PERIODS.Quarterly,
    });
    expect(quarterly.paymentSchedule.map((p) => p.due)).toEqual([
      '2027-01-06',
      '2027-04-06',
      '2027-07-07',
      '2027-10-07',
    ]);
    const monthly = buildQuote({
      ...base,
      date: '2026-12-07',
      terms: { termMonths: 12, paymentDays: 30 },
      billingMonths: BILLING_PERIODS.Monthly,
    });
    const dues = monthly.paymentSchedule.map((p) => p.due);
    expect(dues).toHaveLength(12);
    expect(new Set(dues).size).toBe(12);
    expect(dues[1]).toBe('2027-02-06');
    const annual = buildQuote({
      ...base,
      date: '2026-12-07',
      terms: { termMonths: 24, paymentDays: 45 },
      billingMonths: BILLING_PERIODS['Annual upfront'],
    });
    expect(annual.paymentSchedule.map((p) => p.due)).toEqual(['2027-01-21', '2028-01-21']);
  });

  it("asks to confirm a quote more than the named share away from today's ARR", () => {
    const quote = (total: number) => ({ total, terms: { termMonths: 12 } });
    const arr = 279_000;
    const edge = arr * (1 + L.confirmArrChangeShare);
    expect(arrChangeQuestion(quote(edge), arr)).toBeNull();
    expect(arrChangeQuestion(quote(arr * (1 - L.confirmArrChangeShare)), arr)).toBeNull();
    expect(arrChangeQuestion(quote(edge + 1), arr)).toMatch(/50% above today's ARR of \$279,000/);
    expect(arrChangeQuestion(quote(1000), arr)).toMatch(
      /^This quote comes to \$1,000 a year, 100% below today's ARR of \$279,000/,
    );
    // a 24-month quote is compared a year at a time
    expect(arrChangeQuestion({ total: 2 * arr, terms: { termMonths: 24 } }, arr)).toBeNull();
    expect(arrChangeQuestion(quote(1000), 0)).toBeNull();
  });

  it('accepts a given schedule that sums to the total', () => {
    const paymentSchedule = [
      { due: '2026-03-01', amount: 2500.2 },
      { due: '2026-09-01', amount: 2500.2 },
    ];
    expect(buildQuote({ ...base, paymentSchedule }).paymentSchedule).toEqual(paymentSchedule);
  });
});
