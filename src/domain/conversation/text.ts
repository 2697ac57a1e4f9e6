/**
 * What a person wrote, made plain for reading: Slack's encoded text decoded (`&amp;`,
 * `<@U123>` mentions, `<mailto:a@b|a@b>`, `<https://…|label>`, `<#C1|name>`), emoji and
 * `:shortcodes:` dropped, spaces collapsed; and loose word comparison (case, accents, typos).
 * Pure.
 */

/** Slack's text as typed: entities decoded, links to their labels, mentions removed. */
export function plainText(text: string): string {
  return text
    .replace(/<[@!][^>]*>/g, ' ')
    .replace(/<(?:mailto:|https?:\/\/|#)[^>|]*\|([^>]*)>/g, '$1')
    .replace(/<(?:mailto:)?([^>|]*)>/g, '$1')
    .replace(/&(amp|lt|gt);/g, (_, name: string) =>
      name === 'lt' ? '<' : name === 'gt' ? '>' : '&',
    )
    .replace(/:[a-z0-9_+-]{1,60}:/gi, ' ')
    .replace(/\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u{FE0F}|\u{200D}/gu, ' ')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower case, accents off, punctuation to spaces (apostrophes dropped: `what's` → `whats`). */
export function foldWords(text: string): string {
  // upper then lower case folds ß to ss, as typing "STRASSE" for "Straße" does
  return text
    .toUpperCase()
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Edit distance with neighbour swaps (optimal string alignment: "snoze" and "skpi" are one
 * typo each), stopping early once every path exceeds `max` (then it returns max + 1).
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2]! + 1);
      }
      row.push(value);
    }
    if (Math.min(...row) > max) return max + 1;
    before = previous;
    previous = row;
  }
  return Math.min(previous[b.length]!, max + 1);
}

/** Typos a word of this length may carry and still be read as meant. */
export function typosAllowed(length: number): number {
  if (length <= 3) return 0;
  if (length <= 7) return 1;
  return 2;
}

/** Real words one typo away from a keyword, read as themselves ("dont" is not "done"). */
const REAL_WORDS = new Set(
  'dont last lost nest text bank black hack part ship slip skin shop shot into want hole told dose help hold'.split(
    ' ',
  ),
);

/** True when `word` is `keyword` or `keyword` with the typos its length allows. */
export function isWord(word: string, keyword: string): boolean {
  if (word === keyword) return true;
  if (REAL_WORDS.has(word)) return false;
  const allowed = typosAllowed(keyword.length);
  // the first letter is kept: "gone" is not "done" misspelt, nor "kip" "skip"
  return allowed > 0 && word[0] === keyword[0] && editDistance(word, keyword, allowed) <= allowed;
}

/** A word of a message, folded, with where it stands in the text. */
export interface Word {
  word: string;
  start: number;
  end: number;
}

/** The words of `text`, folded, with their places (to cut the text around them). */
export function wordsOf(text: string): Word[] {
  return [...text.matchAll(/[\p{L}\p{N}'’]+/gu)].map((m) => ({
    word: foldWords(m[0]),
    start: m.index,
    end: m.index + m[0].length,
  }));
}
