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
