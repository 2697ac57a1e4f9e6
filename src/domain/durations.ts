/**
 * When a snooze ends, from what a CSM types (PRODUCT.md §5): `30m`, `4h`, `2d`, `1w`,
 * `tomorrow`, a weekday (`monday` … `sunday`, short forms too) or a date (`2026-12-01`,
 * optionally with a time `2026-12-01T14:00` or `2026-12-01 14:00`), read in the CSM's time
 * zone. Pure: `now` and the zone are passed in.
 *
 *   30m, 4h, 2d, 1w  → now + that span (m minutes, h hours, d days, w weeks)
 *   tomorrow         → the next calendar day at WORKDAY_START_HOUR, local time
 *   monday           → the next Monday (never today) at WORKDAY_START_HOUR, local time
 *   2026-12-01       → that day at WORKDAY_START_HOUR, local time
 *   2026-12-01 14:00 → that local time
 * Invariants: the result is always after `now` and at most MAX_SNOOZE_DAYS ahead, or the
 * input is rejected with a message that shows the right form.
 */

import { addDays, atLocal, formatDay, isCalendarDay, localDay, localParts } from './dates.ts';
import { plural } from './words.ts';

/** Hour (local) a day-granular snooze wakes at. */
export const WORKDAY_START_HOUR = 9;
/** The furthest a snooze may reach (days). */
export const MAX_SNOOZE_DAYS = 365;

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** How far ahead of today the example date in help and error texts lies (days). */
export const EXAMPLE_DATE_AHEAD_DAYS = 7;

/**
 * A date to show as an example, `YYYY-MM-DD`: EXAMPLE_DATE_AHEAD_DAYS after `today` (the CSM's
 * date), so an example a CSM copies is never refused as past. Never a literal.
 */
export function exampleDate(today: string): string {
  return addDays(today, EXAMPLE_DATE_AHEAD_DAYS);
}

/** The forms a DURATION takes, with an example date computed from the CSM's today. */
export function durationForms(today: string): string {
  return `30m, 4h, 2d, 1w, tomorrow, monday, or a date like ${exampleDate(today)}`;
}

export type DurationResult = { ok: true; until: Date } | { ok: false; message: string };

/** Parse one DURATION token as of `now` in `timeZone`. */
export function parseDuration(input: string, now: Date, timeZone: string): DurationResult {
  const text = input.trim().toLowerCase();
  const until = resolve(text, now, timeZone);
  const forms = () => durationForms(localDay(now, timeZone));
  if (until === undefined) {
    return { ok: false, message: `"${input}" is not a time I understand: use ${forms()}.` };
  }
  if (Number.isNaN(until.getTime())) {
    return { ok: false, message: `"${input}" is not a real date: use ${forms()}.` };
  }
  if (until.getTime() <= now.getTime()) {
    return { ok: false, message: `"${input}" is already past: a snooze has to end in the future.` };
  }
  if (until.getTime() - now.getTime() > MAX_SNOOZE_DAYS * UNIT_MS.d) {
    return {
      ok: false,
      message: `"${input}" is too far away: snooze for at most ${plural(MAX_SNOOZE_DAYS, 'day')}.`,
    };
  }
  return { ok: true, until };
}

/** True when `token` looks like a DURATION (so a leading STEP can be told apart). */
export function looksLikeDuration(token: string): boolean {
  const text = token.trim().toLowerCase();
  return (
    /^\d+[mhdw]$/.test(text) ||
    text === 'tomorrow' ||
    weekdayIndex(text) !== -1 ||
    /^\d{4}-\d{2}-\d{2}([t ]\d{1,2}:\d{2})?$/.test(text)
  );
}

function resolve(text: string, now: Date, timeZone: string): Date | undefined {
  const span = /^(\d{1,4})([mhdw])$/.exec(text);
  if (span) {
    const amount = Number(span[1]);
    if (amount === 0) return new Date(now);
    return new Date(now.getTime() + amount * UNIT_MS[span[2] as keyof typeof UNIT_MS]);
  }
  const today = localParts(now, timeZone);
  if (text === 'tomorrow') {
    return atLocal(addDays(formatDay(today), 1), WORKDAY_START_HOUR, 0, timeZone);
  }
  const weekday = weekdayIndex(text);
  if (weekday !== -1) {
    const ahead = (weekday - today.weekday + 7) % 7 || 7;
    return atLocal(addDays(formatDay(today), ahead), WORKDAY_START_HOUR, 0, timeZone);
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{1,2}):(\d{2}))?$/.exec(text);
  if (date) {
    const [, y, m, d, hh, mm] = date;
    const day = { year: Number(y), month: Number(m), day: Number(d) };
    if (!isCalendarDay(day) || Number(hh ?? 0) > 23 || Number(mm ?? 0) > 59)
      return new Date(Number.NaN);
    return atLocal(
      day,
      hh === undefined ? WORKDAY_START_HOUR : Number(hh),
      Number(mm ?? 0),
      timeZone,
    );
  }
  return undefined;
}

function weekdayIndex(text: string): number {
  if (text.length < 3) return -1;
  return WEEKDAYS.findIndex((name) => name.startsWith(text));
}
