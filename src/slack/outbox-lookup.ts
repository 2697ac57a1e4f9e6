/**
 * After a crash between a send and its record (a row found `sending`), what Slack already
 * shows for the row: one look-up, within what Slack allows apps outside the Marketplace
 * (conversations.history and .replies: one request a minute, at most 15 messages). Delivery
 * is in order, one at a time per DM, so the row's own message, if out, is among the DM's
 * newest few. A thread reply (or a file uploaded into a thread) is looked for in its thread,
 * among the replies posted since the row was written (a minute's allowance for clock skew).
 */
import type { WebClient } from '@slack/web-api';
import type { OutboxRow } from '../db/outbox.ts';

export const OUTBOX_EVENT_TYPE = 'renubu_outbox';

/** The most messages one history look-up may read (Slack's limit for non-Marketplace apps). */
const HISTORY_LIMIT = 15;

/** What a look-up reads of a message. */
export interface PostedMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: unknown };
  files?: { id?: string; name?: string; title?: string }[];
}

/** Finds the row among the messages: what to mark it sent with (a ts, a file id), or null. */
export type Match = (message: PostedMessage) => string | null;

/** A message posted with this row's key in its metadata: its ts. */
export const byKey =
  (row: Pick<OutboxRow, 'idempotency_key'>): Match =>
  (message) =>
    message.metadata?.event_type === OUTBOX_EVENT_TYPE &&
    (message.metadata.event_payload as { key?: unknown } | undefined)?.key === row.idempotency_key
      ? (message.ts ?? null)
      : null;

/** A file shared with this name and title (an upload carries no metadata): its id. */
export const byFile =
  (file: { filename: string; title: string }): Match =>
  (message) =>
    message.files?.find((f) => f.name === file.filename && f.title === file.title)?.id ?? null;

/** The first match among the recent messages of the DM (or of the thread `threadTs`). */
export async function findPosted(
  client: WebClient,
  channel: string,
  row: Pick<OutboxRow, 'created_at'>,
  threadTs: string | null,
  match: Match,
): Promise<string | null> {
  const window = { channel, limit: HISTORY_LIMIT, include_all_metadata: true };
  const found = threadTs
    ? await client.conversations.replies({
        ...window,
        ts: threadTs,
        oldest: ((row.created_at.getTime() - 60_000) / 1000).toFixed(6),
      })
    : await client.conversations.history(window);
  for (const message of (found.messages ?? []) as PostedMessage[]) {
    const ref = match(message);
    if (ref) return ref;
  }
  return null;
}
