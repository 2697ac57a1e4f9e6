/**
 * Times read on the CSM's clock, as properties: around daylight-saving changes (New York,
 * Berlin, Sydney; spring-forward and fall-back days), at month ends, and the slash command's
 * DURATIONs meaning the same here (one truth). Every `now` is generated, never the machine's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysInMonth, formatDay, localDay, localParts } from '../dates.ts';
import { parseDuration } from '../durations.ts';
import { understand } from './understand.ts';
import { findWhen, sayWhen, UNTIMED_HOUR } from './when.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Each zone's change days: [zone, spring-forward day, fall-back day]. */
const CHANGES = [
  ['America/New_York', '2027-03-14', '2026-11-01'],
  ['Europe/Berlin', '2027-03-28', '2026-10-25'],
  ['Australia/Sydney', '2026-10-04', '2027-04-04'],
] as const;

/** A zone and an instant within three days either side of one of its change days. */
const aroundChange = fc
  .tuple(
    fc.constantFrom(...CHANGES),
    fc.boolean(),
    fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }),
  )
  .map(([[zone, spring, fall], isSpring, minutes]) => ({
    zone,
    now: new Date(Date.parse(`${isSpring ? spring : fall}T12:00:00Z`) + minutes * 60_000),
  }));

function when(text: string, now: Date, zone: string): Date {
  const found = findWhen(text, now, zone);
  if (found.kind !== 'time')
    throw new Error(`"${text}" at ${now.toISOString()}: ${JSON.stringify(found)}`);
  return found.until;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

describe('times around daylight-saving changes', () => {
  it('"tomorrow" is the next local day at 09:00, whatever the change', () => {
    fc.assert(
      fc.property(aroundChange, ({ zone, now }) => {
        const until = when('tomorrow', now, zone);
        const local = localParts(until, zone);
        expect(formatDay(local)).toBe(addDays(localDay(now, zone), 1));
        expect([local.hour, local.minute]).toEqual([UNTIMED_HOUR, 0]);
      }),
    );
  });

  it('"<weekday> HH:MM" lands on that weekday at that wall time, or an hour on when skipped', () => {
    fc.assert(
      fc.property(
        aroundChange,
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30, 45),
        ({ zone, now }, weekday, hour, minute) => {
          const text = `${WEEKDAYS[weekday]} ${hour}:${String(minute).padStart(2, '0')}`;
          const until = when(text, now, zone);
          const local = localParts(until, zone);
          expect(local.weekday).toBe(weekday);
          expect(local.minute).toBe(minute);
          // 02:xx does not exist on a spring-forward day: it is read as 03:xx
          const skipped = local.hour === hour + 1 && hour === 2;
          expect(local.hour === hour || skipped).toBe(true);
          expect(until.getTime()).toBeGreaterThan(now.getTime());
          expect(until.getTime() - now.getTime()).toBeLessThanOrEqual(8 * DAY);
        },
      ),
    );
  });

  it('spans are real time: "in N hours" and "Nh" are N hours on the clock of the world', () => {
    fc.assert(
      fc.property(aroundChange, fc.integer({ min: 1, max: 72 }), ({ zone, now }, n) => {
        expect(when(`in ${n} hours`, now, zone).getTime()).toBe(now.getTime() + n * HOUR);
        expect(when(`${n}h`, now, zone).getTime()).toBe(now.getTime() + n * HOUR);
      }),
    );
  });

  it.each([
    ['America/New_York', '2027-03-10T12:00:00Z', '2027-03-14 02:30', '2027-03-14T07:30:00.000Z'],
    ['America/New_York', '2027-03-10T12:00:00Z', 'march 14 2:30am', '2027-03-14T07:30:00.000Z'],
    ['America/New_York', '2026-10-28T12:00:00Z', '2026-11-01 01:30', '2026-11-01T05:30:00.000Z'],
    ['America/New_York', '2026-10-28T12:00:00Z', 'nov 1 1:30am', '2026-11-01T05:30:00.000Z'],
    ['Europe/Berlin', '2027-03-25T12:00:00Z', '2027-03-28 02:30', '2027-03-28T01:30:00.000Z'],
    ['Europe/Berlin', '2026-10-21T12:00:00Z', '2026-10-25 02:30', '2026-10-25T00:30:00.000Z'],
    ['Australia/Sydney', '2026-10-01T12:00:00Z', '2026-10-04 02:30', '2026-10-03T16:30:00.000Z'],
    ['Australia/Sydney', '2027-04-01T12:00:00Z', '2027-04-04 02:30', '2027-04-03T15:30:00.000Z'],
    ['Australia/Sydney', '2027-04-01T12:00:00Z', 'sunday', '2027-04-03T23:00:00.000Z'],
  ])('in %s at %s, "%s" is %s', (zone, now, text, iso) => {
    expect(when(text, new Date(now), zone).toISOString()).toBe(iso);
  });
});

