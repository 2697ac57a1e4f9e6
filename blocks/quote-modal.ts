/**
 * The quote builder modal (`prepare-quote.build`): up to QUOTE_MAX_LINES line items with an
 * editable description, quantity and unit price, the term, the payment terms (days to pay
 * each invoice), the billing period (how often an invoice goes out) and notes. Prefilled from
 * the slide's quote artifact, with the subscription line at the decided ARR, or from the last
 * quote built when it is built again. The submission is read here into numbers (a word where
 * a number belongs is refused naming its block); the quote's bounds (QUOTE_LIMITS) are
 * checked by buildQuote, each in words under its input.
 */
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { BILLING_PERIODS, type BillingPeriod, QUOTE_LIMITS } from '../src/domain/quote.ts';
import { plain, section } from './elements.ts';
import { mrkdwnText } from './format.ts';

export const QUOTE_VIEW = 'prepare-quote.submit';
export const QUOTE_MAX_LINES = 5;
/** Days the customer has to pay each invoice. */
export const PAYMENT_TERMS = ['Net 30', 'Net 45', 'Due on receipt'] as const;
export type PaymentTerms = (typeof PAYMENT_TERMS)[number];
export const PAYMENT_DAYS: Record<PaymentTerms, number> = {
  'Net 30': 30,
  'Net 45': 45,
  'Due on receipt': 0,
};
export const BILLING = Object.keys(BILLING_PERIODS) as BillingPeriod[];

/** Block ids (`<slide>.<field>`); each input's action id is `prepare-quote.write_<field>`. */
export const QUOTE_BLOCK = {
  description: (i: number) => `prepare-quote.line${i + 1}-description`,
  quantity: (i: number) => `prepare-quote.line${i + 1}-quantity`,
  unitPrice: (i: number) => `prepare-quote.line${i + 1}-price`,
  termMonths: 'prepare-quote.term',
  paymentTerms: 'prepare-quote.payment-terms',
  billing: 'prepare-quote.billing',
  notes: 'prepare-quote.notes',
} as const;
export const actionIdOf = (blockId: string) =>
  `prepare-quote.write_${blockId.replace('prepare-quote.', '')}`;

export interface QuoteLine {
  description: string;
  quantity: number;
  unitPrice: number;
}

export interface QuoteModalInput {
  executionId: number;
  stepIndex: number;
  /** Which build of this step's quote the modal makes: 1 the first, 2 a rebuild, … */
  revision?: number;
  customerName: string;
  lines: QuoteLine[];
  termMonths: number;
  paymentTerms: string;
  billing?: BillingPeriod;
  notes?: string;
}

export interface QuoteForm {
  lines: QuoteLine[];
  termMonths: number;
  paymentTerms: PaymentTerms;
  billing: BillingPeriod;
  notes: string;
}

export type QuoteModal = Omit<ModalView, 'blocks'> & { blocks: KnownBlock[] };

const HINTS: Record<string, string> = {
  quantity: `A whole number from 1 to ${QUOTE_LIMITS.maxQuantity.toLocaleString('en-US')}.`,
  price: `In dollars, more than $0 and below $${QUOTE_LIMITS.maxUnitPrice.toLocaleString('en-US')}.`,
  term: `Whole months, ${QUOTE_LIMITS.termMonths.min} to ${QUOTE_LIMITS.termMonths.max}.`,
};

function text(blockId: string, label: string, initial: string, optional = false): InputBlock {
  const hint = HINTS[/(quantity|price|term)$/.exec(blockId)?.[1] ?? ''];
  return {
    type: 'input',
    block_id: blockId,
    optional,
    label: plain(label, 2000),
    ...(hint ? { hint: plain(hint, 2000) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: actionIdOf(blockId),
      ...(initial === '' ? {} : { initial_value: initial }),
      ...(blockId === QUOTE_BLOCK.notes ? { multiline: true } : {}),
    },
  };
}

const option = (value: string): PlainTextOption => ({ text: plain(value, 75), value });

export function quoteModal(input: QuoteModalInput): QuoteModal {
  // The given lines, then one empty line to add something, up to the maximum.
  const lines = [...input.lines.slice(0, QUOTE_MAX_LINES), null].slice(0, QUOTE_MAX_LINES);
  const terms = (PAYMENT_TERMS as readonly string[]).includes(input.paymentTerms)
    ? input.paymentTerms
    : 'Net 30';
  const lineBlocks = lines.flatMap((line, i) => [
    text(QUOTE_BLOCK.description(i), `Line ${i + 1}`, line?.description ?? '', line === null),
    text(QUOTE_BLOCK.quantity(i), 'Quantity', line ? String(line.quantity) : '', line === null),
    text(
      QUOTE_BLOCK.unitPrice(i),
      'Unit price (USD)',
      line ? String(line.unitPrice) : '',
      line === null,
    ),
  ]);
  return {
    type: 'modal',
    callback_id: QUOTE_VIEW,
    private_metadata: JSON.stringify({
      e: input.executionId,
      s: input.stepIndex,
      r: input.revision ?? 1,
    }),
    title: plain((input.revision ?? 1) > 1 ? 'Rebuild the quote' : 'Build the quote', 24),
    submit: plain('Build PDF', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(
        `*Renewal quote for ${mrkdwnText(input.customerName, 200)}*` +
          ((input.revision ?? 1) > 1
            ? '\nThe new PDF replaces the last one in the thread, and the email attaches it.'
            : ''),
      ),
      ...lineBlocks,
      text(QUOTE_BLOCK.termMonths, 'Term (months)', String(input.termMonths)),
      {
        type: 'input',
        block_id: QUOTE_BLOCK.paymentTerms,
        label: plain('Payment terms', 2000),
        element: {
          type: 'static_select',
          action_id: actionIdOf(QUOTE_BLOCK.paymentTerms),
          options: PAYMENT_TERMS.map(option),
          initial_option: option(terms),
        },
      },
      {
        type: 'input',
        block_id: QUOTE_BLOCK.billing,
        label: plain('Billed', 2000),
        hint: plain(`At most ${QUOTE_LIMITS.maxInstallments} payments over the term.`, 2000),
        element: {
          type: 'static_select',
          action_id: actionIdOf(QUOTE_BLOCK.billing),
          options: BILLING.map(option),
          initial_option: option(input.billing ?? 'Annual upfront'),
        },
      },
      text(QUOTE_BLOCK.notes, 'Notes', input.notes ?? '', true),
    ],
  };
}

type StateValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null }>
>;

