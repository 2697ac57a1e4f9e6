import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { BILLING_PERIODS, buildQuote, QUOTE_LIMITS } from '../../src/domain/quote.ts';
import { renderQuotePdf } from '../../src/workflows/quote-pdf.ts';
import { sampleQuote } from './fixtures.ts';

async function readBack(pdf: Buffer) {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text, totalPages } = await extractText(doc, { mergePages: true });
  return { text: text.replace(/\s+/g, ' '), totalPages };
}

describe('renderQuotePdf', () => {
  it('is one page with the customer, each line item, the totals and the schedule', async () => {
    const quote = sampleQuote();
    const pdf = await renderQuotePdf(quote);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, totalPages } = await readBack(pdf);
    expect(totalPages).toBe(1);
    expect(text).toContain('Obsidian Black Industries');
    expect(text).toContain('Q-2026-0042');
    expect(text).toContain('Platform subscription, 120 seats, 12 months');
    expect(text).toContain('Premium support');
    expect(text).toContain('$49,860.00'); // 120 × 415.50
    expect(text).toContain('$55,860.00'); // subtotal
    expect(text).toContain('-$1,860.00');
    expect(text).toContain('$54,000.00 USD'); // the total
    expect(text).toContain('$13,500.00'); // each of four payments
    expect(text).toContain('Net 30');
    expect(text).toContain('Dana Reyes');
  });

  it('keeps the largest quote the limits allow on one page, every amount on one line', async () => {
    const lines = 5; // the builder's most lines
    const unitPrice = QUOTE_LIMITS.maxUnitPrice - 0.01;
    const quote = buildQuote({
      quoteNumber: 'Q-20261125-9-4-r12',
      date: '2026-11-25',
      customer: { name: 'Obsidian Black Industries' },
      csm: { name: 'Dana Reyes', email: 'dana@renubu.example' },
      lineItems: Array.from({ length: lines }, (_, i) => ({
        description: `Line ${i + 1}`,
        quantity: 2,
        unitPrice,
      })),
      terms: { termMonths: 12, paymentDays: 30 },
      billingMonths: BILLING_PERIODS.Monthly,
    });
    const { text, totalPages } = await readBack(await renderQuotePdf(quote));
    expect(totalPages).toBe(1);
    expect(text).toContain('$9,999,999.99 $19,999,999.98'); // unit price and line total
    expect(text).toContain('$99,999,999.90 USD');
    expect(quote.paymentSchedule).toHaveLength(QUOTE_LIMITS.maxInstallments);
    expect(text).toContain('Due December 25, 2026');
    expect(text).toContain('Due November 24, 2027');
  });

  it('is the same bytes when rendered twice (dated by the quote, not the clock)', async () => {
    const quote = sampleQuote();
    const [a, b] = await Promise.all([renderQuotePdf(quote), renderQuotePdf(quote)]);
    expect(a.equals(b)).toBe(true);
  });
});
