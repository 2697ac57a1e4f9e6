/** The only door to the wall clock: passed in from the doors so tests and --as-of move time. */
export interface Clock {
  now(): Date;
  /**
   * True only for the machine's own clock: then Agenda's processor, which decides due-ness by
   * the wall clock, may run jobs. Any other clock (fixed in tests, the sandbox's) has jobs run
   * by jobs/due.ts as of its own time.
   */
  readonly wall?: boolean;
}

export const systemClock: Clock = { now: () => new Date(), wall: true };

/** Whether `clock` is the wall clock itself (see `Clock.wall`). */
export function isWallClock(clock: Clock): boolean {
  return clock.wall === true;
}

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
