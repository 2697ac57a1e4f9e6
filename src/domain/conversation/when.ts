/**
 * When a snooze ends, from natural words read on the CSM's clock (PRODUCT.md §11): "till
 * friday 9am", "next week", "in 2 hours", "5 Dec", "12/5", and every DURATION of the slash
 * command (`30m`, `4h`, `2d`, `1w`, `tomorrow`, `monday`, `2026-12-05`), which go to
 * durations.ts so they mean the same in both places (one truth).
 *
 * chrono-node finds the words and reads the wall time (day, hour, minute, and which were
 * said); the instant is built here with dates.ts `atLocal` in the CSM's IANA zone, so daylight
 * saving is right (02:30 on a spring-forward day is 03:30). Pure: `now` and the zone are given.
 *
 *   a day with no time of day      → UNTIMED_HOUR:00 local
 *   "next week"                    → Monday of next week, UNTIMED_HOUR:00
 *   "EOD", "end of week"           → today / this week's Friday at END_OF_DAY_HOUR:00
 *   "tomorrow morning"             → UNTIMED_HOUR:00; afternoon, evening, tonight as chrono
 *                                    reads them (15:00, 20:00, 22:00)
 *   "in N minutes|hours|days|weeks"→ now + that span (as `30m`, `4h`, `2d`, `1w`)
 *   "in N months"                  → the same local time N months on, the day clamped to the
 *                                    month's end (31 Jan + 1 month → 28/29 Feb)
 *   "1 Dec" said on 3 Dec          → refused as past (a day without a year that passed at
 *                                    most RECENT_PAST_DAYS ago was meant this year); else the
 *                                    next such day
 *   1/2/2027                       → month first in zones of the Americas, day first elsewhere
 * Invariant: a time found is after `now` and at most MAX_SNOOZE_DAYS ahead, else it is
 * returned as `refused` with a message saying what was wrong.
 */
import * as chrono from 'chrono-node';
import { addDays, addMonths, atLocal, formatDay, isTimeZone, localParts } from '../dates.ts';
import {
  looksLikeDuration,
  MAX_SNOOZE_DAYS,
  parseDuration,
  WORKDAY_START_HOUR,
} from '../durations.ts';
import { shortInstantInWords } from '../instant-words.ts';
import { plural } from '../words.ts';

/** The local hour a time with a day but no time of day means ("friday" → Friday 09:00). */
export const UNTIMED_HOUR = WORKDAY_START_HOUR;
/** The local hour "EOD" and "end of week" (Friday) mean. */
export const END_OF_DAY_HOUR = 17;

/** Where in the text the time was said, so the rest can be the reason. */
export interface Span {
  start: number;
  end: number;
  text: string;
}

export type When =
  | ({ kind: 'time'; until: Date } & Span)
  | ({ kind: 'refused'; message: string } & Span)
  | { kind: 'none' };

/** A day said without a year that passed at most this many days ago is refused as past. */
export const RECENT_PAST_DAYS = 31;

/** A time is looked for in this many characters of a message: it is said near the command. */
export const TIME_WITHIN_CHARS = 400;

const DAY_MS = 86_400_000;
const UNITS: Record<string, 'm' | 'h' | 'd' | 'w'> = {
  m: 'm',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  h: 'h',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  d: 'd',
  day: 'd',
  days: 'd',
  w: 'w',
  wk: 'w',
  wks: 'w',
  week: 'w',
  weeks: 'w',
};
const SPAN =
  /\b(?:(?:in|for|after)\s+)?(an?|one|\d{1,4})\s*(m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|months?)\b/i;
const NEXT_WEEK = /\bnext\s+week\b/i;
const END_OF_DAY = /\b(?:eod|cob|(?:the\s+)?end of (?:the )?day|close of business)\b/i;
const END_OF_WEEK = /\b(?:eow|(?:the\s+)?end of (?:the )?week)\b/i;
/** Parts of the day chrono names whose hour is meant as said ("this afternoon" → 15:00). */
const DAY_PARTS = ['afternoon', 'evening', 'tonight', 'noon', 'midnight'];
const TIME_OF_DAY =
  /^(?:at|@|\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?|noon|midnight|morning|afternoon|evening|night)$/i;

