/**
 * The repeating schedules (PRODUCT.md §6): per CSM a `daily-run` at 06:00 and a
 * `nightly-digest` at 23:00 in the CSM's zone (cron with the zone, so DST is Agenda's), and
 * one weekly review and one nightly purge of old rows (jobs/purge.ts). `syncSchedules` creates
 * them, moves them when a CSM's zone changed and drops those of CSMs who are gone; it runs when `renubu serve` starts and after imports.
 * A new schedule's first run is the next 06:00 (23:00, Sunday) after the injected clock's now.
 */
import type { Agenda } from 'agenda';
import type { Clock } from '../src/clock.ts';
import type { Sql } from '../src/db/connection.ts';
import { listScheduledCsms } from '../src/db/jobs.ts';
import { DAILY_RUN, DAILY_RUN_CRON } from './daily-run.ts';
import { NIGHTLY_DIGEST, NIGHTLY_DIGEST_CRON } from './nightly-digest.ts';
import { NIGHTLY_PURGE, NIGHTLY_PURGE_CRON } from './purge.ts';
import { saveKeyed } from './wakeups.ts';
import { WEEKLY, WEEKLY_CRON } from './weekly.ts';

const PER_CSM = [
  { name: DAILY_RUN, cron: DAILY_RUN_CRON },
  { name: NIGHTLY_DIGEST, cron: NIGHTLY_DIGEST_CRON },
] as const;

export function csmJobKey(name: string, csmId: number): string {
  return `${name}:${csmId}`;
}

export interface SyncReport {
  csms: number;
  /** Schedules created or moved (zone changed). */
  saved: number;
  removed: number;
}

export async function syncSchedules(sql: Sql, agenda: Agenda, clock: Clock): Promise<SyncReport> {
  const csms = await listScheduledCsms(sql);
  const report: SyncReport = { csms: csms.length, saved: 0, removed: 0 };
  for (const { name, cron } of PER_CSM) {
    const existing = await agenda.queryJobs({ name, limit: 100_000 });
    const zones = new Map<string, string | undefined>();
    for (const job of existing.jobs) {
      const key = (job.data as { key?: unknown } | null)?.key;
      if (typeof key === 'string') zones.set(key, job.repeatTimezone ?? undefined);
    }
    const wanted = new Set<string>();
    for (const csm of csms) {
      const key = csmJobKey(name, csm.id);
      wanted.add(key);
      if (zones.get(key) === csm.timezone) continue;
      const data = { key, csmId: csm.id, companyId: csm.company_id };
      await saveKeyed(agenda, name, data, (job) => repeatFrom(job, clock, cron, csm.timezone));
      report.saved += 1;
    }
    for (const key of zones.keys()) {
      if (!wanted.has(key)) report.removed += await agenda.cancel({ name, data: { key } });
    }
  }
  await saveKeyed(agenda, WEEKLY, { key: 'weekly' }, (job) =>
    repeatFrom(job, clock, WEEKLY_CRON, 'UTC'),
  );
  await saveKeyed(agenda, NIGHTLY_PURGE, { key: 'purge' }, (job) =>
    repeatFrom(job, clock, NIGHTLY_PURGE_CRON, 'UTC'),
  );
  return report;
}

/** Repeat by `cron` in `timeZone`, first at its next time after the clock's now (not the wall's). */
function repeatFrom(
  job: ReturnType<Agenda['create']>,
  clock: Clock,
  cron: string,
  timeZone: string,
) {
  job.attrs.nextRunAt = clock.now();
  job.repeatEvery(cron, { timezone: timeZone, skipImmediate: true });
}