describe('month ends', () => {
  it.each([
    ['2027-01-31T15:00:00Z', 'in 1 month', '2027-02-28T15:00:00.000Z'],
    ['2028-01-31T15:00:00Z', 'in a month', '2028-02-29T15:00:00.000Z'],
    ['2027-03-31T14:00:00Z', 'in 1 month', '2027-04-30T14:00:00.000Z'],
    ['2027-12-31T15:00:00Z', 'tomorrow', '2028-01-01T14:00:00.000Z'],
    ['2028-02-10T15:00:00Z', '2028-02-29', '2028-02-29T14:00:00.000Z'],
    ['2028-02-10T15:00:00Z', 'feb 29', '2028-02-29T14:00:00.000Z'],
    ['2028-02-28T15:00:00Z', 'tomorrow', '2028-02-29T14:00:00.000Z'],
    ['2027-02-28T15:00:00Z', 'tomorrow', '2027-03-01T14:00:00.000Z'],
  ])('in New York at %s, "%s" is %s', (now, text, iso) => {
    expect(when(text, new Date(now), 'America/New_York').toISOString()).toBe(iso);
  });

  it('refuses a day that is not in the calendar', () => {
    const found = findWhen('2027-02-29', new Date('2027-02-01T12:00:00Z'), 'Europe/Berlin');
    expect(found).toMatchObject({
      kind: 'refused',
      message: expect.stringMatching(/not a real date/),
    });
  });

  it('"in N months" keeps the local time and clamps the day to the month\'s end', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2026-01-01'), max: Date.parse('2030-12-31') }),
        fc.integer({ min: 1, max: 11 }),
        fc.constantFrom('America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'UTC'),
        (ms, n, zone) => {
          const now = new Date(Math.floor(ms / 60_000) * 60_000);
          const from = localParts(now, zone);
          const until = when(`in ${n} months`, now, zone);
          const to = localParts(until, zone);
          const months = from.year * 12 + from.month - 1 + n;
          expect([to.year, to.month]).toEqual([Math.floor(months / 12), (months % 12) + 1]);
          expect(to.day).toBe(Math.min(from.day, daysInMonth(to.year, to.month)));
          if (to.hour !== from.hour) expect(to.hour).toBe(from.hour + 1); // a skipped hour
        },
      ),
    );
  });
});

describe('one truth with the slash command', () => {
  const TOKENS = ['30m', '4h', '2d', '1w', 'tomorrow', 'mon', 'tuesday', 'friday', 'sunday', '2d'];

  it("the slash command's DURATIONs mean the same in a message", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2026-01-01'), max: Date.parse('2030-12-31') }),
        fc.constantFrom(...TOKENS),
        fc.constantFrom('America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata'),
        (ms, token, zone) => {
          const now = new Date(ms);
          const slash = parseDuration(token, now, zone);
          if (!slash.ok) throw new Error(slash.message);
          const said = understand(`snooze ${token} waiting on legal`, {
            where: 'thread',
            now,
            timeZone: zone,
          });
          expect(said).toEqual({
            intent: 'snooze',
            until: slash.until,
            untilEvent: null,
            reason: 'waiting on legal',
          });
        },
      ),
    );
  });

  it('a date as the slash command takes it, with and without a time', () => {
    const now = new Date('2026-12-03T15:00:00Z');
    for (const token of ['2026-12-05', '2026-12-05 14:00', '2026-12-05T14:00']) {
      const slash = parseDuration(token, now, 'Europe/Berlin');
      expect(slash.ok && when(token, now, 'Europe/Berlin')).toEqual(slash.ok && slash.until);
    }
  });
});

describe('sayWhen', () => {
  it.each([
    ['2026-12-05T14:00:00Z', 'America/New_York', 'Sat 5 Dec 09:00 America/New_York'],
    ['2026-12-04T14:00:00Z', 'America/New_York', 'Fri 4 Dec 09:00 America/New_York'],
    ['2027-03-14T07:30:00Z', 'America/New_York', 'Sun 14 Mar 03:30 America/New_York'],
    ['2026-12-04T22:00:00Z', 'Australia/Sydney', 'Sat 5 Dec 09:00 Australia/Sydney'],
    ['2026-12-04T08:00:00Z', 'Not/AZone', 'Fri 4 Dec 08:00 UTC'],
  ])('%s in %s → %s', (iso, zone, words) => {
    expect(sayWhen(new Date(iso), zone)).toBe(words);
  });
});
