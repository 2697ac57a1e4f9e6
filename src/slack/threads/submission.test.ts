/**
 * Issue 13 item 10a: every quote-modal field's validation error says, in words, what was
 * wrong and what is expected, on that field's input; never zod's own text.
 */
import { describe, expect, it } from 'vitest';
import { QUOTE_BLOCK } from '../../../blocks/quote-modal.ts';
import { quoteFromForm } from '../../workflows/executions-quote.ts';
import { quoteField } from './quote.ts';
import { describeFieldIssue, modalErrors } from './submission.ts';

const who = { executionId: 7, stepIndex: 3, customerName: 'Acme', today: '2026-11-25' };
const csm = { name: 'Carl', email: 'carl@example.com' };
const line = { description: 'Seats', quantity: 10, unitPrice: 100 };
const form = {
  lines: [line],
  termMonths: 12,
  paymentTerms: 'Net 30' as const,
  installments: 1,
  notes: '',
};

const RAW = /too small|too big|invalid input|expected (number|int|string)|received/i;

const cases = [
  [
    'a blank description',
    { lines: [{ ...line, description: '' }] },
    QUOTE_BLOCK.description(0),
    'Enter a description.',
  ],
  [
    'a quantity of 0',
    { lines: [{ ...line, quantity: 0 }] },
    QUOTE_BLOCK.quantity(0),
    'Enter a quantity greater than 0.',
  ],
  [
    'a negative unit price',
    { lines: [line, { ...line, unitPrice: -1 }] },
    QUOTE_BLOCK.unitPrice(1),
    'Enter a unit price of 0 or more.',
  ],
  [
    'a term of 0 months',
    { termMonths: 0 },
    QUOTE_BLOCK.termMonths,
    'Enter a term in months greater than 0.',
  ],
  [
    'a term of 1.5 months',
    { termMonths: 1.5 },
    QUOTE_BLOCK.termMonths,
    'Enter a term in months as a whole number.',
  ],
  [
    'no instalments',
    { paymentTerms: 'Net 30' as const, installments: 0 },
    QUOTE_BLOCK.installments,
    'Enter a number of instalments greater than 0.',
  ],
  [
    '2.5 instalments',
    { installments: 2.5 },
    QUOTE_BLOCK.installments,
    'Enter a number of instalments as a whole number.',
  ],
  ['no lines at all', { lines: [] }, QUOTE_BLOCK.description(0), 'Enter at least one line.'],
] as const;

describe('quote modal errors, field by field', () => {
  it.each(cases)('%s', (_what, change, block, message) => {
    const built = quoteFromForm({ ...form, ...change } as typeof form, who, csm);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    const errors = modalErrors(built.issues, quoteField);
    expect(errors[block]).toBe(message);
    for (const text of Object.values(errors)) expect(text).not.toMatch(RAW);
  });

  it('a good form builds', () => {
    expect(quoteFromForm(form, who, csm).ok).toBe(true);
  });
});

describe('describeFieldIssue', () => {
  it.each([
    [{ code: 'too_big', maximum: 120, inclusive: true }, 'Enter a term of 120 or less.'],
    [
      { code: 'too_big', maximum: 80, origin: 'string' },
      'Shorten a term to 80 characters or fewer.',
    ],
    [{ code: 'invalid_type', expected: 'number' }, 'Enter a term as a number.'],
    [
      { code: 'invalid_format', format: 'email' },
      'Enter a term as an email address, like name@example.com.',
    ],
    [{ code: 'invalid_value' }, 'Check a term: it is not one of the values this form accepts.'],
  ])('%o', (issue, message) => {
    expect(describeFieldIssue('a term', { path: [], message: 'Too big: raw', ...issue })).toBe(
      message,
    );
  });
});
