/**
 * The conversation's answers in the DM (PRODUCT.md §11), one entry per answer: the Slack
 * message door asks the parser what was meant, then calls one of these and delivers what it
 * returns (the message through the outbox; `files` with `enqueueAnswerFiles`,
 * answer-files.ts). Each reads only the asking CSM's own book in the CSM's company, on the
 * CSM's today (from `now` in the CSM's zone), and from the same read models every other
 * surface renders from (src/engine/digest.ts over src/engine/summaries.ts), so a number on a
 * card is the number of the morning DM, App Home and `/renubu`.
 */
import {
  type AccountCardInput,
  accountCard,
  forecastReply,
  notInBookReply,
  renewalsReply,
  type StepEntry,
  stepsReply,
  whyFirstReply,
} from '../../blocks/answers.ts';
import { listReply, notACsmReply, type SlackMessage, todayReply } from '../../blocks/index.ts';
import type { WorkItem } from '../../blocks/types.ts';
import {
  type BookCustomer,
  type BookScope,
  bookCustomers,
  findBookCustomer,
  loadAccountFacts,
  loadRenewalsBetween,
} from '../db/accounts.ts';
import type { Sql, TransactionSql } from '../db/connection.ts';
import { type CsmRow, csmsOfCompany, type HomeItemRow, loadHomeItems } from '../db/work-queue.ts';
import { addMonths, daysBetween } from '../domain/dates.ts';
import {
  csmToday,
  loadDigest,
  loadHomeState,
  settingsOf,
  stateOfRow,
  toWorkItem,
} from '../engine/digest.ts';
import { companyForecast } from '../feedback/forecast-service.ts';
import { forecastLines } from '../feedback/forecast-text.ts';
import { type AnswerFile, usageChartFile } from './answer-files.ts';

type Db = Sql | TransactionSql;

/** Who asks, and when: the CSM of a company, at `now` (the injected clock's). */
export interface AnswerScope extends BookScope {
  now: Date;
}

/** What the door delivers: the message, and images to upload after it (the usage chart). */
export interface Answer extends SlackMessage {
  files?: AnswerFile[];
}

/** The asking CSM (never another company's), or null. */
async function csmOf(sql: Db, scope: BookScope): Promise<CsmRow | null> {
  const csms = await csmsOfCompany(sql, scope.companyId);
  return csms.find((csm) => Number(csm.id) === Number(scope.csmId)) ?? null;
}

/** The CSM's customers, for matching the name a CSM typed (only within their own book). */
export function answerBook(sql: Db, scope: BookScope): Promise<BookCustomer[]> {
  return bookCustomers(sql, scope);
}

/** The CSM's open workflows of one customer, highest priority first, as App Home shows them. */
async function customerItems(sql: Db, csm: CsmRow, customerId: string, today: string) {
  const settings = settingsOf(csm);
  const rows = await loadHomeItems(sql, csm.id, today);
  return rows
    .filter((row) => row.customer_id === customerId)
    .map((row) => toWorkItem(row, settings));
}

/**
 * "How is Obsidian Black doing?" / "show Obsidian Black": the account card (health, usage
 * trend, renewal, ARR in full, risk and sentiment, open workflows with their state) and its
 * usage chart of the last 60 days as a file to upload after the card.
 */
export async function answerAccount(
  sql: Db,
  scope: AnswerScope & { customerId: string },
): Promise<Answer> {
  const csm = await csmOf(sql, scope);
  if (!csm) return notACsmReply();
  const customer = await findBookCustomer(sql, scope, scope.customerId);
  if (!customer) return notInBookReply(scope.customerId);
  const today = csmToday(csm, scope.now);
  const [facts, workflows, file] = await Promise.all([
    loadAccountFacts(sql, customer.id, today),
    customerItems(sql, csm, customer.customerId, today),
    usageChartFile(sql, { ...scope, customerId: customer.customerId, name: customer.name }, today),
  ]);
  const input: AccountCardInput = {
    customerName: customer.name,
    arr: facts.arr,
    scores: facts.scores,
    usageDays: settingsOf(csm).windows.usageDays,
    renewalDate: facts.contract?.renewalDate ?? null,
    workflows,
    chart: file !== null,
  };
  return { ...accountCard(input), ...(file ? { files: [file] } : {}) };
}

