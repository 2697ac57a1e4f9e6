/**
 * The weekly forecast check-in as a service (PRODUCT.md §11): queue one DM per CSM and ISO
 * week (`checkin:<csmId>:<week>`) with the forecast_checkins rows it asks about, in one
 * transaction; record a CSM's answer and redraw the message; summarise answers for the
 * report. Calls come from the pure src/feedback/checkin.ts; the DM from blocks/checkin.ts.
 */
import { type CheckinItem, checkinDm } from '../../blocks/checkin.ts';
import type { SlackMessage } from '../../blocks/index.ts';
import {
  answerCheckin,
  type CheckinRow,
  checkinsOfWeek,
  latestCheckins,
  loadCheckinFacts,
  saveCheckins,
} from '../db/checkins.ts';
import type { Sql } from '../db/connection.ts';
import { enqueue } from '../db/outbox.ts';
import { type CsmRow, csmsOfCompany } from '../db/work-queue.ts';
import type { DomainSettings } from '../domain/index.ts';
import {
  type CheckinCall,
  type CheckinSummary,
  isDueForCheckin,
  modelCall,
  summarizeCheckins,
  UPSIDE_PRICE_CHANGE_PCT,
} from './checkin.ts';
import { isoWeek } from './forecast-email.ts';
import { type ForecastEntry, loadForecastEntries } from './forecast-service.ts';

export const CHECKIN_DM_KIND = 'forecast_checkin';

export function checkinKey(csmId: number, week: string): string {
  return `checkin:${csmId}:${week}`;
}

export interface CheckinRequest {
  companyId: number;
  /** The day the check-in is as of (YYYY-MM-DD); its ISO week keys the DM and rows. */
  asOf: string;
  settings: DomainSettings;
  now: Date;
  slackUserOf?: (csm: CsmRow) => Promise<string | null>;
}

const toItem = (row: CheckinRow): CheckinItem => ({
  checkinId: row.id,
  customerName: row.customer_name,
  arr: row.arr,
  renewalDate: row.renewal_date,
  modelCall: row.model_call,
  answer: row.answer,
});

/** Queue each CSM's check-in DM for the week once; CSMs with nothing due get nothing. */
export async function enqueueCheckins(
  sql: Sql,
  request: CheckinRequest,
): Promise<{ csms: number; enqueued: number }> {
  const { companyId, asOf, settings, now } = request;
  const week = isoWeek(asOf);
  const facts = new Map(
    (await loadCheckinFacts(sql, companyId, asOf)).map((f) => [f.customer_external_id, f]),
  );
  const thresholds = {
    riskScoreAtLeast: settings.triggers.riskScoreAtLeast,
    upsidePctAtLeast: UPSIDE_PRICE_CHANGE_PCT,
    opportunityScoreAtLeast: settings.triggers.opportunityScoreAtLeast,
  };
  const byCsm = new Map<number, ForecastEntry[]>();
  for (const entry of await loadForecastEntries(sql, companyId, asOf, settings)) {
    if (!isDueForCheckin(entry.renewalDate, asOf) || !facts.has(entry.customerId)) continue;
    byCsm.set(entry.csmId, [...(byCsm.get(entry.csmId) ?? []), entry]);
  }
  const report = { csms: 0, enqueued: 0 };
  for (const csm of await csmsOfCompany(sql, companyId)) {
    const entries = byCsm.get(csm.id) ?? [];
    if (entries.length === 0) continue;
    report.csms += 1;
    const recipient = (await request.slackUserOf?.(csm)) ?? csm.slack_user_id ?? csm.email;
    const inserted = await sql.begin(async (tx) => {
      await saveCheckins(
        tx,
        entries.map((entry) => {
          const fact = facts.get(entry.customerId)!;
          const call = modelCall(
            { ...entry, opportunityScore: fact.opportunity_score },
            thresholds,
          );
          return { companyId, csmId: csm.id, contractId: fact.contract_id, week, modelCall: call };
        }),
      );
      const items = (await checkinsOfWeek(tx, csm.id, week)).map(toItem);
      return enqueue(tx, {
        idempotencyKey: checkinKey(csm.id, week),
        channel: 'slack',
        kind: CHECKIN_DM_KIND,
        recipient,
        payload: checkinDm({ csmName: csm.name, week, items }),
        companyId,
        availableAt: now,
      });
    });
    if (inserted) report.enqueued += 1;
  }
  return report;
}

export type AnswerOutcome =
  | { status: 'not_found' }
  | { status: 'answered'; changed: boolean; message: SlackMessage };

/** Store a CSM's answer on their own check-in row; the week's message as it now reads. */
export async function recordCheckinAnswer(
  sql: Sql,
  input: { checkinId: number; csm: CsmRow; answer: CheckinCall; now: Date },
): Promise<AnswerOutcome> {
  const result = await answerCheckin(sql, {
    id: input.checkinId,
    csmId: input.csm.id,
    answer: input.answer,
    now: input.now,
  });
  if (!result.found || result.week === null) return { status: 'not_found' };
  const items = (await checkinsOfWeek(sql, input.csm.id, result.week)).map(toItem);
  const message = checkinDm({ csmName: input.csm.name, week: result.week, items });
  return { status: 'answered', changed: result.changed, message };
}

/** Answers and disagreements for the report: each contract's latest check-in up to asOf. */
export async function companyCheckins(
  sql: Sql,
  companyId: number,
  asOf: string,
): Promise<CheckinSummary> {
  const rows = await latestCheckins(sql, companyId, isoWeek(asOf));
  return summarizeCheckins(
    rows.map((row) => ({
      customerId: row.customer_external_id,
      renewalDate: row.renewal_date,
      modelCall: row.model_call,
      answer: row.answer,
      csm: row.csm_external_id,
    })),
  );
}