export type QuoteFormResult =
  | { ok: true; form: QuoteForm }
  | { ok: false; errors: Record<string, string> };

/** The submitted form as numbers; a blank optional line is left out. */
export function readQuoteForm(values: StateValues): QuoteFormResult {
  const read = (blockId: string) => {
    const input = values[blockId]?.[actionIdOf(blockId)];
    return (input?.selected_option?.value ?? input?.value ?? '').trim();
  };
  const errors: Record<string, string> = {};
  const number = (blockId: string, what: string) => {
    const raw = read(blockId).replace(/[$,]/g, '');
    const n = Number(raw);
    if (raw === '' || !Number.isFinite(n)) errors[blockId] = `Enter ${what} as a number.`;
    return n;
  };
  const lines: QuoteLine[] = [];
  for (let i = 0; i < QUOTE_MAX_LINES; i += 1) {
    const description = read(QUOTE_BLOCK.description(i));
    if (description === '' && read(QUOTE_BLOCK.quantity(i)) === '') continue;
    if (description === '') errors[QUOTE_BLOCK.description(i)] = 'Describe this line.';
    const quantity = number(QUOTE_BLOCK.quantity(i), 'the quantity');
    const unitPrice = number(QUOTE_BLOCK.unitPrice(i), 'the unit price');
    lines.push({ description, quantity, unitPrice });
  }
  const termMonths = number(QUOTE_BLOCK.termMonths, 'the term in months');
  const terms = read(QUOTE_BLOCK.paymentTerms);
  const paymentTerms = PAYMENT_TERMS.find((t) => t === terms) ?? 'Net 30';
  const billed = read(QUOTE_BLOCK.billing);
  const billing = BILLING.find((b) => b === billed) ?? 'Annual upfront';
  if (lines.length === 0) errors[QUOTE_BLOCK.description(0)] = 'A quote needs at least one line.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const form = { lines, termMonths, paymentTerms, billing, notes: read(QUOTE_BLOCK.notes) };
  return { ok: true, form };
}

/** The block to blame for a buildQuote issue at `path` (e.g. `lineItems.0.quantity`). */
export function blockForIssue(path: readonly PropertyKey[]): string {
  const [field, index, part] = path;
  if (field === 'lineItems' && typeof index === 'number') {
    if (part === 'quantity') return QUOTE_BLOCK.quantity(index);
    if (part === 'unitPrice') return QUOTE_BLOCK.unitPrice(index);
    return QUOTE_BLOCK.description(index);
  }
  if (field === 'installments' || field === 'billingMonths' || field === 'paymentSchedule') {
    return QUOTE_BLOCK.billing;
  }
  if (field === 'notes') return QUOTE_BLOCK.notes;
  if (field === 'lineItems') return QUOTE_BLOCK.description(0);
  return QUOTE_BLOCK.termMonths;
}

/** `{ executionId, stepIndex, revision }` from the builder's private_metadata, or null. */
export function readQuoteMetadata(
  metadata: string,
): { executionId: number; stepIndex: number; revision: number } | null {
  try {
    const parsed = JSON.parse(metadata) as { e?: unknown; s?: unknown; r?: unknown };
    if (!Number.isSafeInteger(parsed.e) || !Number.isSafeInteger(parsed.s)) return null;
    const revision = Number.isSafeInteger(parsed.r) ? (parsed.r as number) : 1;
    return { executionId: parsed.e as number, stepIndex: parsed.s as number, revision };
  } catch {
    return null;
  }
}