/**
 * "Why is Obsidian Black first?" (or "why?" alone: today's one thing): the customer's place
 * on today's priority list and its factors in words, the same reasons the morning DM gives.
 */
export async function answerWhyFirst(
  sql: Db,
  scope: AnswerScope & { customerId: string | null },
): Promise<Answer> {
  const csm = await csmOf(sql, scope);
  if (!csm) return notACsmReply();
  const today = csmToday(csm, scope.now);
  const digest = await loadDigest(sql, csm, today);
  if (scope.customerId === null) {
    const first = digest.oneThing;
    if (!first) return todayReply(digest);
    return whyFirstReply({ customerName: first.customerName, rank: 1, item: first });
  }
  const customer = await findBookCustomer(sql, scope, scope.customerId);
  if (!customer) return notInBookReply(scope.customerId);
  const at = digest.priorityList.findIndex((item) => item.customerId === customer.customerId);
  const listed: WorkItem | undefined = digest.priorityList[at];
  const item = listed ?? (await customerItems(sql, csm, customer.customerId, today))[0] ?? null;
  return whyFirstReply({ customerName: customer.name, rank: at < 0 ? null : at + 1, item });
}

/** The snoozed or escalated steps of the rows, in the rows' order (highest priority first). */
function stepEntries(rows: HomeItemRow[], which: 'snoozed' | 'escalated'): StepEntry[] {
  return rows.flatMap((row): StepEntry[] => {
    const execution = row.execution;
    if (!execution) return [];
    const state = stateOfRow(row);
    const base = { executionId: execution.execution_id, customerName: row.customer_name };
    return which === 'snoozed'
      ? state.snoozedSteps.map((s) => ({
          ...base,
          stepIndex: s.index,
          stepTitle: s.title,
          snoozedUntil: s.until,
        }))
      : state.escalatedSteps.map((s) => ({
          ...base,
          stepIndex: s.index,
          stepTitle: s.title,
          escalatedTo: s.to,
        }));
  });
}

/** "What's snoozed" / "what's escalated": the CSM's steps, each with a Resume button. */
export async function answerSteps(
  sql: Db,
  scope: AnswerScope & { which: 'snoozed' | 'escalated' },
): Promise<Answer> {
  const csm = await csmOf(sql, scope);
  if (!csm) return notACsmReply();
  const today = csmToday(csm, scope.now);
  const rows = await loadHomeItems(sql, csm.id, today);
  return stepsReply(scope.which, stepEntries(rows, scope.which), csm.timezone, today);
}

/** "List": the CSM's active, snoozed and escalated workflows, as `/renubu list` shows them. */
export async function answerList(sql: Db, scope: AnswerScope): Promise<Answer> {
  const csm = await csmOf(sql, scope);
  if (!csm) return notACsmReply();
  return listReply(await loadHomeState(sql, csm, csmToday(csm, scope.now)));
}

/** "Today" / "what's first": the daily summary, as `/renubu today` and the morning DM show it. */
export async function answerToday(sql: Db, scope: AnswerScope): Promise<Answer> {
  const csm = await csmOf(sql, scope);
  if (!csm) return notACsmReply();
  return todayReply(await loadDigest(sql, csm, csmToday(csm, scope.now)));
}

/** `2026-12-01` → `December 2026`. */
function monthInWords(firstDay: string): string {
  return new Date(`${firstDay}T12:00:00Z`).toLocaleString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** "Renewals this month": the CSM's customers renewing in the CSM's calendar month. */
export async function answerRenewals(sql: Db, scope: AnswerScope): Promise<Answer> {
  const csm = await csmOf(sql, scope);
  if (!csm) return notACsmReply();
  const today = csmToday(csm, scope.now);
  const first = `${today.slice(0, 7)}-01`;
  const rows = await loadRenewalsBetween(sql, scope, first, addMonths(first, 1));
  return renewalsReply(
    monthInWords(first),
    rows.map((row) => ({ ...row, days: daysBetween(today, row.renewalDate) })),
  );
}

/** "Forecast": the company's renewal forecast as of the CSM's today (the weekly email's table). */
export async function answerForecast(sql: Db, scope: AnswerScope): Promise<Answer> {
  const csm = await csmOf(sql, scope);
  if (!csm) return notACsmReply();
  const today = csmToday(csm, scope.now);
  const forecast = await companyForecast(sql, scope.companyId, today, settingsOf(csm));
  return forecastReply(today, forecastLines(forecast));
}
