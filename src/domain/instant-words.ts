/**
 * An instant as a CSM reads it on their own clock: `Fri 5 Dec 09:00`. The one formatter for
 * instants; blocks/format.ts (`instantInWords`) and the conversation's `sayWhen` build on it.
 * Pure: the instant and the zone are passed in.
 */
import { isTimeZone, type LocalParts, localParts } from './dates.ts';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number) => String(n).padStart(2, '0');

/** `09:00`: the wall-clock time of local parts, 24-hour. */
export function clockInWords(parts: Pick<LocalParts, 'hour' | 'minute'>): string {
  return `${two(parts.hour)}:${two(parts.minute)}`;
}

/** `Fri 5 Dec`: the weekday, day and month of local parts. */
function shortDayInWords(parts: Pick<LocalParts, 'weekday' | 'day' | 'month'>): string {
  return `${WEEKDAYS[parts.weekday]} ${parts.day} ${MONTHS[parts.month - 1]}`;
}

/**
 * The wall clock of `instant` in `timeZone` and the zone it was read in: an unknown zone is
 * read as UTC (and `zoned` says so) rather than throwing, so a bad setting never hides a time.
 */
export function wallClock(instant: Date, timeZone: string): { parts: LocalParts; zoned: boolean } {
  const zoned = isTimeZone(timeZone);
  return { parts: localParts(instant, zoned ? timeZone : 'UTC'), zoned };
}

/** `Fri 5 Dec 09:00`: `instant` on the clock of `timeZone` (UTC, and says so, when unknown). */
export function shortInstantInWords(instant: Date, timeZone: string): string {
  const { parts, zoned } = wallClock(instant, timeZone);
  return `${shortDayInWords(parts)} ${clockInWords(parts)}${zoned ? '' : ' UTC'}`;
}
