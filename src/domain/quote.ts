/**
 * The renewal quote (PRODUCT.md §4, prepare-quote): everything the PDF shows is computed here,
 * in whole cents, so the renderer only lays it out. Invariants of a built quote:
 * every line total is quantity × unit price rounded to the cent; subtotal = Σ line totals;
 * total = subtotal − discount ≥ 0; the payment schedule sums to the total exactly.
 */
import { z } from 'zod';
import { addDays, addMonths, daySchema } from './dates.ts';

/** Contract length when the builder does not say (months). */
export const DEFAULT_TERM_MONTHS = 12;
/** Days after the quote date the first payment is due ("Net 30"). */
export const DEFAULT_PAYMENT_DAYS = 30;
/** Days a quote stays valid after its date. */
export const QUOTE_VALID_DAYS = 30;
/** Payments spread over the term when no schedule is given (1 = all up front). */
export const DEFAULT_INSTALLMENTS = 1;

/**
 * The bounds a person expects of a renewal quote, in one place. The builder's messages and
 * the tests read them from here.
 */
export const QUOTE_LIMITS = {
  /** Most units on one line (seats, licences), a whole number from 1. */
  maxQuantity: 100_000,
  /** A unit price is more than $0 and below this (USD). */
  maxUnitPrice: 10_000_000,
  /** Most a whole quote may come to (USD): beyond it the figures are a typing slip. */
  maxTotal: 100_000_000,
  /** Contract term in whole months. */
  termMonths: { min: 1, max: 60 },
  /** Most payments a quote is split into. */
  maxInstallments: 12,
  /**
   * Ask the CSM to confirm a quote whose yearly value differs from today's ARR by more than
   * this share of it (0.5: more than 50% above or below).
   */
  confirmArrChangeShare: 0.5,
} as const;

/** How often the customer is invoiced: months between payments. */
export const BILLING_PERIODS = { 'Annual upfront': 12, Quarterly: 3, Monthly: 1 } as const;
export type BillingPeriod = keyof typeof BILLING_PERIODS;

const usd = (n: number) => `$${n.toLocaleString('en-US')}`;

const isoDate = daySchema();
const money = z.number().finite().nonnegative();
const L = QUOTE_LIMITS;

const termWords = `Enter the term as whole months from ${L.termMonths.min} to ${L.termMonths.max}, like 12.`;
const installmentWords = `A quote is paid in 1 to ${L.maxInstallments} instalments.`;

export const quoteInputSchema = z.object({
  quoteNumber: z.string().min(1),
  date: isoDate,
  customer: z.object({ name: z.string().min(1), address: z.string().optional() }),
  csm: z.object({ name: z.string().min(1), email: z.email() }),
  lineItems: z
    .array(
      z.object({
        description: z.string().min(1, 'Describe this line.'),
        quantity: z
          .number()
          .int(
            `Enter a whole quantity from 1 to ${L.maxQuantity.toLocaleString('en-US')}, like 25.`,
          )
          .min(1, 'The quantity must be at least 1.')
          .max(
            L.maxQuantity,
            `The quantity can be at most ${L.maxQuantity.toLocaleString('en-US')}.`,
          ),
        unitPrice: z
          .number()
          .finite('Enter the unit price in dollars, like 1250.')
          .positive('The unit price must be more than $0.')
          .lt(L.maxUnitPrice, `The unit price must be below ${usd(L.maxUnitPrice)}.`),
      }),
    )
    .min(1, 'a quote needs at least one line item'),
  discount: money.optional(),
  currency: z.literal('USD').default('USD'),
  terms: z
    .object({
      termMonths: z
        .number()
        .int(termWords)
        .min(L.termMonths.min, termWords)
        .max(L.termMonths.max, termWords)
        .default(DEFAULT_TERM_MONTHS),
      paymentDays: z.number().int().nonnegative().default(DEFAULT_PAYMENT_DAYS),
      validUntil: isoDate.optional(),
    })
    .prefault({}),
  /**
   * Invoice every this many months from the quote date (BILLING_PERIODS), each payment due
   * `paymentDays` after its invoice; the count is the term over the period. Without it,
   * `installments` equal payments spread evenly over the term. Ignored with `paymentSchedule`.
   */
  billingMonths: z.number().int().min(1).max(12).optional(),
  installments: z
    .number()
    .int(installmentWords)
    .min(1, installmentWords)
    .max(L.maxInstallments, installmentWords)
    .default(DEFAULT_INSTALLMENTS),
  paymentSchedule: z
    .array(z.object({ due: isoDate, amount: money }))
    .min(1)
    .optional(),
  notes: z.string().optional(),
});

export type QuoteInput = z.input<typeof quoteInputSchema>;

export interface Quote {
  quoteNumber: string;
  date: string;
  customer: { name: string; address?: string };
  csm: { name: string; email: string };
  lineItems: { description: string; quantity: number; unitPrice: number; total: number }[];
  subtotal: number;
  discount?: number;
  total: number;
  currency: 'USD';
  terms: { termMonths: number; paymentTerms: string; validUntil: string };
  paymentSchedule: { due: string; amount: number }[];
  notes?: string;
}

export const toCents = (amount: number): number => Math.round(amount * 100);
const fromCents = (cents: number): number => cents / 100;

