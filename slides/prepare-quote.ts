/**
 * The quote builder (seed, Layer 10, slide 4): line items, term and payment schedule, started
 * from the price chosen on the pricing step, else the recommended price (or today's, for a
 * renewal with no time to negotiate).
 */
import { z } from 'zod';
import { plural } from '../src/domain/index.ts';
import { recommendPricing } from '../src/domain/pricing.ts';
import { standardContextShape } from './context.ts';
import { defineSlide } from './define.ts';

const schema = z.object({
  ...standardContextShape,
  paymentTerms: z.string().min(1).default('Net 30'),
  termMonths: z.number().int().positive().default(12),
  settings: z.object({
    /** Start the quote from the recommended price or from today's ARR. */
    priceFrom: z.enum(['recommended', 'current']).default('recommended'),
  }),
});

/** The price the CSM chose, else the recommended price, else (by setting) today's ARR. */
function proposedArr(c: z.infer<typeof schema>): number {
  if (c.decidedArr !== undefined) return c.decidedArr;
  if (c.settings.priceFrom === 'current') return c.arr;
  const [, recommended] = recommendPricing({
    arr: c.arr,
    usageTrendPct: c.usageTrendPct,
    seatUtilisation: c.seatUtilisation ?? null,
    healthScore: c.healthScore,
    riskScore: c.riskScore,
    marketPosition: 'at',
  });
  return recommended!.newArr;
}

export const prepareQuoteSlide = defineSlide({
  id: 'prepare-quote',
  title: 'Prepare quote',
  contextSchema: schema,
  derive: (c) => ({ proposedArr: proposedArr(c) }),
  chat:
    'Let\'s build the renewal quote for {{customerName}}: {{plural termMonths "month" "months"}}, ' +
    '{{paymentTerms}}, starting from {{dollars proposedArr}} for {{plural seats "seat" "seats"}}. ' +
    "Adjust the line items in the quote builder and I'll build the PDF.",
  artifacts: (c) => [
    {
      kind: 'quote-builder',
      lineItems: [
        {
          description: `${c.customerName} platform subscription, ${plural(c.seats, 'seat')}, ${plural(c.termMonths, 'month')}`,
          amount: Math.round((proposedArr(c) * c.termMonths) / 12),
        },
      ],
      termMonths: c.termMonths,
      paymentTerms: c.paymentTerms,
    },
  ],
});
