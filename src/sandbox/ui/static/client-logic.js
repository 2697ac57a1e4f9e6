/**
 * The pure part of the sandbox page's client (no DOM, no fetch), shared with its tests:
 * reading the composer's text as a /renubu command or a message, and the time control's arithmetic in
 * the SELECTED USER's time zone (not the browser's): "next 06:00", "next 23:00", "+1 day"
 * and a datetime-local value, each to an ISO instant for `POST /sandbox/time`.
 */

/**
 * What the composer sends, as Slack would: `/renubu today` (or `renubu today`) is the slash
 * command `today` (`/renubu` alone → ``, the help); any other text is a message to Renubu (in
 * the DM, or a reply in the open thread). Empty text, or another slash command, sends nothing
 * and the hint says why.
 * @param {string} typed
 * @returns {{ ok: true, kind: 'command' | 'message', text: string } | { ok: false, hint: string }}
 */
export function parseComposerText(typed) {
  const match = /^\s*\/?renubu(?:\s+([\s\S]*))?$/i.exec(typed);
  if (match) return { ok: true, kind: 'command', text: (match[1] ?? '').trim() };
  const text = typed.trim();
  if (text === '') return { ok: false, hint: 'Write to Renubu, or a command: /renubu today.' };
  if (text.startsWith('/')) {
    return { ok: false, hint: 'Renubu answers /renubu commands: try /renubu today.' };
  }
  return { ok: true, kind: 'message', text };
}

/**
 * The wall clock of `ms` in `timeZone` (UTC when Intl does not know the zone).
 * @param {number} ms
 * @param {string} timeZone
 * @returns {{ year: number, month: number, day: number, hour: number, minute: number }}
 */
export function wallClock(ms, timeZone) {
  /** @type {Record<string, number>} */
  const p = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    p[part.type] = Number(part.value);
  }
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute };
}

/** @type {Map<string, Intl.DateTimeFormat>} */
const formatters = new Map();

/**
 * A formatter of wall-clock parts in `timeZone`, UTC when Intl does not know the zone.
 * @param {string} timeZone
 */
function formatter(timeZone) {
  const known = formatters.get(timeZone);
  if (known) return known;
  const options = /** @type {const} */ ({
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  let made;
  try {
    made = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: timeZone || 'UTC' });
  } catch {
    made = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
  }
  formatters.set(timeZone, made);
  return made;
}

/**
 * The instant at which `timeZone`'s wall clock shows the given time (a time skipped by a
 * DST jump lands just after it, as a clock that springs forward does).
 * @param {{ year: number, month: number, day: number, hour: number, minute: number }} wall
 * @param {string} timeZone
 * @returns {number} epoch milliseconds
 */
export function instantOfWall(wall, timeZone) {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const offset = (/** @type {number} */ ms) => {
    const w = wallClock(ms, timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(ms / 60000) * 60000;
  };
  // Two rounds settle the zone's offset at the instant itself, not at the guess.
  const first = asUtc - offset(asUtc);
  return asUtc - offset(first);
}

/**
 * The first instant after `nowIso` at which it is `hhmm` in `timeZone`.
 * @param {string} nowIso
 * @param {string} timeZone
 * @param {string} hhmm `06:00`
 * @returns {string} ISO instant
 */
export function nextLocalTime(nowIso, timeZone, hhmm) {
  const now = Date.parse(nowIso);
  const [hour, minute] = hhmm.split(':').map(Number);
  const today = wallClock(now, timeZone);
  for (let days = 0; days <= 2; days += 1) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + days));
    const wall = {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: hour ?? 0,
      minute: minute ?? 0,
    };
    const at = instantOfWall(wall, timeZone);
    if (at > now) return new Date(at).toISOString();
  }
  return new Date(now + 86_400_000).toISOString();
}

/**
 * The same wall-clock time `days` later in `timeZone` (24 h apart except across DST).
 * @param {string} nowIso
 * @param {string} timeZone
 * @param {number} days
 * @returns {string} ISO instant
 */
export function addLocalDays(nowIso, timeZone, days) {
  const now = Date.parse(nowIso);
  const w = wallClock(now, timeZone);
  const date = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  const wall = {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: w.hour,
    minute: w.minute,
  };
  // Keep the seconds: a day on from 15:20:40 is 15:20:40, so a 24 h snooze set at 15:20:10 wakes.
  return new Date(instantOfWall(wall, timeZone) + (now % 60_000)).toISOString();
}

/**
 * A datetime-local value (`2026-11-25T06:00`) read in `timeZone`; null when malformed.
 * @param {string} value
 * @param {string} timeZone
 * @returns {string | null} ISO instant
 */
export function instantOfLocalInput(value, timeZone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number);
  const wall = { year, month, day, hour, minute };
  return new Date(instantOfWall(/** @type {any} */ (wall), timeZone)).toISOString();
}
