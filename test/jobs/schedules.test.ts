/**
 * Per-CSM schedules: 06:00 and 23:00 in each CSM's zone, following a zone change, one row each;
 * the first run is the next one after the injected clock's now, whatever the wall clock says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAgenda } from '../../jobs/agenda.ts';
import { syncSchedules } from '../../jobs/schedules.ts';
import { fixedClock } from '../../src/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedWorld } from '../slack/world.ts';
import { type Agenda, jobDeps, jobRows, testAgenda } from './world.ts';

let db: TestDatabase;
let agenda: Agenda;
let anaId: number;
/** Wednesday 25 Nov 2026, 12:00 UTC: far from the wall clock on any day the tests run. */
const clock = fixedClock(new Date('2026-11-25T12:00:00Z'));
const DAY_MS = 86_400_000;

beforeAll(async () => {
  db = await createTestDatabase();
  ({ anaId } = await seedWorld(db.sql));
  // not started: Agenda's processor would run the jobs by the wall clock (jobs/due.ts)
  agenda = await testAgenda(db.url, jobDeps(db.sql, null, clock));
});
afterAll(async () => {
  if (agenda) await closeAgenda(agenda);
  await db.drop();
});

/** The local hour of an instant in a zone. */
function localHour(at: Date, timeZone: string): number {
  return Number(
    new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at),
  );
}

describe('syncSchedules', () => {
  it('creates one daily-run at 06:00 and one nightly-digest at 23:00 local per CSM, once', async () => {
    const csms = await db.sql<{ id: number; timezone: string }[]>`select id, timezone from csms`;
    // two syncs at once (two servers starting): the unique index keeps one row per key
    await Promise.all([syncSchedules(db.sql, agenda, clock), syncSchedules(db.sql, agenda, clock)]);
    await syncSchedules(db.sql, agenda, clock);
    for (const [name, hour] of [
      ['daily-run', 6],
      ['nightly-digest', 23],
    ] as const) {
      const rows = await jobRows(db.sql, name);
      expect(rows).toHaveLength(csms.length);
      for (const csm of csms) {
        const row = rows.find((r) => r.key === `${name}:${csm.id}`)!;
        expect(row.repeat_timezone).toBe(csm.timezone);
        expect(localHour(row.next_run_at!, csm.timezone)).toBe(hour);
        // the next one after the clock's now: within a day of it
        expect(row.next_run_at!.getTime()).toBeGreaterThan(clock.now().getTime());
        expect(row.next_run_at!.getTime()).toBeLessThanOrEqual(clock.now().getTime() + DAY_MS);
      }
    }
    // Sunday 29 Nov 05:00 UTC, the first Sunday after the clock's Wednesday
    expect(await jobRows(db.sql, 'weekly-account-review')).toEqual([
      expect.objectContaining({ next_run_at: new Date('2026-11-29T05:00:00Z') }),
    ]);
    // the purge of old rows: nightly at 03:30 UTC, the first after the clock's now
    expect(await jobRows(db.sql, 'nightly-purge')).toEqual([
      expect.objectContaining({ key: 'purge', repeat_interval: '30 3 * * *' }),
    ]);
  });

  it('follows a CSM zone change and drops the schedules of a CSM who is gone', async () => {
    await db.sql`update csms set timezone = 'Asia/Tokyo' where id = ${anaId}`;
    const [gus] = await db.sql`select id from csms where external_id = 'csm-gus'`;
    await db.sql`delete from csms where id = ${gus!.id}`;
    const report = await syncSchedules(db.sql, agenda, clock);
    expect(report).toMatchObject({ saved: 2, removed: 2 });
    const daily = await jobRows(db.sql, 'daily-run');
    const ana = daily.find((r) => r.key === `daily-run:${anaId}`)!;
    expect(ana.repeat_timezone).toBe('Asia/Tokyo');
    expect(localHour(ana.next_run_at!, 'Asia/Tokyo')).toBe(6);
    expect(daily.map((r) => r.key)).not.toContain(`daily-run:${gus!.id}`);
  });
});
