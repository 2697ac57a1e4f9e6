import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isDay, weekday } from '../domain/dates.ts';
import { hashKey, randomFor } from './prng.ts';

describe('randomFor', () => {
  it('gives the same sequence for the same key and another for another key', () => {
    const draw = (key: string) => Array.from({ length: 8 }, randomFor(key).next);
    expect(draw('cust-0001')).toEqual(draw('cust-0001'));
    expect(draw('cust-0001')).not.toEqual(draw('cust-0002'));
    expect(hashKey('a')).not.toBe(hashKey('b'));
  });

  it('draws integers in [min, max] reaching both ends', () => {
    const rng = randomFor('ints');
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(3, 7)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('keeps floats in [0, 1) and shuffles into a permutation', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.integer(), { maxLength: 30 }), (key, items) => {
        const rng = randomFor(key);
        const x = rng.next();
        expect(x >= 0 && x < 1).toBe(true);
        expect(rng.shuffle(items).sort()).toEqual([...items].sort());
      }),
    );
  });
});

describe('calendar days', () => {
  it.each([
    ['2026-11-25', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-05', false],
    ['26-11-25', false],
    ['2026-11-25T00:00:00Z', false],
  ])('isDay(%s) is %s', (text, expected) => {
    expect(isDay(text)).toBe(expected);
  });

  it('moves across months, leap days and back', () => {
    expect(addDays('2026-11-25', 365)).toBe('2027-11-25');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-11-25', '2027-11-25')).toBe(365);
    expect(daysBetween('2026-11-25', '2026-11-20')).toBe(-5);
    expect(weekday('2026-11-25')).toBe(3);
  });

  it('rejects a malformed day', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});