/** `total` in `count` payments of whole cents, the remainder on the first ones. */
export function splitCents(total: number, count: number): number[] {
  const base = Math.floor(total / count);
  const rest = total - base * count;
  return Array.from({ length: count }, (_, i) => base + (i < rest ? 1 : 0));
}

/**
 * Build a quote from what the CSM entered: line totals, subtotal, discount and total in
 * cents; validity and due dates from the named defaults. Throws a ZodError that names the
 * field for a non-positive quantity, a negative price, a discount above the subtotal, or a
 * given schedule that does not sum to the total (to the cent); every bound of QUOTE_LIMITS
 * is checked, each with a message in words.
 */
export function buildQuote(input: QuoteInput): Quote {
  const q = quoteInputSchema.parse(input);
  const lines = q.lineItems.map((item) => ({
    ...item,
    totalCents: Math.round(item.quantity * toCents(item.unitPrice)),
  }));
  const subtotalCents = lines.reduce((sum, line) => sum + line.totalCents, 0);
  const discountCents = toCents(q.discount ?? 0);
  const issue = (path: (string | number)[], message: string) =>
    new z.ZodError([{ code: 'custom', path, message, input }]);
  if (discountCents > subtotalCents) throw issue(['discount'], 'discount exceeds the subtotal');
  const totalCents = subtotalCents - discountCents;
  if (totalCents > toCents(L.maxTotal)) {
    throw issue(
      ['lineItems', 0, 'unitPrice'],
      `This quote comes to ${usd(totalCents / 100)}; a quote can be at most ${usd(L.maxTotal)}. Check the quantities and unit prices.`,
    );
  }
  const { termMonths, paymentDays } = q.terms;
  const period = q.billingMonths ?? Math.max(1, Math.floor(termMonths / q.installments));
  const count = q.billingMonths ? Math.ceil(termMonths / q.billingMonths) : q.installments;
  if (count > termMonths || count > L.maxInstallments) {
    throw issue(
      ['installments'],
      `${termMonths} months billed every ${period === 1 ? 'month' : `${period} months`} makes ${count} payments; a quote has at most ${Math.min(L.maxInstallments, termMonths)} here. Bill less often or shorten the term.`,
    );
  }
  // each invoice a billing period after the last, from the quote date; each due N days on
  const schedule =
    q.paymentSchedule?.map((p) => ({ due: p.due, cents: toCents(p.amount) })) ??
    splitCents(totalCents, count).map((cents, i) => ({
      due: addDays(addMonths(q.date, i * period), paymentDays),
      cents,
    }));
  const scheduled = schedule.reduce((sum, p) => sum + p.cents, 0);
  if (scheduled !== totalCents) {
    throw issue(['paymentSchedule'], `payments sum to ${scheduled / 100}, not ${totalCents / 100}`);
  }
  return {
    quoteNumber: q.quoteNumber,
    date: q.date,
    customer: q.customer,
    csm: q.csm,
    lineItems: lines.map(({ totalCents: cents, ...item }) => ({
      ...item,
      total: fromCents(cents),
    })),
    subtotal: fromCents(subtotalCents),
    ...(discountCents > 0 ? { discount: fromCents(discountCents) } : {}),
    total: fromCents(totalCents),
    currency: q.currency,
    terms: {
      termMonths: q.terms.termMonths,
      paymentTerms: `Net ${q.terms.paymentDays}`,
      validUntil: q.terms.validUntil ?? addDays(q.date, QUOTE_VALID_DAYS),
    },
    paymentSchedule: schedule.map((p) => ({ due: p.due, amount: fromCents(p.cents) })),
    ...(q.notes ? { notes: q.notes } : {}),
  };
}

/**
 * How far the quote's yearly value (total × 12 / term months) is from today's ARR, as a
 * signed share of the ARR (−0.99: 99% below; 0.5: 50% above); null without an ARR.
 */
export function arrChangeShare(
  quote: { total: number; terms: { termMonths: number } },
  currentArr: number,
): number | null {
  if (!(currentArr > 0)) return null;
  const yearly = (quote.total * 12) / quote.terms.termMonths;
  return (yearly - currentArr) / currentArr;
}

/**
 * The question to put to the CSM before building a quote that differs from today's ARR by
 * more than QUOTE_LIMITS.confirmArrChangeShare, or null when it is within.
 */
export function arrChangeQuestion(
  quote: { total: number; terms: { termMonths: number } },
  currentArr: number,
): string | null {
  const share = arrChangeShare(quote, currentArr);
  if (share === null || Math.abs(share) <= QUOTE_LIMITS.confirmArrChangeShare) return null;
  const yearly = Math.round((quote.total * 12) / quote.terms.termMonths);
  const pct = Math.round(Math.abs(share) * 100);
  const limit = Math.round(QUOTE_LIMITS.confirmArrChangeShare * 100);
  return (
    `This quote comes to ${usd(yearly)} a year, ${pct}% ${share > 0 ? 'above' : 'below'} ` +
    `today's ARR of ${usd(Math.round(currentArr))} (more than ${limit}% either way). If that is ` +
    'right, press Build PDF again to confirm; otherwise correct the prices.'
  );
}