/** The wall-clock offset of `timeZone` at `now`, in minutes east of UTC (chrono's reference). */
function offsetAt(now: Date, timeZone: string): number {
  const p = localParts(now, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return Math.round((wall - Math.floor(now.getTime() / 60_000) * 60_000) / 60_000);
}

/** True for a zone where 12/5 is the 5th of December. */
function monthFirst(timeZone: string): boolean {
  return /^(America|US|Canada|Pacific\/Honolulu)\b/.test(timeZone);
}

function checked(until: Date, span: Span, now: Date, timeZone: string): When {
  if (Number.isNaN(until.getTime())) {
    return { kind: 'refused', ...span, message: `"${span.text}" is not a real date.` };
  }
  if (until.getTime() <= now.getTime()) {
    const when = shortInstantInWords(until, timeZone);
    return {
      kind: 'refused',
      ...span,
      message: `"${span.text}" (${when}) is already past: a snooze has to end in the future.`,
    };
  }
  if (until.getTime() - now.getTime() > MAX_SNOOZE_DAYS * DAY_MS) {
    return {
      kind: 'refused',
      ...span,
      message: `"${span.text}" is too far away: snooze for at most ${plural(MAX_SNOOZE_DAYS, 'day')}.`,
    };
  }
  return { kind: 'time', until, ...span };
}

/** A slash-command DURATION said as one token (two for `2026-12-05 14:00`), via durations.ts. */
function findDuration(text: string, now: Date, timeZone: string): When {
  const tokens = [...text.matchAll(/\S+/g)];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    const word = token[0].replace(/[.,;:!?)]+$/, '');
    if (!looksLikeDuration(word)) continue;
    const next = tokens[i + 1]?.[0].replace(/[.,;:!?)]+$/, '') ?? '';
    const before = tokens[i - 1]?.[0].toLowerCase() ?? '';
    if (/^\d{4}-\d{2}-\d{2}$/.test(word) && /^\d{1,2}:\d{2}$/.test(next)) {
      const both = `${word} ${next}`;
      const span = {
        start: token.index,
        end: token.index + token[0].length + 1 + next.length,
        text: both,
      };
      return fromDuration(both, span, now, timeZone);
    }
    // "monday 9am", "next tuesday", "this friday": a richer phrase, for chrono
    if (
      /^[a-z]/i.test(word) &&
      (TIME_OF_DAY.test(next) || before === 'next' || before === 'this')
    ) {
      continue;
    }
    const span = { start: token.index, end: token.index + word.length, text: word };
    return fromDuration(word, span, now, timeZone);
  }
  return { kind: 'none' };
}

function fromDuration(word: string, span: Span, now: Date, timeZone: string): When {
  const parsed = parseDuration(word, now, timeZone);
  if (parsed.ok) return { kind: 'time', until: parsed.until, ...span };
  return { kind: 'refused', ...span, message: parsed.message };
}

/** "in 2 hours", "for a week", "in 1 month": spans, as the DURATION tokens say them. */
function findSpan(text: string, now: Date, timeZone: string): When {
  const match = SPAN.exec(text);
  if (!match) return { kind: 'none' };
  const amount = /^\d+$/.test(match[1]!) ? Number(match[1]) : 1;
  const unit = match[2]!.toLowerCase();
  const span = { start: match.index, end: match.index + match[0].length, text: match[0] };
  if (unit.startsWith('month')) {
    const p = localParts(now, timeZone);
    const day = addMonths(formatDay(p), amount);
    return checked(atLocal(day, p.hour, p.minute, timeZone), span, now, timeZone);
  }
  return fromDuration(`${amount}${UNITS[unit]}`, span, now, timeZone);
}

