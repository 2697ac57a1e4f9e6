/**
 * The renewal quote (PRODUCT.md §4, prepare-quote): everything the PDF shows is computed here,
 * in whole cents, so the renderer only lays it out. Invariants of a built quote:
 * every line total is quantity × unit price rounded to the cent; subtotal = Σ line totals;
 * total = subtotal − discount ≥ 0; the payment schedule sums to the total exactly.
 */
import { z } from 'zod';
import { dayNumber, isoDay } from './days.ts';

/** Contract length when the builder does not say (months). */
export const DEFAULT_TERM_MONTHS = 12;
/** Days after the quote date the first payment is due ("Net 30"). */
export const DEFAULT_PAYMENT_DAYS = 30;
/** Days a quote stays valid after its date. */
export const QUOTE_VALID_DAYS = 30;
/** Payments spread over the term when no schedule is given (1 = all up front). */
export const DEFAULT_INSTALLMENTS = 1;

const isoDate = z.string().refine(
  (value) => {
    try {
      dayNumber(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a date as YYYY-MM-DD' },
);
const money = z.number().finite().nonnegative();

export const quoteInputSchema = z.object({
  quoteNumber: z.string().min(1),
  date: isoDate,
  customer: z.object({ name: z.string().min(1), address: z.string().optional() }),
  csm: z.object({ name: z.string().min(1), email: z.email() }),
  lineItems: z
    .array(
      z.object({
        description: z.string().min(1),
        quantity: z.number().finite().positive(),
        unitPrice: money,
      }),
    )
    .min(1, 'a quote needs at least one line item'),
  discount: money.optional(),
  currency: z.literal('USD').default('USD'),
  terms: z
    .object({
      termMonths: z.number().int().positive().default(DEFAULT_TERM_MONTHS),
      paymentDays: z.number().int().nonnegative().default(DEFAULT_PAYMENT_DAYS),
      validUntil: isoDate.optional(),
    })
    .prefault({}),
  /** Equal payments over the term; ignored when `paymentSchedule` is given. */
  installments: z.number().int().positive().default(DEFAULT_INSTALLMENTS),
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

/** `date` plus whole months, the day clamped to the month's end (31 Jan + 1 → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  return isoDay(dayNumber(first.toISOString().slice(0, 10)) + Math.min(d, last.getUTCDate()) - 1);
}

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
 * given schedule that does not sum to the total (to the cent).
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
  const firstDue = isoDay(dayNumber(q.date) + q.terms.paymentDays);
  const every = q.terms.termMonths / q.installments;
  const schedule =
    q.paymentSchedule?.map((p) => ({ due: p.due, cents: toCents(p.amount) })) ??
    splitCents(totalCents, q.installments).map((cents, i) => ({
      due: addMonths(firstDue, Math.floor(i * every)),
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
      validUntil: q.terms.validUntil ?? isoDay(dayNumber(q.date) + QUOTE_VALID_DAYS),
    },
    paymentSchedule: schedule.map((p) => ({ due: p.due, amount: fromCents(p.cents) })),
    ...(q.notes ? { notes: q.notes } : {}),
  };
}
