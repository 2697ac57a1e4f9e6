/**
 * Counts meeting nouns and verbs, in one place, so no text reads "1 follow-ups" or "in 1 days".
 * Pure: numbers and words in, words out.
 */

/**
 * `plural(1, 'day')` → `1 day`, `plural(3, 'day')` → `3 days`, `plural(2, 'reply', 'replies')`
 * → `2 replies`. The count is written as given (`1200 rows`; format it yourself and use
 * {@link inflect} for `1,200 rows`); only exactly 1 is singular (`0 days`, `1.5 days`, `-1 days`
 * read as plural: callers say a negative count in words, e.g. `3 days ago`).
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${inflect(n, one, many)}`;
}

/** Just the form that agrees with `n`: `inflect(1, 'is', 'are')` → `is`. */
export function inflect(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
