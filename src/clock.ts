/** The only door to the wall clock: passed in from the doors so tests and --as-of move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at `at`, moved only by `set` (tests, --as-of). */
export function fixedClock(at: Date): Clock & { set(to: Date): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set(to: Date) {
      current = new Date(to);
    },
  };
}

/** The calendar date (YYYY-MM-DD) that `instant` falls on in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
