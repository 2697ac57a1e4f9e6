/**
 * Delivers the Slack rows of the outbox, at most once each: a claimed row is posted to the
 * recipient's DM with its idempotency key in the message `metadata`, then marked sent with
 * the message ts. A row whose earlier attempt may have reached Slack (status `sending`) is
 * first looked up in the channel's recent history, and marked sent if it is there.
 */
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../clock.ts';
import type { Sql } from '../db/connection.ts';
import { claimDue, markFailed, markSent, type OutboxRow, sentRef } from '../db/outbox.ts';
import { findCsmsByEmail, setSlackUserId } from '../db/work-queue.ts';
import type { Logger } from '../logger.ts';
import { classifySendError } from './send-errors.ts';

export const OUTBOX_EVENT_TYPE = 'renubu_outbox';

export interface SlackPayload {
  text: string;
  blocks?: unknown[];
  /** A reply in this thread of the DM (workflow threads). */
  thread_ts?: string;
  /**
   * A reply in the thread of the outbox row with this key (an event burst's DM), whose ts is
   * known once it is sent: claimed only after it; top-level if that row failed for good.
   */
  thread_of?: string;
  /** An update in place of this message of the DM (a thread's parent), not a new post. */
  update_ts?: string;
}

export interface OutboxDeps {
  sql: Sql;
  client: WebClient;
  clock: Clock;
  logger: Logger;
  /** Back-off before attempt n+1: `baseMs × 2^(n-1)`, capped; give up after `maxAttempts`. */
  retry?: { baseMs: number; maxMs: number; maxAttempts: number };
  /** How long a claim holds a row before another deliverer may take it over (ms). */
  leaseMs?: number;
}

export const DEFAULT_RETRY = { baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 10 };
const DEFAULT_LEASE_MS = 10 * 60_000;
const BATCH = 20;
/** How far back the look-up goes: the bot's DM with one CSM, newest first (pages of 200). */
const HISTORY_PAGES = 5;

export interface DeliveryReport {
  sent: number;
  /** Found already posted (a crash between send and record). */
  found: number;
  retrying: number;
  failed: number;
}

/** Deliver every due Slack row, batch after batch, until none is due. */
export async function deliverSlackOutbox(deps: OutboxDeps): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, found: 0, retrying: 0, failed: 0 };
  for (;;) {
    const now = deps.clock.now();
    const rows = await claimDue(deps.sql, {
      channel: 'slack',
      now,
      leaseUntil: new Date(now.getTime() + (deps.leaseMs ?? DEFAULT_LEASE_MS)),
      limit: BATCH,
    });
    if (rows.length === 0) return report;
    const outcomes = await Promise.all(rows.map((row) => deliverRow(deps, row)));
    for (const outcome of outcomes) report[outcome] += 1;
  }
}

/**
 * The recipient is a Slack user id, or an email for someone whose Slack id is not known yet
 * (a manager, say): looked up by email, and remembered on the CSM row once found.
 */
async function slackUserId(deps: OutboxDeps, row: OutboxRow): Promise<string> {
  if (!row.recipient.includes('@')) return row.recipient;
  const found = await deps.client.users.lookupByEmail({ email: row.recipient });
  const id = found.user?.id;
  if (!id) throw new Error('users.lookupByEmail returned no user');
  for (const csm of await findCsmsByEmail(deps.sql, row.recipient)) {
    if (!csm.slack_user_id) await setSlackUserId(deps.sql, csm.id, id);
  }
  return id;
}

async function deliverRow(deps: OutboxDeps, row: OutboxRow): Promise<keyof DeliveryReport> {
  const { client, logger } = deps;
  const log = logger.child({ outboxId: row.id, key: row.idempotency_key, attempt: row.attempts });
  let posting = false;
  try {
    const opened = await client.conversations.open({ users: await slackUserId(deps, row) });
    const channel = opened.channel?.id;
    if (!channel) throw new Error('conversations.open returned no channel');
    if (row.previous_status === 'sending') {
      const ts = await findPosted(client, channel, row);
      if (ts) {
        await markSent(deps.sql, row.id, ts, deps.clock.now());
        log.info({ ts }, 'outbox: already posted before a crash, marked sent');
        return 'found';
      }
    }
    const payload = row.payload as SlackPayload;
    const threadTs =
      payload.thread_ts ?? (payload.thread_of ? await sentRef(deps.sql, payload.thread_of) : null);
    posting = true;
    const content = {
      channel,
      text: payload.text,
      ...(payload.blocks ? { blocks: payload.blocks as never } : {}),
      metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { key: row.idempotency_key } },
    };
    const posted = payload.update_ts
      ? await client.chat.update({ ...content, ts: payload.update_ts })
      : await client.chat.postMessage({
          ...content,
          ...(threadTs ? { thread_ts: threadTs } : {}),
        });
    await markSent(deps.sql, row.id, posted.ts ?? '', deps.clock.now());
    log.info({ ts: posted.ts, kind: row.kind }, 'outbox: sent');
    return 'sent';
  } catch (error) {
    const failure = classifySendError(error, posting);
    const retry = deps.retry ?? DEFAULT_RETRY;
    const giveUp = failure.permanent || row.attempts >= retry.maxAttempts;
    const backoff = Math.min(retry.baseMs * 2 ** (row.attempts - 1), retry.maxMs);
    const waitMs = Math.max(backoff, failure.retryAfterMs ?? 0);
    await markFailed(deps.sql, row.id, {
      error: failure.error,
      retryAt: giveUp ? null : new Date(deps.clock.now().getTime() + waitMs),
      // once unsure, stay unsure until a look-up settles it
      unsure: failure.unsure || row.previous_status === 'sending',
    });
    log.warn({ error: failure.error, giveUp, waitMs }, 'outbox: delivery failed');
    return giveUp ? 'failed' : 'retrying';
  }
}

/** The ts of a recent message in `channel` carrying this row's key, or null. */
async function findPosted(client: WebClient, channel: string, row: OutboxRow) {
  let cursor: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const history = await client.conversations.history({
      channel,
      limit: 200,
      include_all_metadata: true,
      ...(cursor ? { cursor } : {}),
    });
    const match = history.messages?.find(
      (message) =>
        message.metadata?.event_type === OUTBOX_EVENT_TYPE &&
        (message.metadata.event_payload as { key?: unknown } | undefined)?.key ===
          row.idempotency_key,
    );
    if (match?.ts) return match.ts;
    cursor = history.response_metadata?.next_cursor || undefined;
    if (!cursor) return null;
  }
  return null;
}
