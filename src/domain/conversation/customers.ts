/**
 * A customer named loosely, found only within the CSM's own book (PRODUCT.md §11): case,
 * accents, punctuation and typos do not matter, and a prefix or one word of the name is
 * enough ("obsidian" → "Obsidian Black"). Pure: the book is passed in.
 *
 * The first tier that finds anything decides:
 *   1. the whole name, folded (case, accents, punctuation off), equals the words;
 *   2. the name starts with the words, or the words are whole words of the name;
 *   3. the name, or one of its words, is within the typos the words' length allows.
 * One customer found is a match; more are candidates (at most MAX_CANDIDATES, for buttons).
 */
import { editDistance, foldWords, typosAllowed } from './text.ts';

export interface BookCustomer {
  id: string;
  name: string;
}

/** The most candidates offered as buttons when several customers match. */
export const MAX_CANDIDATES = 5;

export type CustomerMatch =
  | { kind: 'one'; query: string; customer: BookCustomer }
  | { kind: 'several'; query: string; candidates: BookCustomer[] }
  | { kind: 'none'; query: string };

/** Words that name no customer: "the", "account", "inc" and the like are dropped first. */
const NOISE = new Set(['the', 'account', 'customer', 'client', 'inc', 'ltd', 'llc', 'gmbh', 'co']);

function significant(text: string): string {
  return foldWords(text.replace(/&/g, ' and '))
    .split(' ')
    .filter((word) => word && !NOISE.has(word))
    .join(' ');
}

function containsWords(name: string, words: string): boolean {
  return ` ${name} `.includes(` ${words} `);
}

function nearName(name: string, words: string): boolean {
  const allowed = typosAllowed(words.length);
  if (allowed === 0) return false;
  if (editDistance(name, words, allowed) <= allowed) return true;
  // one word said with a typo: "obsidain" → "Obsidian Black"
  return (
    !words.includes(' ') &&
    name
      .split(' ')
      .some((part) => part.length >= 4 && editDistance(part, words, allowed) <= allowed)
  );
}

/** The customers of `book` that `query` names, best tier only. */
export function matchCustomer(query: string, book: readonly BookCustomer[]): CustomerMatch {
  const words = significant(query);
  if (!words) return { kind: 'none', query };
  const folded = book.map((customer) => ({ customer, name: significant(customer.name) }));
  const tiers = [
    (name: string) => name === words,
    (name: string) => name.startsWith(words) || containsWords(name, words),
    (name: string) => nearName(name, words),
  ];
  for (const tier of tiers) {
    const found = folded.filter(({ name }) => name && tier(name)).map(({ customer }) => customer);
    if (found.length === 1) return { kind: 'one', query, customer: found[0]! };
    if (found.length > 1) {
      return { kind: 'several', query, candidates: found.slice(0, MAX_CANDIDATES) };
    }
  }
  return { kind: 'none', query };
}
