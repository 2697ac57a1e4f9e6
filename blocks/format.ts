/**
 * Text bits shared by the builders: workflow types and stages in words, the renewal phrase,
 * dates and instants, and the two ways text is made safe for Slack (truncation to a limit,
 * mrkdwn escaping). Pure: a date or instant is always given, never read from the clock.
 */
import { dayParts, formatDay, weekday } from '../src/domain/dates.ts';
import { renewalPhrase as renewalDays, type WorkflowType } from '../src/domain/index.ts';
import { clockInWords, shortInstantInWords, wallClock } from '../src/domain/instant-words.ts';

/** Where the generic "dashes to spaces" wording would mislead. */
const TYPE_WORDS: Partial<Record<WorkflowType, string>> = {
  'risk-in-band': 'Risk in the renewal window',
  'risk-out-of-band': 'Risk outside the renewal window',
  'opportunity-in-band': 'Opportunity in the renewal window',
  'opportunity-out-of-band': 'Opportunity outside the renewal window',
  'opportunity-usage-spike': 'Usage spike opportunity',
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `strategic-planning` → `Strategic planning`; an unknown type reads the same way. */
export function typeInWords(type: string): string {
  const own = Object.hasOwn(TYPE_WORDS, type) ? TYPE_WORDS[type as WorkflowType] : undefined;
  const words = own ?? type.replace(/[-_]+/g, ' ').trim();
  return capitalise(truncate(words, 60)) || 'Workflow';
}

/** For the middle of a sentence: `strategic` → `strategic stage`; no stage → `no contract`. */
export function stageInWords(stage: string | null): string {
  return stage === null ? 'no contract' : `${truncate(stage, 30)} stage`;
}

/** The one way a count meets a noun (src/domain/words.ts): `1 day`, `3 days`. */
export { inflect, plural } from '../src/domain/words.ts';

/** `renewal in 12 days`, `renewal today`, `renewal date passed 3 days ago`, `no renewal date`. */
export function renewalPhrase(days: number | null): string {
  return days === null ? 'no renewal date' : renewalDays(days);
}

/** `health 87/100`, or `no health score yet`. */
export function healthInWords(score: number | null): string {
  return score === null ? 'no health score yet' : `health ${Math.round(score)}/100`;
}

/** The first word of a name, for greetings: `Justin Strackany` → `Justin`. */
export function firstName(name: string): string {
  return truncate(name.trim().split(/\s+/)[0] ?? '', 40) || 'there';
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August'].concat([
  'September',
  'October',
  'November',
  'December',
]);

/** `2026-11-25` → `Wednesday 25 November 2026`; anything else is shown as given. */
export function dayInWords(day: string): string {
  const parts = dayParts(day);
  if (!parts) return truncate(day, 40);
  return `${WEEKDAYS[weekday(day)]} ${parts.day} ${MONTHS[parts.month - 1]} ${parts.year}`;
}

/**
 * An instant in the CSM's time zone: `today 09:00` on `today` (YYYY-MM-DD, the CSM's date),
 * else `Tue 24 Nov 09:00`. An unknown zone falls back to UTC and says so.
 */
export function instantInWords(iso: string, timeZone: string, today: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return truncate(iso, 40);
  const { parts, zoned } = wallClock(date, timeZone);
  if (formatDay(parts) === today) return `today ${clockInWords(parts)}${zoned ? '' : ' UTC'}`;
  return shortInstantInWords(date, timeZone);
}

/** Cut `text` to at most `max` UTF-16 units, ending in `…`; never splits a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out}…`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** mrkdwn control characters as Slack asks: `&`, `<`, `>` as entities. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => ESCAPES[c] ?? c);
}

/**
 * What a person typed, from text Slack sends us with `&`, `<`, `>` as entities (slash
 * command and message text): the inverse of {@link escapeMrkdwn}, so a reason is stored as
 * typed and escaped once on the way out.
 */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) =>
    name === 'lt' ? '<' : name === 'gt' ? '>' : '&',
  );
}

/**
 * Already-escaped mrkdwn cut to at most `max`, ending in `…`: like {@link truncate}, but an
 * entity cut at the end (`&am`) is dropped whole, so no half entity shows as text.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = truncate(text, max);
  return `${cut.slice(0, -1).replace(/&(?:a|am|amp|l|lt|g|gt)?$/, '')}…`;
}

/** Escaped for mrkdwn and at most `max` long once escaped (an entity is never cut). */
export function mrkdwnText(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  let out = '';
  for (const char of text) {
    const piece = ESCAPES[char] ?? char;
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}