/** "next week", "EOD", "end of week": said the way a CSM means them, not as chrono reads them. */
function findWorkWeek(text: string, now: Date, timeZone: string): When {
  const today = localParts(now, timeZone);
  const at = (pattern: RegExp, ahead: number, hour: number): When | undefined => {
    const match = pattern.exec(text);
    if (!match) return undefined;
    const span = { start: match.index, end: match.index + match[0].length, text: match[0] };
    const day = addDays(formatDay(today), ahead);
    return checked(atLocal(day, hour, 0, timeZone), span, now, timeZone);
  };
  return (
    at(NEXT_WEEK, (8 - today.weekday) % 7 || 7, UNTIMED_HOUR) ??
    at(END_OF_DAY, 0, END_OF_DAY_HOUR) ??
    at(END_OF_WEEK, (5 - today.weekday + 7) % 7, END_OF_DAY_HOUR) ?? { kind: 'none' }
  );
}

function findNatural(text: string, now: Date, timeZone: string): When {
  const parser = monthFirst(timeZone) ? chrono.en.casual : chrono.en.GB;
  const reference = { instant: now, timezone: offsetAt(now, timeZone) };
  const [found] = parser.parse(text, reference, { forwardDate: true });
  if (!found) return { kind: 'none' };
  const span = { start: found.index, end: found.index + found.text.length, text: found.text };
  const start = found.start;
  if (start.tags().has('result/relativeDateAndTime')) {
    return checked(start.date(), span, now, timeZone);
  }
  const day = {
    year: start.get('year') ?? 0,
    month: start.get('month') ?? 0,
    day: start.get('day') ?? 0,
  };
  const tags = start.tags();
  const dayPart = DAY_PARTS.some((part) => tags.has(`casualReference/${part}`));
  const timed = start.isCertain('hour') || dayPart;
  if (!start.isCertain('year') && start.isCertain('day') && start.isCertain('month')) {
    const thisYear = { ...day, year: localParts(now, timeZone).year };
    const passed = atLocal(thisYear, timed ? (start.get('hour') ?? 0) : UNTIMED_HOUR, 0, timeZone);
    const ago = now.getTime() - passed.getTime();
    if (ago > 0 && ago <= RECENT_PAST_DAYS * DAY_MS) return checked(passed, span, now, timeZone);
  }
  const hour = timed ? (start.get('hour') ?? UNTIMED_HOUR) : UNTIMED_HOUR;
  const minute = timed ? (start.get('minute') ?? 0) : 0;
  let until = atLocal(day, hour, minute, timeZone);
  // a weekday or a time alone means the next one: chrono may pick one just gone by
  if (until.getTime() <= now.getTime() && !start.isCertain('day')) {
    const ahead = start.isCertain('weekday') ? 7 : 1;
    until = atLocal(addDays(formatDay(day), ahead), hour, minute, timeZone);
  }
  return checked(until, span, now, timeZone);
}

/**
 * The first time said in `text` (within its first TIME_WITHIN_CHARS characters), read as of
 * `now` on the clock of `timeZone`: a DURATION token, a span ("in 2 hours"), the work week's
 * words or natural words (chrono); `none` when there is no time.
 */
export function findWhen(text: string, now: Date, timeZone: string): When {
  const head = text.slice(0, TIME_WITHIN_CHARS);
  let first: When = { kind: 'none' };
  // the earliest time said wins ("friday 9am, after a week of silence" is friday)
  for (const find of [findDuration, findSpan, findWorkWeek, findNatural]) {
    const found = find(head, now, timeZone);
    if (found.kind !== 'none' && (first.kind === 'none' || found.start < first.start))
      first = found;
  }
  return first;
}

/** "Fri 5 Dec 09:00 America/New_York": an instant said back in full, as §11 shows. */
export function sayWhen(instant: Date, timeZone: string): string {
  const words = shortInstantInWords(instant, timeZone);
  return isTimeZone(timeZone) ? `${words} ${timeZone}` : words; // an unknown zone says UTC
}
