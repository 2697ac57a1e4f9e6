/**
 * `daily-run` (PRODUCT.md §6): per CSM at 06:00 in their zone. Runs the daily run for that
 * CSM as of their today, then queues and delivers their morning DM (one outbox row per CSM
 * per day, so a retried or repeated run sends nothing twice).
 * Steps: run the day → enqueue the morning DM → deliver.
 */
import { z } from 'zod';
import { findPerson } from '../src/db/step-states.ts';
import { localDay } from '../src/domain/dates.ts';
import { resolveSettings } from '../src/domain/index.ts';
import { runDaily } from '../src/engine/daily-run.ts';
import { enqueueMorningDms } from '../src/slack/morning.ts';
import type { JobSpec } from './agenda.ts';
import { deliver, slackOf } from './deps.ts';

export const DAILY_RUN = 'daily-run';
/** Local time the daily run starts (cron, in the CSM's zone). */
export const DAILY_RUN_CRON = '0 6 * * *';

export const csmJobSchema = z.object({
  key: z.string(),
  csmId: z.number().int().positive(),
  companyId: z.number().int().positive(),
});
export type CsmJobData = z.infer<typeof csmJobSchema>;

export const dailyRunJob: JobSpec<CsmJobData> = {
  name: DAILY_RUN,
  schema: csmJobSchema,
  async run(deps, data) {
    const { sql, logger } = deps;
    const csm = await findPerson(sql, data.csmId);
    if (!csm) {
      logger.warn(data, 'daily-run: CSM no longer exists (its schedule goes at the next sync)');
      return;
    }
    const now = deps.clock.now();
    const asOf = localDay(now, csm.timezone);
    const result = await runDaily(sql, {
      companyId: data.companyId,
      asOf,
      now,
      csmId: data.csmId,
      dryRun: false,
      settings: resolveSettings(csm.company_settings ?? {}),
    });
    logger.info({ asOf, customers: result.customers, workflows: result.workflows }, 'daily-run');
    if (!deps.slack) return;
    const workspace = await slackOf(deps.slack, data.companyId);
    const morning = {
      sql,
      client: workspace.client,
      identity: workspace.identity,
      clock: deps.clock,
      logger,
      allClearDm: deps.allClearDm,
    };
    await enqueueMorningDms(morning, data.companyId, result.summaries);
    await deliver(deps);
  },
};
