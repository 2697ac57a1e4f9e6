/**
 * What the Slack deliverer does beyond posting a message: upload a file into a thread or the
 * DM (the quote PDF, an answer's usage chart; rendered here from the stored data: a door may
 * render, a service may not call Slack), and record what a send settles in the transaction
 * that marks its row sent (or failed for good), so it is recorded exactly once whoever sends:
 * - a thread's parent is out: the thread is recorded (its replies name the parent by key);
 * - a quote PDF is in the thread: its upload is recorded (the step completes);
 * - a quote PDF could not be uploaded: the last quote is put back so the CSM can build again.
 */
import type { WebClient } from '@slack/web-api';
import type { TransactionSql } from '../db/connection.ts';
import type { OutboxRow } from '../db/outbox.ts';
import { usageChartPng } from '../feedback/usage-chart.ts';
import type { Logger } from '../logger.ts';
import { CHART_FILE_KIND, type ChartFilePayload } from '../workflows/answer-files.ts';
import { attachThread } from '../workflows/executions.ts';
import { recordQuoteUpload, releaseQuote } from '../workflows/executions-quote.ts';
import { renderQuotePdf } from '../workflows/quote-pdf.ts';
import {
  THREAD_FILE_KIND,
  THREAD_PARENT_KIND,
  type ThreadFilePayload,
  type ThreadParentPayload,
} from '../workflows/thread-messages.ts';
import { byFile, findPosted } from './outbox-lookup.ts';

/** A row the deliverer uploads as a file: the quote PDF, or an answer's chart image. */
export const isThreadFile = (row: OutboxRow) =>
  row.kind === THREAD_FILE_KIND || row.kind === CHART_FILE_KIND;

type FilePayload = ThreadFilePayload | ChartFilePayload;

/** The file's bytes, rendered at delivery from the data stored in the row. */
async function renderFile(row: OutboxRow): Promise<Buffer> {
  if (row.kind === CHART_FILE_KIND) return usageChartPng((row.payload as ChartFilePayload).chart);
  return renderQuotePdf((row.payload as ThreadFilePayload).quote.quote);
}

/**
 * Upload the row's file into its thread `threadTs` (or the DM itself): the file's id, whether found
 * already there (a row whose earlier attempt may have uploaded it: `look`) or uploaded now.
 * `uploading` is called before the upload starts (from then on it may reach the channel).
 */
export async function uploadThreadFile(
  client: WebClient,
  channel: string,
  row: OutboxRow,
  options: { look: boolean; uploading: () => void; threadTs: string | null },
): Promise<{ ref: string; found: boolean }> {
  const file = row.payload as FilePayload;
  const { threadTs } = options;
  if (options.look) {
    const id = await findPosted(client, channel, row, threadTs, byFile(file));
    if (id) return { ref: id, found: true };
  }
  const bytes = await renderFile(row);
  options.uploading();
  const upload = { file: bytes, filename: file.filename, title: file.title };
  const uploaded = await client.filesUploadV2(
    threadTs
      ? { ...upload, channel_id: channel, thread_ts: threadTs }
      : { ...upload, channel_id: channel },
  );
  const id = uploaded.files[0]?.files?.[0]?.id;
  if (!id) throw new Error('files.uploadV2 returned no file id');
  return { ref: id, found: false };
}

function quoteRef(row: OutboxRow, now: Date) {
  const file = row.payload as ThreadFilePayload;
  const ref = {
    executionId: file.executionId,
    stepIndex: file.quote.stepIndex,
    csmId: file.quote.csmId,
    slackUserId: row.recipient,
    now,
    // the upload finishes the quote builder's submit: the step completes as from that modal
    source: 'modal' as const,
  };
  return { ref, key: file.quote.key };
}

/** What the row's send settles (it was just marked sent by this claim, in `tx`). */
export async function recordSent(
  tx: TransactionSql,
  row: OutboxRow,
  sent: { ref: string; channel: string },
  now: Date,
  logger: Logger,
): Promise<void> {
  if (row.kind === THREAD_PARENT_KIND) {
    const { executionId } = row.payload as Partial<ThreadParentPayload>;
    if (executionId === undefined) return; // a parent enqueued before it named its execution
    await attachThread(tx, { executionId, channel: sent.channel, ts: sent.ref });
  } else if (row.kind === THREAD_FILE_KIND) {
    const { ref, key } = quoteRef(row, now);
    const recorded = await recordQuoteUpload(tx, ref, key, sent.ref);
    if (!recorded.ok) logger.warn({ key, reason: recorded.reason }, 'outbox: upload not recorded');
  }
}

/** What giving up on the row settles (it was just marked failed by this claim, in `tx`). */
export async function recordGivenUp(tx: TransactionSql, row: OutboxRow, now: Date) {
  if (row.kind !== THREAD_FILE_KIND) return;
  const { ref, key } = quoteRef(row, now);
  await releaseQuote(tx, ref, key);
}
