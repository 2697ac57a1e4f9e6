/**
 * Images that go with an answer (PRODUCT.md §11: the account card's usage chart), as outbox
 * rows: the deliverer renders the PNG at delivery from the data stored in the row
 * (src/feedback/usage-chart.ts) and uploads it into the conversation (files.uploadV2), once
 * per key, and finds it again by filename and title after a crash (like the quote PDF,
 * thread-messages.ts `thread-file`).
 */
import type { Sql, TransactionSql } from '../db/connection.ts';
import { enqueue } from '../db/outbox.ts';
import type { UsageChart } from '../feedback/usage-chart.ts';

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
