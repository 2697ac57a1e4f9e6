/**
 * The quote builder modal (`prepare-quote.build`): up to QUOTE_MAX_LINES line items with an
 * editable description, quantity and unit price, the term, the payment terms, the number of
 * instalments and notes. Prefilled from the slide's quote artifact, with the subscription
 * line at the decided ARR. The submission is read here into numbers (a word where a number
 * belongs is refused naming its block); the quote's own rules are checked by buildQuote.
 */
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { plain, section } from './elements.ts';
import { mrkdwnText } from './format.ts';

export const QUOTE_VIEW = 'prepare-quote.submit';
export const QUOTE_MAX_LINES = 5;
export const PAYMENT_TERMS = ['Net 30', 'Net 45', 'Annual upfront', 'Quarterly'] as const;
export type PaymentTerms = (typeof PAYMENT_TERMS)[number];

/** Block ids (`<slide>.<field>`); each input's action id is `prepare-quote.write_<field>`. */
export const QUOTE_BLOCK = {
  description: (i: number) => `prepare-quote.line${i + 1}-description`,
  quantity: (i: number) => `prepare-quote.line${i + 1}-quantity`,
  unitPrice: (i: number) => `prepare-quote.line${i + 1}-price`,
  termMonths: 'prepare-quote.term',
  paymentTerms: 'prepare-quote.payment-terms',
  installments: 'prepare-quote.installments',
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
  customerName: string;
  lines: QuoteLine[];
  termMonths: number;
  paymentTerms: string;
}

export interface QuoteForm {
  lines: QuoteLine[];
  termMonths: number;
  paymentTerms: PaymentTerms;
  installments: number;
  notes: string;
}

export type QuoteModal = Omit<ModalView, 'blocks'> & { blocks: KnownBlock[] };

function text(blockId: string, label: string, initial: string, optional = false): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional,
    label: plain(label, 2000),
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
    private_metadata: JSON.stringify({ e: input.executionId, s: input.stepIndex }),
    title: plain('Build the quote', 24),
    submit: plain('Build PDF', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`*Renewal quote for ${mrkdwnText(input.customerName, 200)}*`),
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
      text(QUOTE_BLOCK.installments, 'Number of instalments', '1'),
      text(QUOTE_BLOCK.notes, 'Notes', '', true),
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
  const installments = number(QUOTE_BLOCK.installments, 'the number of instalments');
  const terms = read(QUOTE_BLOCK.paymentTerms);
  const paymentTerms = PAYMENT_TERMS.find((t) => t === terms) ?? 'Net 30';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const form = { lines, termMonths, paymentTerms, installments, notes: read(QUOTE_BLOCK.notes) };
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
  if (field === 'installments' || field === 'paymentSchedule') return QUOTE_BLOCK.installments;
  if (field === 'notes') return QUOTE_BLOCK.notes;
  if (field === 'lineItems') return QUOTE_BLOCK.description(0);
  return QUOTE_BLOCK.termMonths;
}
