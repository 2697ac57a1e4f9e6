/**
 * Images that go with an answer (PRODUCT.md §11: the account card's usage chart) or a step
 * (the account-overview slide's same chart, in the workflow's thread), as outbox rows: the deliverer renders the PNG at delivery from the data stored in the row
 * (src/feedback/usage-chart.ts) and uploads it into the conversation (files.uploadV2), once
 * per key, and finds it again by filename and title after a crash (like the quote PDF,
 * thread-messages.ts `thread-file`).
 */
import { customerIdByExternalId, loadUsageDays } from '../db/accounts.ts';
import type { Sql, TransactionSql } from '../db/connection.ts';
import { enqueue } from '../db/outbox.ts';
import { addDays, utcDay } from '../domain/dates.ts';
import { USAGE_CHART_DAYS, type UsageChart, usageChartDays } from '../feedback/usage-chart.ts';
import type { ThreadRef, ThreadTarget } from './thread-messages.ts';

export const CHART_FILE_KIND = 'chart-file';

/** An image to upload: what it is called, and the chart it is rendered from. */
export interface AnswerFile {
  filename: string;
  title: string;
  chart: UsageChart;
}

/** The outbox row's payload: the file, and where it goes (a thread, or the DM itself). */
export interface ChartFilePayload extends AnswerFile {
  /** For logs and the outbox CLI: what the file is. */
  text: string;
  thread_ts: string | null;
  /** A new thread whose parent is not out yet: its outbox key (the deliverer waits for it). */
  thread_of?: string;
}

/** Where an answer's files go: the CSM's DM (or a thread of it), at most once per key. */
export interface AnswerTarget {
  companyId: number;
  /** The CSM's Slack user id: the outbox opens the DM. */
  slackUserId: string;
  /** What makes the answer once: e.g. the message's `channel:ts` it answers. */
  key: string;
  threadTs: string | null;
  now: Date;
}

/** The key of an answer's n-th file. */
export const answerFileKey = (key: string, n: number) => `answer:${key}:file:${n}`;

/**
 * Enqueue the answer's files for upload, in order, after whatever the caller enqueued before
 * (the outbox delivers one DM's rows in order: the card comes first). True for each row
 * written; a key seen before writes nothing.
 */
export async function enqueueAnswerFiles(
  sql: Sql | TransactionSql,
  target: AnswerTarget,
  files: AnswerFile[],
): Promise<boolean[]> {
  const written: boolean[] = [];
  for (const [n, file] of files.entries()) {
    const payload: ChartFilePayload = { ...file, text: file.title, thread_ts: target.threadTs };
    written.push(
      await enqueue(sql, {
        idempotencyKey: answerFileKey(target.key, n),
        channel: 'slack',
        kind: CHART_FILE_KIND,
        recipient: target.slackUserId,
        payload,
        companyId: target.companyId,
        availableAt: target.now,
      }),
    );
  }
  return written;
}

/**
 * A customer's usage chart of the `USAGE_CHART_DAYS` days before `asOf`, as a file to upload;
 * null for a customer the company does not have.
 */
export async function usageChartFile(
  sql: Sql | TransactionSql,
  customer: { companyId: number; customerId: string; name: string },
  asOf: string,
): Promise<AnswerFile | null> {
  const id = await customerIdByExternalId(sql, customer.companyId, customer.customerId);
  if (id === null) return null;
  const usage = await loadUsageDays(sql, id, addDays(asOf, -USAGE_CHART_DAYS), asOf);
  return {
    filename: `usage-${customer.customerId}-${asOf}.png`,
    title: `${customer.name}: active users, ${USAGE_CHART_DAYS} days to ${asOf}`,
    chart: { customerName: customer.name, days: usageChartDays(usage, asOf) },
  };
}

/**
 * The account-overview step's usage chart, uploaded into the workflow's thread after the
 * step's reply (`n`: the how-many-th time the step is posted): rendered at delivery from the
 * days stored here, once per key. Slack's image blocks need a public URL; an upload does not.
 */
export async function enqueueStepChart(
  tx: TransactionSql,
  t: ThreadTarget,
  step: { customerId: string; customerName: string; stepIndex: number; n: number },
  thread: ThreadRef,
): Promise<boolean> {
  const customer = { companyId: t.companyId, customerId: step.customerId, name: step.customerName };
  const file = await usageChartFile(tx, customer, utcDay(t.now));
  if (!file) return false;
  const payload: ChartFilePayload = {
    ...file,
    text: file.title,
    ...(typeof thread === 'string'
      ? { thread_ts: thread }
      : { thread_ts: null, thread_of: thread.of }),
  };
  return enqueue(tx, {
    idempotencyKey: `thread:${t.executionId}:file:usage:${step.stepIndex}:${step.n}`,
    channel: 'slack',
    kind: CHART_FILE_KIND,
    recipient: t.slackUserId,
    payload,
    companyId: t.companyId,
    availableAt: t.now,
  });
}
