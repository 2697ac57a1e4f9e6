import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, daysToRenewal, isoDay } from './days.ts';

const MS_PER_DAY = 86_400_000;

describe('dayNumber and isoDay', () => {
  it.each([
    ['1970-01-01', 0],
    ['1969-12-31', -1],
    ['2000-02-29', 11_016],
    ['2026-11-25', Date.UTC(2026, 10, 25) / MS_PER_DAY],
  ])('%s is day %s', (iso, n) => {
    expect(dayNumber(iso)).toBe(n);
    expect(isoDay(n)).toBe(iso);
  });

  it.each([
    '2026-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '26-11-25',
    '2026-11-25T00:00',
    '',
  ])('rejects %j', (text) => {
    expect(() => dayNumber(text)).toThrow(/expected a date as YYYY-MM-DD/);
  });

  it('agrees with the UTC calendar and round-trips, years 1600-2400', () => {
    const first = Date.UTC(1600, 0, 1) / MS_PER_DAY;
    const last = Date.UTC(2400, 11, 31) / MS_PER_DAY;
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (n) => {
        const iso = new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
        expect(isoDay(n)).toBe(iso);
        expect(dayNumber(iso)).toBe(n);
      }),
    );
  });
});

describe('daysToRenewal', () => {
  it.each([
    ['2027-11-25', '2026-11-25', 365],
    ['2026-12-07', '2026-11-25', 12],
    ['2026-11-25', '2026-11-25', 0],
    ['2026-11-24', '2026-11-25', -1],
    ['2024-03-01', '2024-02-28', 2],
  ])('renewal %s as of %s → %s', (renewal, asOf, days) => {
    expect(daysToRenewal(dayNumber(renewal), dayNumber(asOf))).toBe(days);
  });
});
