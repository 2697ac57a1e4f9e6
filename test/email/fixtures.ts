/** A quote and a one-page PDF of it, shared by the email tests. */
import { buildQuote, type Quote } from '../../src/domain/quote.ts';

export function sampleQuote(): Quote {
  return buildQuote({
    quoteNumber: 'Q-2026-0042',
    date: '2026-11-25',
    customer: { name: 'Obsidian Black Industries', address: '12 Quarry Lane, Leeds' },
    csm: { name: 'Dana Reyes', email: 'dana@renubu.example' },
    lineItems: [
      {
        description: 'Platform subscription, 120 seats, 12 months',
        quantity: 120,
        unitPrice: 415.5,
      },
      { description: 'Premium support', quantity: 1, unitPrice: 6000 },
    ],
    discount: 1860,
    installments: 4,
    notes: 'Pricing reflects a 3-year usage trend.',
  });
}
