import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atLocal, localDay, localParts } from './dates.ts';
import {
  durationForms,
  exampleDate,
  looksLikeDuration,
  MAX_SNOOZE_DAYS,
  parseDuration,
  WORKDAY_START_HOUR,
} from './durations.ts';

// Wednesday 2026-11-25, 15:30 in New York (20:30 UTC).
const NOW = new Date('2026-11-25T20:30:00Z');
const NY = 'America/New_York';
const ZONES = ['UTC', NY, 'Europe/Berlin', 'Asia/Singapore', 'Australia/Sydney', 'Asia/Kolkata'];

function until(input: string, now = NOW, zone = NY): Date {
  const result = parseDuration(input, now, zone);
  if (!result.ok) throw new Error(result.message);
  return result.until;
}

function localTime(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: zone,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(instant);
}

describe('parseDuration', () => {
  it.each([
    ['30m', '2026-11-25T21:00:00.000Z'],
    ['4h', '2026-11-26T00:30:00.000Z'],
    ['2d', '2026-11-27T20:30:00.000Z'],
    ['1w', '2026-12-02T20:30:00.000Z'],
    ['2D', '2026-11-27T20:30:00.000Z'],
  ])('%s is a span from now', (input, expected) => {
    expect(until(input).toISOString()).toBe(expected);
  });

  it.each([
    ['tomorrow', '2026-11-26 09:00'],
    ['monday', '2026-11-30 09:00'],
    ['mon', '2026-11-30 09:00'],
    ['wednesday', '2026-12-02 09:00'], // today is Wednesday: the next one
    ['friday', '2026-11-27 09:00'],
    ['2026-12-01', '2026-12-01 09:00'],
    ['2026-12-01 14:15', '2026-12-01 14:15'],
    ['2026-12-01T07:05', '2026-12-01 07:05'],
  ])("%s is read in the CSM's time zone", (input, local) => {
    expect(localTime(until(input), NY)).toBe(local);
  });

  it('follows the zone across a DST change (Berlin, last Sunday of March)', () => {
    const saturday = new Date('2027-03-27T12:00:00Z');
    expect(localTime(until('tomorrow', saturday, 'Europe/Berlin'), 'Europe/Berlin')).toBe(
      '2027-03-28 09:00',
    );
    expect(until('tomorrow', saturday, 'Europe/Berlin').toISOString()).toBe(
      '2027-03-28T07:00:00.000Z',
    );
  });

  it.each([
    ['2x', 'is not a time I understand'],
    ['soon', 'is not a time I understand'],
    ['', 'is not a time I understand'],
    ['2026-02-30', 'is not a real date'],
    ['2026-12-01 25:00', 'is not a real date'],
    ['2026-11-01', 'is already past'],
    ['0d', 'is already past'],
    ['2w0', 'is not a time I understand'],
    ['400d', 'is too far away'],
  ])('rejects %j with a message that says what is wrong', (input, message) => {
    const result = parseDuration(input, NOW, NY);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('shows the right form when it does not understand', () => {
    const result = parseDuration('later', NOW, NY);
    expect(!result.ok && result.message).toContain(durationForms('2026-11-25'));
    expect(!result.ok && result.message).toContain('a date like 2026-12-02');
  });

  it('offers an example date that it accepts, on any day in any zone', () => {
    const instants = fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01') });
    fc.assert(
      fc.property(instants, fc.constantFrom(...ZONES, 'Pacific/Kiritimati'), (now, zone) => {
        fc.pre(!Number.isNaN(now.getTime()));
        const failed = parseDuration('later', now, zone);
        const example = exampleDate(localDay(now, zone));
        expect(!failed.ok && failed.message).toContain(`a date like ${example}`);
        expect(parseDuration(example, now, zone)).toMatchObject({ ok: true });
      }),
    );
  });

  it('never throws, and anything it accepts lies in the future within the limit', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.stringMatching(/^\d{1,5}[mhdwx]$/),
          fc.constantFrom('tomorrow', 'monday', 'sun', 'sat', 'tu', 'thursday'),
          fc.stringMatching(/^20\d\d-[01]\d-[0-3]\d( [0-2]\d:[0-5]\d)?$/),
        ),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        fc.constantFrom(...ZONES),
        (input, now, zone) => {
          const result = parseDuration(input, now, zone);
          if (result.ok) {
            expect(result.until.getTime()).toBeGreaterThan(now.getTime());
            expect(result.until.getTime() - now.getTime()).toBeLessThanOrEqual(
              MAX_SNOOZE_DAYS * 86_400_000,
            );
            expect(looksLikeDuration(input)).toBe(true);
          } else {
            expect(result.message.length).toBeGreaterThan(10);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('wakes day-granular snoozes at the start of the local working day on the right weekday', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 6 }),
        (now, zone, target) => {
          const name = [
            'sunday',
            'monday',
            'tuesday',
            'wednesday',
            'thursday',
            'friday',
            'saturday',
          ][target]!;
          const wake = until(name, now, zone);
          const parts = localParts(wake, zone);
          expect(parts.weekday).toBe(target);
          const days = (wake.getTime() - now.getTime()) / 86_400_000;
          expect(days).toBeGreaterThan(0);
          expect(days).toBeLessThanOrEqual(8);
          expect(localTime(wake, zone).slice(11)).toBe(`0${WORKDAY_START_HOUR}:00`);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('atLocal', () => {
  it('round-trips a local wall time in every zone', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        fc.constantFrom(...ZONES),
        fc.integer({ min: 10, max: 20 }),
        (instant, zone, hour) => {
          const day = localParts(instant, zone);
          const at = atLocal(day, hour, 30, zone);
          expect(localTime(at, zone)).toBe(
            `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')} ${hour}:30`,
          );
        },
      ),
    );
  });
});
