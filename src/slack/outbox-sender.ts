/**
 * Delivers the Slack rows of the outbox, at most once each: a claimed row is posted to the
 * recipient's DM with its idempotency key in the message `metadata` (or, a thread file,
 * uploaded into its thread), then marked sent with the message ts (the file id), and what the
 * send settles is recorded in the same transaction (outbox-threads.ts). A row whose earlier
 * attempt may have reached Slack (status `sending`) is first looked up in the channel's
 * recent history or its thread (outbox-lookup.ts), and marked sent if it is there.
 *
 * This deliverer owns the retries (the WebClient makes one attempt, outbox-timing.ts): a 429
 * puts the row back until Slack's Retry-After, any other transient failure with back-off.
 * One attempt ends by its deadline, and the row's lease outlasts it.
 */
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../clock.ts';
import type { Sql } from '../db/connection.ts';
import {
  claimDue,
  markDropped,
  markFailed,
  markSent,
  type OutboxRow,
  sentRef,
} from '../db/outbox.ts';
import { dropUninstalledSends, isUninstalled } from '../db/uninstall.ts';
import { findCsmsByEmail, setSlackUserId } from '../db/work-queue.ts';
import type { Logger } from '../logger.ts';
import { ClaimsInFlight } from './outbox-claims.ts';
import { byKey, findPosted, OUTBOX_EVENT_TYPE } from './outbox-lookup.ts';
import { isThreadFile, recordGivenUp, recordSent, uploadThreadFile } from './outbox-threads.ts';
import { LEASE_MARGIN_MS, SLACK_ATTEMPT_TIMEOUT_MS, withDeadline } from './outbox-timing.ts';
import { classifySendError, droppedFor } from './send-errors.ts';
import type { SlackTenants } from './tenants.ts';

export { OUTBOX_EVENT_TYPE };

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
  /** The one workspace's client; with `tenants`, each row goes with its company's instead. */
  client: WebClient;
  /** Each company's workspace and token (OAuth installs): a row goes to its company's. */
  tenants?: SlackTenants | undefined;
  clock: Clock;
  logger: Logger;
  /** Back-off before attempt n+1: `baseMs × 2^(n-1)`, capped; give up after `maxAttempts`. */
  retry?: { baseMs: number; maxMs: number; maxAttempts: number };
  /** One attempt's deadline (ms; default SLACK_ATTEMPT_TIMEOUT_MS); the lease adds a margin. */
  attemptTimeoutMs?: number;
  /** The rows this process holds, for shutdown (`renubu serve`); a pass makes its own else. */
  claims?: ClaimsInFlight;
}

export const DEFAULT_RETRY = { baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 10 };
const BATCH = 20;
/** Never due again within the same pass (a `Retry-After: 0`). */
const MIN_WAIT_MS = 1000;

export interface DeliveryReport {
  sent: number;
  /** Found already posted (a crash between send and record). */
  found: number;
  retrying: number;
  failed: number;
  /** Never to be sent: the workspace uninstalled Renubu (src/db/uninstall.ts). */
  dropped: number;
}

/** Deliver every due Slack row, batch after batch, until none is due. */
export async function deliverSlackOutbox(deps: OutboxDeps): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, found: 0, retrying: 0, failed: 0, dropped: 0 };
  const claims = deps.claims ?? new ClaimsInFlight();
  const attemptMs = deps.attemptTimeoutMs ?? SLACK_ATTEMPT_TIMEOUT_MS;
  // rows enqueued for a company after it uninstalled (a job already under way) go nowhere
  report.dropped += await dropUninstalledSends(deps.sql, deps.clock.now());
  for (;;) {
    if (claims.stopping) return report;
    const now = deps.clock.now();
    const rows = await claimDue(deps.sql, {
      channel: 'slack',
      now,
      leaseUntil: new Date(now.getTime() + attemptMs + LEASE_MARGIN_MS),
      limit: BATCH,
    });
    if (rows.length === 0) return report;
    for (const row of rows) claims.hold(row);
    const outcomes = await Promise.all(rows.map((row) => deliverRow(deps, claims, attemptMs, row)));
    for (const outcome of outcomes) report[outcome] += 1;
  }
}

/**
 * The recipient is a Slack user id, or an email for someone whose Slack id is not known yet
 * (a manager, say): looked up by email, and remembered on the CSM row once found.
 */
async function slackUserId(
  deps: OutboxDeps,
  client: WebClient,
  row: OutboxRow,
  companyId: number | undefined,
): Promise<string> {
  if (!row.recipient.includes('@')) return row.recipient;
  const found = await client.users.lookupByEmail({ email: row.recipient });
  const id = found.user?.id;
  if (!id) throw new Error('users.lookupByEmail returned no user');
  // the workspace's user is linked to its own company's CSMs only (one token: any company's)
  for (const csm of await findCsmsByEmail(deps.sql, row.recipient, companyId)) {
    if (!csm.slack_user_id) await setSlackUserId(deps.sql, csm.id, id);
  }
  return id;
}

