/**
 * Queues the weekly forecast (PRODUCT.md §6): for each CSM of a company with renewals in the
 * window (or overdue ones), one email (`forecast:<companyId>:<csmId>:<isoWeek>`) and one
 * short Slack DM (`forecast-dm:<companyId>:<csmId>:<isoWeek>`), written together in one
 * transaction. A second run in the same ISO week finds the keys and queues nothing. CSMs
 * with nothing to renew get nothing (quiet by default). Delivery is the outbox's.
 */
import type { Sql } from '../db/connection.ts';
import { enqueue } from '../db/outbox.ts';
import { type CsmRow, csmsOfCompany } from '../db/work-queue.ts';
import type { DomainSettings } from '../domain/index.ts';
import { computeForecast } from './forecast.ts';
import { isoWeek, renderForecastEmail } from './forecast-email.ts';
import { type ForecastEntry, loadForecastEntries } from './forecast-service.ts';

export const FORECAST_EMAIL_KIND = 'forecast_email';
export const FORECAST_DM_KIND = 'forecast_dm';

export function forecastKey(companyId: number, csmId: number | 'manager', week: string): string {
  return `forecast:${companyId}:${csmId}:${week}`;
}

export interface ForecastRequest {
  companyId: number;
  /** The day the forecast is as of (YYYY-MM-DD); its ISO week keys the messages. */
  asOf: string;
  settings: DomainSettings;
  now: Date;
  /** Slack's user for a CSM (found by email when Slack is on); else slack_user_id or email. */
  slackUserOf?: (csm: CsmRow) => Promise<string | null>;
}

export interface ForecastQueueReport {
  csms: number;
  enqueued: number;
  keys: string[];
}

/** Render and queue each CSM's forecast email and DM; idempotent per ISO week. */
export async function enqueueForecasts(
  sql: Sql,
  request: ForecastRequest,
): Promise<ForecastQueueReport> {
  const { companyId, asOf, settings, now } = request;
  const week = isoWeek(asOf);
  const byCsm = new Map<number, ForecastEntry[]>();
  for (const entry of await loadForecastEntries(sql, companyId, asOf, settings)) {
    byCsm.set(entry.csmId, [...(byCsm.get(entry.csmId) ?? []), entry]);
  }
  const report: ForecastQueueReport = { csms: 0, enqueued: 0, keys: [] };
  for (const csm of await csmsOfCompany(sql, companyId)) {
    const forecast = computeForecast(
      byCsm.get(csm.id) ?? [],
      asOf,
      settings.triggers.riskScoreAtLeast,
    );
    if (forecast.totals.renewals === 0 && forecast.overdue.length === 0) continue;
    report.csms += 1;
    const email = renderForecastEmail(forecast, { name: csm.name, week });
    const slackUser = (await request.slackUserOf?.(csm)) ?? csm.slack_user_id ?? csm.email;
    const key = forecastKey(companyId, csm.id, week);
    const inserted = await sql.begin(async (tx) => {
      const mail = await enqueue(tx, {
        idempotencyKey: key,
        channel: 'email',
        kind: FORECAST_EMAIL_KIND,
        recipient: csm.email,
        payload: {
          to: csm.email,
          subject: email.subject,
          text: email.text,
          html: email.html,
          attachments: email.attachments,
          replyAs: { csmId: csm.id },
        },
        companyId,
        availableAt: now,
      });
      await enqueue(tx, {
        idempotencyKey: `forecast-dm:${companyId}:${csm.id}:${week}`,
        channel: 'slack',
        kind: FORECAST_DM_KIND,
        recipient: slackUser,
        payload: { text: email.dm },
        companyId,
        availableAt: now,
      });
      return mail;
    });
    report.keys.push(key);
    if (inserted) report.enqueued += 1;
  }
  return report;
}
