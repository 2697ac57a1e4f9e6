import { describe, expect, it } from 'vitest';
import {
  addLocalDays,
  instantOfLocalInput,
  nextLocalTime,
  parseComposerText,
} from './static/client-logic.js';

describe('the composer', () => {
  it.each([
    ['/renubu today', 'today'],
    ['renubu list', 'list'],
    ['  /renubu   snooze 2d waiting  ', 'snooze 2d waiting'],
    ['/renubu', ''],
    ['/RENUBU help', 'help'],
  ])('%j is the command %j', (typed, text) => {
    expect(parseComposerText(typed)).toEqual({ ok: true, kind: 'command', text });
  });

  it.each([
    ['today', 'today'],
    ['  snooze till friday waiting on legal ', 'snooze till friday waiting on legal'],
    ['hello\nthere', 'hello\nthere'],
  ])('%j is a message %j to Renubu', (typed, text) => {
    expect(parseComposerText(typed)).toEqual({ ok: true, kind: 'message', text });
  });

  it.each(['/renubutoday', '/other today', '', '   '])('%j sends nothing', (typed) => {
    expect(parseComposerText(typed)).toMatchObject({
      ok: false,
      hint: expect.stringContaining('/renubu today'),
    });
  });
});

describe('time moves in the selected user zone', () => {
  it.each([
    // [now, zone, at, expected]
    ['2026-11-25T04:59:00.000Z', 'Europe/Berlin', '06:00', '2026-11-25T05:00:00.000Z'],
    ['2026-11-25T05:00:00.000Z', 'Europe/Berlin', '06:00', '2026-11-26T05:00:00.000Z'],
    ['2026-11-25T12:00:00.000Z', 'Europe/Berlin', '23:00', '2026-11-25T22:00:00.000Z'],
    ['2026-11-25T12:00:00.000Z', 'America/Los_Angeles', '06:00', '2026-11-25T14:00:00.000Z'],
    ['2026-11-25T12:00:00.000Z', 'America/Los_Angeles', '23:00', '2026-11-26T07:00:00.000Z'],
    ['2026-03-28T12:00:00.000Z', 'Europe/Berlin', '06:00', '2026-03-29T04:00:00.000Z'],
    ['2026-11-25T12:00:00.000Z', 'Not/AZone', '06:00', '2026-11-26T06:00:00.000Z'],
  ])('from %s in %s the next %s is %s', (now, zone, at, expected) => {
    expect(nextLocalTime(now, zone, at)).toBe(expected);
  });

  it('adds a day of wall-clock time, 23 hours across the spring DST change', () => {
    expect(addLocalDays('2026-11-25T05:00:00.000Z', 'Europe/Berlin', 1)).toBe(
      '2026-11-26T05:00:00.000Z',
    );
    expect(addLocalDays('2026-03-28T10:00:00.000Z', 'Europe/Berlin', 1)).toBe(
      '2026-03-29T09:00:00.000Z',
    );
  });

  it('reads a datetime-local value in the zone, a skipped time just after the jump', () => {
    expect(instantOfLocalInput('2026-11-25T06:00', 'Europe/Berlin')).toBe(
      '2026-11-25T05:00:00.000Z',
    );
    expect(instantOfLocalInput('2026-11-25T06:00', 'Asia/Kolkata')).toBe(
      '2026-11-25T00:30:00.000Z',
    );
    expect(instantOfLocalInput('2026-03-29T02:30', 'Europe/Berlin')).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(instantOfLocalInput('', 'Europe/Berlin')).toBeNull();
  });
});