/** Where the row went (a message ts, or a file id), and whether it was found already there. */
interface Attempted {
  ref: string;
  channel: string;
  found: boolean;
}

/**
 * The Slack side of one attempt: the row's message (or file), whether found already posted
 * or posted now. Writes nothing to the outbox row (its outcome is recorded by the caller, in
 * time).
 */
async function attempt(
  deps: OutboxDeps,
  claims: ClaimsInFlight,
  row: OutboxRow,
  state: { posting: boolean },
): Promise<Attempted> {
  const tenant = deps.tenants ? await deps.tenants.forCompany(row.company_id) : null;
  const client = tenant?.client ?? deps.client;
  const companyId = tenant?.companyId ?? undefined;
  const opened = await client.conversations.open({
    users: await slackUserId(deps, client, row, companyId),
  });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  // it may be out already, whatever happens next
  if (row.previous_status === 'sending') claims.unsure(row.id);
  const posting = () => {
    state.posting = true;
    claims.unsure(row.id);
  };
  const payload = row.payload as SlackPayload;
  // a reply to another outbox row goes in that row's thread, once it is sent
  const threadTs =
    payload.thread_ts ?? (payload.thread_of ? await sentRef(deps.sql, payload.thread_of) : null);
  if (isThreadFile(row)) {
    const look = row.previous_status === 'sending';
    const options = { look, uploading: posting, threadTs };
    return { ...(await uploadThreadFile(client, channel, row, options)), channel };
  }
  // an update in place is safe to repeat: only a new post is looked for first
  if (row.previous_status === 'sending' && !payload.update_ts) {
    const ts = await findPosted(client, channel, row, threadTs, byKey(row));
    if (ts) return { ref: ts, channel, found: true };
  }
  posting();
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
  return { ref: posted.ts ?? '', channel, found: false };
}

async function deliverRow(
  deps: OutboxDeps,
  claims: ClaimsInFlight,
  attemptMs: number,
  row: OutboxRow,
): Promise<keyof DeliveryReport> {
  const log = deps.logger.child({
    outboxId: row.id,
    key: row.idempotency_key,
    attempt: row.attempts,
  });
  const state = { posting: false };
  try {
    const sent = await withDeadline(
      attempt(deps, claims, row, state),
      attemptMs,
      'the Slack delivery attempt',
    );
    const { ref, found } = sent;
    await deps.sql.begin(async (tx) => {
      const now = deps.clock.now();
      if (await markSent(tx, row, ref, now)) await recordSent(tx, row, sent, now, log);
    });
    if (found) log.info({ ref }, 'outbox: already posted before a crash, marked sent');
    else log.info({ ref, kind: row.kind }, 'outbox: sent');
    return found ? 'found' : 'sent';
  } catch (error) {
    const failure = classifySendError(error, state.posting);
    const dropped = await droppedFor(failure, () => isUninstalled(deps.sql, row.company_id));
    if (dropped) {
      await deps.sql.begin(async (tx) => {
        if (await markDropped(tx, row, dropped)) await recordGivenUp(tx, row, deps.clock.now());
      });
      log.warn({ error: failure.error }, 'outbox: dropped, the workspace uninstalled Renubu');
      return 'dropped';
    }
    const retry = deps.retry ?? DEFAULT_RETRY;
    // a 429 is Slack pacing us, not a failure of this message: it uses no attempt
    const limited = failure.retryAfterMs !== null;
    const giveUp = failure.permanent || (!limited && row.attempts >= retry.maxAttempts);
    // Slack said when (a 429's Retry-After): wait that long; otherwise back off
    const waitMs =
      failure.retryAfterMs === null
        ? Math.min(retry.baseMs * 2 ** (row.attempts - 1), retry.maxMs)
        : Math.max(failure.retryAfterMs, MIN_WAIT_MS);
    await deps.sql.begin(async (tx) => {
      const now = deps.clock.now();
      const marked = await markFailed(tx, row, {
        error: failure.error,
        retryAt: giveUp ? null : new Date(now.getTime() + waitMs),
        // once unsure, stay unsure until a look-up settles it
        unsure: failure.unsure || row.previous_status === 'sending',
        uncounted: limited,
      });
      if (marked && giveUp) await recordGivenUp(tx, row, now);
    });
    log.warn({ error: failure.error, giveUp, waitMs }, 'outbox: delivery failed');
    return giveUp ? 'failed' : 'retrying';
  } finally {
    claims.settle(row.id);
  }
}
