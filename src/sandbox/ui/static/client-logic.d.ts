/** Types of client-logic.js for its tests (the browser loads the .js as it is). */
export function parseComposerText(
  typed: string,
): { ok: true; kind: 'command' | 'message'; text: string } | { ok: false; hint: string };
export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}
export function wallClock(ms: number, timeZone: string): Wall;
export function instantOfWall(wall: Wall, timeZone: string): number;
export function nextLocalTime(nowIso: string, timeZone: string, hhmm: string): string;
export function addLocalDays(nowIso: string, timeZone: string, days: number): string;
export function instantOfLocalInput(value: string, timeZone: string): string | null;
