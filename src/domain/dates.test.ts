import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  atLocal,
  canonicalTimeZone,
  daySchema,
  daysBetween,
  isDay,
  isTimeZone,
  localDay,
  localHour,
  localParts,
  weekday,
} from './dates.ts';

const MS_PER_DAY = 86_400_000;

describe('isDay', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2026-12-31', true],
    ['0001-01-01', true],
    ['2026-02-29', false],
    ['1900-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-11-00', false],
    ['0000-01-01', false],
    ['26-11-25', false],
    ['2026-11-25T00:00', false],
    [' 2026-11-25', false],
    ['', false],
  ])('%j → %s', (text, real) => {
    expect(isDay(text)).toBe(real);
    expect(daySchema().safeParse(text).success).toBe(real);
  });

  it('refuses with a message that shows the form', () => {
    const result = daySchema().safeParse('2026-02-30');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('expected a date as YYYY-MM-DD');
  });
});

describe('addDays, daysBetween, weekday', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-11-25', 365, '2027-11-25'],
    ['2027-11-25', 365, '2028-11-24'],
    ['2026-03-08', 1, '2026-03-09'], // US spring-forward day: a day is a day
    ['2026-11-01', 1, '2026-11-02'], // US fall-back day
  ])('%s %+d days → %s', (day, n, expected) => {
    expect(addDays(day, n)).toBe(expected);
    expect(daysBetween(day, expected)).toBe(n);
  });

  it('refuses a day that does not exist, saying so', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(
      'expected a date as YYYY-MM-DD, got "2026-02-30"',
    );
  });

  it.each([
    ['1970-01-01', 4],
    ['2026-11-25', 3],
    ['2024-02-29', 4],
    ['1969-12-28', 0],
  ])('%s is weekday %d', (day, n) => {
    expect(weekday(day)).toBe(n);
  });

  it('agree with the UTC calendar, years 1600-2400', () => {
    const first = Date.UTC(1600, 0, 1) / MS_PER_DAY;
    const last = Date.UTC(2400, 11, 31) / MS_PER_DAY;
    fc.assert(
      fc.property(
        fc.integer({ min: first, max: last }),
        fc.integer({ min: -800, max: 800 }),
        (n, shift) => {
          const day = new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
          const later = new Date((n + shift) * MS_PER_DAY);
          expect(addDays(day, shift)).toBe(later.toISOString().slice(0, 10));
          expect(weekday(day)).toBe(new Date(n * MS_PER_DAY).getUTCDay());
        },
      ),
    );
  });
});

describe('addMonths', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
  ])('%s %+d months → %s', (day, n, expected) => {
    expect(addMonths(day, n)).toBe(expected);
  });
});

describe('time zones', () => {
  it.each([
    ['Europe/Berlin', true],
    ['UTC', true],
    ['europe/berlin', true],
    ['Mars/Olympus', false],
    ['', false],
  ])('isTimeZone(%j) → %s', (zone, known) => {
    expect(isTimeZone(zone)).toBe(known);
  });

  it('names a zone canonically', () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
  });

  it('refuses an unknown zone with a message naming it', () => {
    expect(() => localDay(new Date(0), 'Mars/Olympus')).toThrow(
      'unknown time zone "Mars/Olympus": expected an IANA name',
    );
  });

  it.each([
    // instant, zone, local day, local hour
    ['2026-11-25T23:30:00Z', 'UTC', '2026-11-25', 23],
    ['2026-11-25T23:30:00Z', 'Europe/Berlin', '2026-11-26', 0],
    ['2026-11-26T03:30:00Z', 'America/New_York', '2026-11-25', 22],
    ['2026-12-31T13:00:00Z', 'Pacific/Auckland', '2027-01-01', 2],
    ['2024-02-29T20:00:00Z', 'Asia/Tokyo', '2024-03-01', 5],
    ['2026-03-08T06:59:00Z', 'America/New_York', '2026-03-08', 1],
    ['2026-03-08T07:00:00Z', 'America/New_York', '2026-03-08', 3],
    ['2026-10-25T00:59:00Z', 'Europe/London', '2026-10-25', 1],
    ['2026-10-25T01:00:00Z', 'Europe/London', '2026-10-25', 1],
    ['2026-11-25T18:30:00Z', 'Asia/Kolkata', '2026-11-26', 0],
  ])('%s in %s is %s, hour %d', (instant, zone, day, hour) => {
    expect(localDay(new Date(instant), zone)).toBe(day);
    expect(localHour(new Date(instant), zone)).toBe(hour);
  });

  it.each([
    // day, hour, minute, zone, instant
    ['2026-11-25', 9, 0, 'America/New_York', '2026-11-25T14:00:00.000Z'],
    ['2026-07-01', 9, 0, 'America/New_York', '2026-07-01T13:00:00.000Z'],
    // skipped by spring-forward: moves forward by the jump
    ['2026-03-08', 2, 30, 'America/New_York', '2026-03-08T07:30:00.000Z'],
    ['2026-03-29', 2, 30, 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
    // repeated by fall-back: the first occurrence
    ['2026-11-01', 1, 30, 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['2026-10-25', 2, 30, 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    // southern hemisphere, half-hour and the date line
    ['2026-04-05', 2, 30, 'Australia/Sydney', '2026-04-04T15:30:00.000Z'],
    ['2026-10-04', 2, 30, 'Australia/Sydney', '2026-10-03T16:30:00.000Z'],
    ['2024-02-29', 0, 0, 'Asia/Kolkata', '2024-02-28T18:30:00.000Z'],
    ['2027-01-01', 0, 0, 'Pacific/Kiritimati', '2026-12-31T10:00:00.000Z'],
  ])('%s %d:%d in %s is %s', (day, hour, minute, zone, instant) => {
    expect(atLocal(day, hour, minute, zone).toISOString()).toBe(instant);
  });

  it('round-trips every local wall time that exists, across zones', () => {
    const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        (instant, zone) => {
          const at = new Date(Math.floor(instant.getTime() / 60_000) * 60_000);
          const p = localParts(at, zone);
          const back = atLocal(p, p.hour, p.minute, zone);
          // Equal, or the first of two instants a repeated hour names.
          expect(localParts(back, zone)).toEqual(p);
          expect(back.getTime()).toBeLessThanOrEqual(at.getTime());
        },
      ),
    );
  });
});
