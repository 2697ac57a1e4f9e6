/**
 * Instants as the page shows them, in a user's IANA zone (UTC, said so, when the zone is
 * unknown): the clock, a message's time of day, the day separators of a conversation and
 * the value of a `datetime-local` input. Pure: the instant is always given.
 */

/** `{ year, month, day, hour, minute, weekday }` of `date` in `timeZone`, or null. */
function partsIn(date: Date, timeZone: string): Record<string, string> | null {
  try {
    const format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'long',
      hourCycle: 'h23',
    });
    return Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  } catch {
    return null;
  }
}

const MONTHS =
  'January February March April May June July August September October November December'.split(
    ' ',
  );

export interface LocalTime {
  /** `2026-11-25` */
  day: string;
  /** `06:00` */
  time: string;
  /** `Wednesday` */
  weekday: string;
  /** `25 November 2026` */
  date: string;
  /** The zone used: the one asked for, or `UTC` when Intl does not know it. */
  zone: string;
}

/** `date` in `timeZone` (or UTC when that zone is unknown); null for an invalid date. */
export function localTime(date: Date, timeZone: string): LocalTime | null {
  if (Number.isNaN(date.getTime())) return null;
  const asked = timeZone ? partsIn(date, timeZone) : null;
  const zone = asked ? timeZone : 'UTC';
  const p = asked ?? partsIn(date, 'UTC');
  if (!p) return null;
  const month = MONTHS[Number(p.month) - 1] ?? p.month;
  return {
    day: `${p.year}-${p.month}-${p.day}`,
    time: `${p.hour}:${p.minute}`,
    weekday: p.weekday ?? '',
    date: `${Number(p.day)} ${month} ${p.year}`,
    zone,
  };
}

/** A Slack ts (`1764050400.000100`) as a Date. */
export function dateOfTs(ts: string): Date {
  return new Date(Number(ts) * 1000);
}

/** `Wed 25 Nov 2026, 06:00`, or the text as given when it is not an instant. */
export function clockText(iso: string, timeZone: string): string {
  const t = localTime(new Date(iso), timeZone);
  if (!t) return iso;
  const [day, month, year] = t.date.split(' ');
  return `${t.weekday.slice(0, 3)} ${day} ${month?.slice(0, 3)} ${year}, ${t.time}`;
}

/** The value a `datetime-local` input shows for `iso` in `timeZone`: `2026-11-25T06:00`. */
export function datetimeLocalValue(iso: string, timeZone: string): string {
  const t = localTime(new Date(iso), timeZone);
  return t ? `${t.day}T${t.time}` : '';
}
