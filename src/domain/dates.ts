/**
 * Dates and time zones, in one place (ARCHITECTURE.md "Time"). Calendar days are `YYYY-MM-DD`
 * strings or integer day numbers (day 0 is 1970-01-01), computed with integer civil calendar
 * arithmetic (proleptic Gregorian; H. Hinnant's days_from_civil), so a day never depends on
 * the machine's zone and subtracts to whole days with no daylight-saving error. Zones are
 * IANA names read through `Intl` (no date library is a dependency; Intl carries the tz data).
 * Pure: every instant is passed in, nothing here reads the clock.
 */
import { z } from 'zod';

/** What a calendar day must look like, in every message that refuses one. */
export const DAY_FORM = 'a date as YYYY-MM-DD';

/** A calendar day by its parts; `month` 1-12. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for a real calendar day (year 1-9999): 2026-02-30 and 2026-13-01 are not. */
export function isCalendarDay({ year, month, day }: CalendarDay): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** The parts of `YYYY-MM-DD`, or undefined when it is not a real calendar day. */
export function dayParts(text: string): CalendarDay | undefined {
  const match = ISO_DAY.exec(text);
  if (!match) return undefined;
  const parts = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isCalendarDay(parts) ? parts : undefined;
}

/** True for a real calendar day written `YYYY-MM-DD` (so 2026-02-30 is false). */
export function isDay(text: unknown): text is string {
  return typeof text === 'string' && dayParts(text) !== undefined;
}

/** `YYYY-MM-DD` of a day's parts. */
export function formatDay({ year, month, day }: CalendarDay): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}`;
}

function daysFromCivil({ year, month, day }: CalendarDay): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDays(n: number): CalendarDay {
  const z = Math.floor(n) + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** The parts of `YYYY-MM-DD`; throws a RangeError naming the text when it is not a real day. */
export function parseDay(text: string): CalendarDay {
  const parts = dayParts(text);
  if (!parts) throw new RangeError(`expected ${DAY_FORM}, got "${text}"`);
  return parts;
}

/**
 * The day number of `YYYY-MM-DD` (`dayNumber('1970-01-01') === 0`). Throws a RangeError
 * naming the text when it is not a real date (e.g. `2026-02-30`).
 */
export function dayNumber(text: string): number {
  let n = dayNumbers.get(text);
  if (n === undefined) {
    n = daysFromCivil(parseDay(text));
    remember(dayNumbers, text, n);
  }
  return n;
}

/** The `YYYY-MM-DD` of a day number; the inverse of {@link dayNumber}. */
export function isoDay(n: number): string {
  let text = isoDays.get(n);
  if (text === undefined) {
    text = formatDay(civilFromDays(n));
    remember(isoDays, n, text);
  }
  return text;
}

/**
 * The daily run converts the same few hundred days (today, renewal dates) for each of a
 * million customers: both conversions keep what they have computed, up to a few thousand
 * days each (then they start again).
 */
const DAYS_KEPT = 4096;
const dayNumbers = new Map<string, number>();
const isoDays = new Map<number, string>();

function remember<K, V>(kept: Map<K, V>, key: K, value: V) {
  if (kept.size >= DAYS_KEPT) kept.clear();
  kept.set(key, value);
}

/** `day` moved by `days` whole days (negative goes back): `addDays('2028-02-28', 1)` → `2028-02-29`. */
export function addDays(day: string, days: number): string {
  return isoDay(dayNumber(day) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** `day` plus whole months, the day clamped to the month's end (31 Jan + 1 → 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const { year, month, day: d } = parseDay(day);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return formatDay({ year: y, month: m, day: Math.min(d, daysInMonth(y, m)) });
}

/** The weekday of a day: 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return (((dayNumber(day) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** The UTC calendar day of an instant. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** A zod string that is a real calendar day `YYYY-MM-DD`; `message` says what is expected. */
export function daySchema(message = `expected ${DAY_FORM}`) {
  return z.string().refine((value) => isDay(value), { message });
}

// ── Time zones ────────────────────────────────────────────────────────────────────────────

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** One cached formatter per zone for the wall-clock parts; null for a zone Intl does not know. */
function wallFormat(timeZone: string): Intl.DateTimeFormat | null {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        weekday: 'long',
      });
    } catch {
      format = null;
    }
    formatters.set(timeZone, format);
  }
  return format;
}

/** The canonical IANA name of a zone (`europe/berlin` → `Europe/Berlin`), or undefined. */
export function canonicalTimeZone(name: string): string | undefined {
  return wallFormat(name)?.resolvedOptions().timeZone;
}

/** True for a time zone Intl knows (an IANA name such as `Europe/Berlin`, or `UTC`). */
export function isTimeZone(name: string): boolean {
  return name !== '' && wallFormat(name) !== null;
}

/** The wall clock in `timeZone` at `instant`. */
export interface LocalParts extends CalendarDay {
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

/** The wall-clock day, time and weekday of an instant in a zone; throws for an unknown zone. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const format = wallFormat(timeZone);
  if (!format) throw new RangeError(`unknown time zone "${timeZone}": expected an IANA name`);
  const parts = format.formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: WEEKDAYS.indexOf(get('weekday').toLowerCase()),
  };
}

/** The calendar day `YYYY-MM-DD` that `instant` falls on in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  return formatDay(localParts(instant, timeZone));
}

/** The hour 0-23 at `instant` in `timeZone`. */
export function localHour(instant: Date, timeZone: string): number {
  return localParts(instant, timeZone).hour;
}

/** Minutes the zone is ahead of UTC at `instant`. */
function offsetMinutes(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant a local wall-clock time names in `timeZone`. A time skipped by a DST jump
 * moves forward by the jump; a repeated one takes its first occurrence.
 */
export function atLocal(
  day: CalendarDay | string,
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  const d = typeof day === 'string' ? parseDay(day) : day;
  const wall = Date.UTC(d.year, d.month - 1, d.day, hour, minute);
  // The zone's offsets around that day: a wall time names wall − offset for one of them.
  const offsets = new Set(
    [-DAY_MS, 0, DAY_MS].map((shift) => offsetMinutes(new Date(wall + shift), timeZone)),
  );
  const named = [...offsets]
    .map((offset) => wall - offset * 60_000)
    .filter((t) => {
      const p = localParts(new Date(t), timeZone);
      return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) === wall;
    });
  if (named.length > 0) return new Date(Math.min(...named));
  // Skipped by a jump forward: read with the offset before the jump, it lands after it.
  return new Date(wall - offsetMinutes(new Date(wall - DAY_MS), timeZone) * 60_000);
}
