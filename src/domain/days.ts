/**
 * Calendar days as integer day numbers: day 0 is 1970-01-01 (UTC), so day numbers subtract
 * to whole days with no time zone or daylight-saving error. Conversions use integer civil
 * calendar arithmetic (proleptic Gregorian; H. Hinnant's days_from_civil), no `Date`.
 */

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The day number of an ISO calendar date `YYYY-MM-DD` (`dayNumber('1970-01-01') === 0`).
 * Throws a RangeError naming the text when it is not a real date (e.g. `2026-02-30`).
 */
export function dayNumber(iso: string): number {
  const match = ISO_DAY.exec(iso);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`expected a date as YYYY-MM-DD, got "${iso}"`);
  }
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The ISO date `YYYY-MM-DD` of a day number; the inverse of {@link dayNumber}. */
export function isoDay(n: number): string {
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
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/**
 * `daysToRenewal = renewalDay − asOfDay` in whole days (PRODUCT.md §3): 0 on the renewal
 * day itself, negative once it has passed. Both are day numbers ({@link dayNumber}).
 */
export function daysToRenewal(renewalDay: number, asOfDay: number): number {
  return renewalDay - asOfDay;
}
