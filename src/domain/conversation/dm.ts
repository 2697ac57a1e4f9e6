/**
 * Questions in the DM (PRODUCT.md §11): today, the lists, a customer ("how is Obsidian Black
 * doing?"), why a customer is first, renewals, the forecast. Customers are matched only
 * within the book given. Pure.
 */
import { type BookCustomer, type CustomerMatch, matchCustomer } from './customers.ts';
import type { KnownIntent } from './intents.ts';
import { DM_PHRASES, type DmWord, findPhrase } from './phrases.ts';
import { wordsOf } from './text.ts';

/** Words around a customer's name that are not part of it ("how is X doing?"). */
const QUERY_EDGES_START =
  /^(?:\s|is|are|was|me|about|with|up|the|on|for|of|at|going|our|my|that|this|it|they)\b\s*/i;
const QUERY_EDGES_END =
  /\s*\b(?:doing|going|looking|lately|now|these days|today|this week|please|pls|first|on top|at the top|top|so high|number one|up|then|again|account|s)\s*$|[\s?!.,#1]+$/i;

/** The customer's name in a question, without the words around it. */
export function customerQuery(text: string): string {
  let query = text;
  for (let changed = true; changed; ) {
    const before = query;
    query = query.replace(QUERY_EDGES_START, '').replace(QUERY_EDGES_END, '');
    changed = query !== before;
  }
  return query.trim();
}

/** Commands that act on a workflow, so they are answered in its thread, not the DM. */
export const THREAD_ONLY = new Set([
  'snooze',
  'skip',
  'escalate',
  'resume',
  'undo',
  'back',
  'done',
  'next',
]);

const OTHER_DM: readonly DmWord[] = [
  'renewals',
  'forecast',
  'list-snoozed',
  'list-escalated',
  'today',
  'list-all',
];

/** A DM question's reading; null when it needs a customer and named none. */
export function readDm(
  word: DmWord,
  rest: string,
  book: readonly BookCustomer[],
): KnownIntent | null {
  switch (word) {
    case 'today':
      return { intent: 'today' };
    case 'list-all': {
      // "list snoozed": the filter after the word
      const filter = findPhrase(
        DM_PHRASES.filter(([name]) => name === 'list-snoozed' || name === 'list-escalated'),
        wordsOf(rest).map((w) => w.word),
      );
      return {
        intent: 'list',
        filter: filter?.word === 'list-snoozed' ? 'snoozed' : filter ? 'escalated' : 'all',
      };
    }
    case 'list-snoozed':
    case 'list-escalated':
      return {
        intent: 'list',
        filter: word === 'list-snoozed' ? 'snoozed' : 'escalated',
      };
    case 'renewals':
      return { intent: 'renewals', period: 'this-month' };
    case 'forecast':
      return { intent: 'forecast' };
    case 'help':
      return { intent: 'help' };
    case 'why':
      return { intent: 'why', customer: matchCustomer(customerQuery(rest), book) };
    case 'show': {
      const customer: CustomerMatch = matchCustomer(customerQuery(rest), book);
      if (customer.kind !== 'none') return { intent: 'show', customer };
      // "how are renewals looking": another question behind a "how"
      const other = findPhrase(
        DM_PHRASES.filter(([name]) => OTHER_DM.includes(name)),
        wordsOf(rest).map((w) => w.word),
      );
      if (other) return readDm(other.word, '', book);
      return customer.query ? { intent: 'show', customer } : null;
    }
  }
}
