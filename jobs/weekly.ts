/**
 * `weekly-account-review` (PRODUCT.md §6): Sundays, the account review: the daily run for
 * every company with each CSM's own date, then each CSM's forecast email and DM
 * (src/feedback/forecast-send.ts, as of the UTC day, keyed by ISO week), and a summary in the
 * log. Then the feedback loop re-tunes each company's priority weights from its outcomes
 * (src/feedback/retune-service.ts), so the next daily run ranks with them.
 * Each CSM also gets the forecast check-in DM (src/feedback/checkin-service.ts, PRODUCT.md §11).
 * Steps: review each company → queue its forecasts and check-ins → deliver Slack → re-tune
 * weights → log.
 */
import { z } from 'zod';
import { listCompanies } from '../src/db/companies.ts';
import type { CsmRow } from '../src/db/work-queue.ts';
import { resolveSettings } from '../src/domain/index.ts';
import { runDaily } from '../src/engine/daily-run.ts';
import { enqueueCheckins } from '../src/feedback/checkin-service.ts';
import { enqueueForecasts } from '../src/feedback/forecast-send.ts';
import { retuneCompany } from '../src/feedback/retune-service.ts';
import type { JobSpec } from './agenda.ts';
import { deliver, slackOf } from './deps.ts';

export const WEEKLY = 'weekly-account-review';
/** Sundays 05:00 UTC, before any CSM's Monday. */
export const WEEKLY_CRON = '0 5 * * 0';

export const weeklySchema = z.object({ key: z.literal('weekly') });

export const weeklyJob: JobSpec<z.infer<typeof weeklySchema>> = {
  name: WEEKLY,
  schema: weeklySchema,
  async run(deps) {
    const now = deps.clock.now();
    const summary = {
      companies: 0,
      customers: 0,
      workflows: 0,
      created: 0,
      closed: 0,
      forecasts: 0,
      retuned: 0,
      checkins: 0,
    };
    const slack = deps.slack;
    for (const company of await listCompanies(deps.sql)) {
      const settings = resolveSettings(company.settings ?? {});
      const result = await runDaily(deps.sql, {
        companyId: company.id,
        asOf: null,
        now,
        csmId: null,
        dryRun: false,
        settings,
      });
      const request = {
        companyId: company.id,
        asOf: now.toISOString().slice(0, 10),
        settings,
        now,
        ...(slack
          ? {
              slackUserOf: async (csm: CsmRow) =>
                (await slackOf(slack, company.id)).identity.slackUserOf(csm),
            }
          : {}),
      };
      const forecasts = await enqueueForecasts(deps.sql, request);
      summary.forecasts += forecasts.enqueued;
      summary.checkins += (await enqueueCheckins(deps.sql, request)).enqueued;
      summary.companies += 1;
      summary.customers += result.customers;
      summary.workflows += result.workflows;
      summary.created += result.changes.created;
      summary.closed += result.changes.closed;
    }
    await deliver(deps);
    // After the review and its deliveries: a failed re-tune must not hold back the forecasts.
    for (const company of await listCompanies(deps.sql)) {
      // One company's failed re-tune must not hold back the others'.
      const retune = await retuneCompany(deps.sql, {
        companyId: company.id,
        settings: company.settings,
        now,
        logger: deps.logger,
      }).catch((error: unknown) => {
        deps.logger.error({ err: error, companyId: company.id }, 'weights not re-tuned');
        return null;
      });
      if (retune?.status === 'applied') summary.retuned += 1;
    }
    deps.logger.info(summary, 'weekly account review');
  },
};
