/**
 * `nightly-purge` (issue 15 item 6): every night at 03:30 UTC, old rows go by the retention
 * settings (RETENTION_*_DAYS), counted back from the injected clock's now. Each table is
 * purged in small batches (src/db/retention.ts) so no long lock is held; what is still
 * needed (unsent or failed outbox rows, a customer's latest score, …) is never deleted.
 * Steps: outbox → events → seen Slack event ids → score history → companies uninstalled
 * longer than RETENTION_TENANT_DAYS ago, each whole in one transaction (src/db/tenant-purge.ts)
 * → log the counts.
 */
import { z } from 'zod';
import { DEFAULT_RETENTION } from '../src/config.ts';
import {
  purgeEvents,
  purgeScoreHistory,
  purgeSentOutbox,
  purgeSlackEventsSeen,
} from '../src/db/retention.ts';
import { companiesUninstalledBefore, purgeTenant } from '../src/db/tenant-purge.ts';
import { addDays, utcDay } from '../src/domain/dates.ts';
import type { JobSpec } from './agenda.ts';
import type { JobDeps } from './deps.ts';

export const NIGHTLY_PURGE = 'nightly-purge';
/** 03:30 UTC: after the evening digests, before the mornings of most zones. */
export const NIGHTLY_PURGE_CRON = '30 3 * * *';

export const purgeSchema = z.object({ key: z.literal('purge') });

const DAY_MS = 86_400_000;

export interface PurgeReport {
  outbox: number;
  events: number;
  slackEvents: number;
  scores: number;
  /** External ids of the companies purged, uninstalled longer than the retention allows. */
  tenants: string[];
}

/** Delete what is older than the retention settings allow; returns how many rows of each. */
export async function purgeOldRows(deps: Pick<JobDeps, 'sql' | 'clock' | 'retention'>) {
  const retention = deps.retention ?? DEFAULT_RETENTION;
  const now = deps.clock.now();
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const report: PurgeReport = {
    outbox: await purgeSentOutbox(deps.sql, daysAgo(retention.outboxDays)),
    events: await purgeEvents(deps.sql, daysAgo(retention.eventsDays)),
    slackEvents: await purgeSlackEventsSeen(deps.sql, daysAgo(retention.slackEventsDays)),
    scores: await purgeScoreHistory(deps.sql, addDays(utcDay(now), -retention.scoresDays)),
    tenants: [],
  };
  const uninstalledBefore = daysAgo(retention.tenantDays);
  for (const company of await companiesUninstalledBefore(deps.sql, uninstalledBefore)) {
    await purgeTenant(deps.sql, company.id);
    report.tenants.push(company.external_id);
  }
  return report;
}

export const purgeJob: JobSpec<z.infer<typeof purgeSchema>> = {
  name: NIGHTLY_PURGE,
  schema: purgeSchema,
  async run(deps) {
    deps.logger.info(await purgeOldRows(deps), 'old rows purged');
  },
};
