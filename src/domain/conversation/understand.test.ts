/**
 * The parser's promises as properties: any text, in the thread or the DM, in any zone, gives
 * an answer and never throws; what is not understood offers two or three suggestions; a
 * customer is only ever matched within the book given.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchCustomer } from './customers.ts';
import { understand } from './understand.ts';

const INTENTS = new Set(
  'snooze skip continue back resume escalate undo status why help today list show renewals forecast unclear'.split(
    ' ',
  ),
);

const text = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        'snooze',
        'skip',
        'step',
        '3',
        'till',
        'until',
        'friday',
        'next',
        'week',
        '2d',
        'how',
        'is',
        '<@U1>',
        '&amp;',
        '😴',
        '?',
        ':',
        'the',
        'customer',
        'replies',
        'undo',
        'in',
        '99',
        'hours',
        'month',
        'acme',
        'until:',
        '2026-02-30',
        '13/13',
        '-1d',
      ),
      { maxLength: 12 },
    )
    .map((words) => words.join(' ')),
);
const zone = fc.constantFrom(
  'America/New_York',
  'Europe/Berlin',
  'Australia/Sydney',
  'UTC',
  'Not/AZone',
  '',
);
const now = fc
  .integer({ min: Date.parse('2020-01-01'), max: Date.parse('2035-12-31') })
  .map((ms) => new Date(ms));
const book = fc.array(
  fc.record({ id: fc.uuid(), name: fc.string({ minLength: 1, maxLength: 30 }) }),
  { maxLength: 8 },
);

describe('understand never fails a CSM', () => {
  it('answers any text with a known intent, and unclear with 2-3 labelled suggestions', () => {
    fc.assert(
      fc.property(
        text,
        fc.constantFrom('thread', 'dm' as const),
        now,
        zone,
        book,
        (said, where, at, timeZone, customers) => {
          const steps = [{ index: 1, id: 'review', title: 'Review', status: 'pending' }];
          const got = understand(said, {
            where: where as 'thread' | 'dm',
            now: at,
            timeZone,
            steps,
            customers,
          });
          expect(INTENTS.has(got.intent)).toBe(true);
          if (got.intent === 'unclear') {
            expect(got.suggestions.length).toBeGreaterThanOrEqual(2);
            expect(got.suggestions.length).toBeLessThanOrEqual(3);
            for (const s of got.suggestions) expect(s.label.trim()).not.toBe('');
            if (got.nearest) expect(got.suggestions[0]?.intent).toEqual(got.nearest);
          }
          if (got.intent === 'snooze' && got.until)
            expect(got.until.getTime()).toBeGreaterThan(at.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gibberish is always unclear, with 2-3 suggestions', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[qxzj 0!?.]{0,40}$/),
        fc.constantFrom('thread', 'dm' as const),
        now,
        (said, where, at) => {
          const got = understand(said, {
            where: where as 'thread' | 'dm',
            now: at,
            timeZone: 'Europe/Berlin',
          });
          expect(got.intent).toBe('unclear');
          if (got.intent === 'unclear') expect([2, 3]).toContain(got.suggestions.length);
        },
      ),
    );
  });

  it('answers a message as long as Slack allows, reason kept whole', () => {
    const reason = 'waiting on legal '.repeat(2400).trim();
    const ctx = {
      where: 'thread' as const,
      now: new Date('2026-12-03T15:00:00Z'),
      timeZone: 'UTC',
    };
    expect(understand(`snooze 2d ${reason}`, ctx)).toMatchObject({ intent: 'snooze', reason });
    expect(understand('x'.repeat(40_000), ctx).intent).toBe('unclear');
  });

  it('answers even a context that makes no sense', () => {
    const bad = { where: 'thread' as const, now: new Date(Number.NaN), timeZone: 'Nowhere/Else' };
    expect(understand('snooze till friday', bad).intent).toBe('unclear');
    expect(understand(undefined as unknown as string, bad)).toMatchObject({ intent: 'unclear' });
  });
});

describe('customers match loosely, only within the book', () => {
  it('every customer is found by its own name, in any case, and nothing outside the book is', () => {
    const named = fc.array(
      fc.record({
        id: fc.uuid(),
        name: fc.stringMatching(/^[A-Za-zÀ-ÿ]{4,10}( [A-Za-z]{2,8})?$/),
      }),
      { minLength: 1, maxLength: 5 },
    );
    fc.assert(
      fc.property(named, fc.nat(), (customers, pick) => {
        const customer = customers[pick % customers.length]!;
        const found = matchCustomer(customer.name.toUpperCase(), customers);
        const ids =
          found.kind === 'one'
            ? [found.customer.id]
            : found.kind === 'several'
              ? found.candidates.map((c) => c.id)
              : [];
        expect(ids).toContain(customer.id);
        for (const id of ids) expect(customers.some((c) => c.id === id)).toBe(true);
      }),
    );
  });

  it.each([
    ['obsidian', 'one'],
    ['OBSIDIAN BLACK', 'one'],
    ['obsidain blakc', 'one'],
    ['acme', 'several'],
    ['initech', 'none'],
    ['', 'none'],
    ['the', 'none'],
  ])('"%s" → %s', (query, kind) => {
    const customers = [
      { id: '1', name: 'Obsidian Black' },
      { id: '2', name: 'Acme Corp' },
      { id: '3', name: 'Acme Labs' },
    ];
    expect(matchCustomer(query, customers).kind).toBe(kind);
  });
});
