/**
 * Delivers the email rows of the outbox (channel `email`): claimed through src/db/outbox.ts,
 * sent through the mailer, marked sent with the Message-ID. A failed SMTP attempt is
 * retried with back-off (`available_at`); a refusal with a 5xx reply, or a payload that
 * cannot be sent, gives up at once.
 *
 * Exactly once across a crash: a row found `sending` after its lease ran out (the deliverer
 * died between sending and marking) is sent AGAIN with the SAME Message-ID, derived from
 * the idempotency key. Email offers no look-up like Slack's history, so a resend can reach
 * an SMTP server twice; receiving servers and clients that dedupe on Message-ID show it
 * once. With the file transport the `.eml` file's existence proves the earlier send, and
 * nothing is written twice.
 *
 * One row at a time (an SMTP server is happier with one connection than with a burst), and
 * each claimed only when its turn comes, so a row's lease (attempt deadline + margin,
 * src/slack/outbox-timing.ts) always outlasts its own attempt.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Sql } from '../db/connection.ts';
import { claimDue, markFailed, markSent, type OutboxRow } from '../db/outbox.ts';
import { replyAsSchema, replyHint } from '../domain/email-reply.ts';
import { replyAddress, signReplyToken } from '../domain/reply-token.ts';
import type { Logger } from '../logger.ts';
import { ClaimsInFlight } from '../slack/outbox-claims.ts';
import { EMAIL_ATTEMPT_TIMEOUT_MS, LEASE_MARGIN_MS, withDeadline } from '../slack/outbox-timing.ts';
import { type Mailer, type MailMessage, messageIdFor } from './transport.ts';

const recipients = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const emailPayloadSchema = z.object({
  to: recipients,
  cc: recipients.optional(),
  subject: z.string().min(1),
  text: z.string(),
  html: z.string().optional(),
  attachments: z
    .array(
      z.union([
        z.object({
          filename: z.string().min(1),
          contentType: z.string(),
          path: z.string(),
          cid: z.string().optional(),
        }),
        z.object({
          filename: z.string().min(1),
          contentType: z.string(),
          base64: z.string(),
          // an inline image the HTML shows with <img src="cid:…">
          cid: z.string().optional(),
        }),
      ]),
    )
    .optional(),
  /** An email to a CSM: what a reply may act on; it gets a signed Reply-To (PRODUCT.md §12). */
  replyAs: replyAsSchema.optional(),
  /** The Message-ID this email answers (a confirmation of a reply), and its thread. */
  inReplyTo: z.string().min(1).optional(),
  references: z.array(z.string().min(1)).optional(),
});
export type EmailPayload = z.infer<typeof emailPayloadSchema>;

export interface EmailOutboxDeps {
  sql: Sql;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  /** The From address, also the Message-ID's domain (EMAIL_FROM). */
  from: string;
  /** Back-off before attempt n+1: `baseMs × 2^(n-1)`, capped; give up after `maxAttempts`. */
  retry?: { baseMs: number; maxMs: number; maxAttempts: number };
  /**
   * How long a claim holds a row before another deliverer may take it over (ms); never
   * less than the attempt's deadline plus LEASE_MARGIN_MS.
   */
  leaseMs?: number;
  /** One attempt's deadline (ms; default EMAIL_ATTEMPT_TIMEOUT_MS). */
  attemptTimeoutMs?: number;
  /**
   * EMAIL_REPLY_DOMAIN and the reply tokens' key (src/db/email-replies.ts): emails to a CSM
   * get `Reply-To: reply+TOKEN@domain`. Unset: no reply address.
   */
  reply?: { domain: string; secret(): Promise<Uint8Array> } | undefined;
  /** The rows this process holds, for shutdown (`renubu serve`); a pass makes its own else. */
  claims?: ClaimsInFlight;
}

export const EMAIL_RETRY = { baseMs: 60_000, maxMs: 3_600_000, maxAttempts: 8 };

export interface EmailDeliveryReport {
  sent: number;
  /** Sent again after a crash (same Message-ID), or found already written (file). */
  resent: number;
  retrying: number;
  failed: number;
}

/** One pass: deliver every due email row, batch after batch, until none is due. */
export async function deliverEmailOutbox(deps: EmailOutboxDeps): Promise<EmailDeliveryReport> {
  const report: EmailDeliveryReport = { sent: 0, resent: 0, retrying: 0, failed: 0 };
  const claims = deps.claims ?? new ClaimsInFlight();
  const attemptMs = deps.attemptTimeoutMs ?? EMAIL_ATTEMPT_TIMEOUT_MS;
  const leaseMs = Math.max(deps.leaseMs ?? 0, attemptMs + LEASE_MARGIN_MS);
  for (;;) {
    if (claims.stopping) return report;
    const now = deps.clock.now();
    const [row] = await claimDue(deps.sql, {
      channel: 'email',
      now,
      leaseUntil: new Date(now.getTime() + leaseMs),
      limit: 1,
    });
    if (!row) return report;
    claims.hold(row);
    try {
      report[await deliverRow(deps, row, attemptMs)] += 1;
    } finally {
      claims.settle(row.id);
    }
  }
}

/** A payload that can never be sent, or a 5xx reply: trying again will not help. */
class PermanentEmailError extends Error {}

async function toMessage(deps: EmailOutboxDeps, row: OutboxRow): Promise<MailMessage> {
  const parsed = emailPayloadSchema.safeParse(row.payload);
  if (!parsed.success) throw new PermanentEmailError(`bad email payload: ${parsed.error.message}`);
  const { attachments, replyAs, inReplyTo, references, ...payload } = parsed.data;
  const files = await Promise.all(
    (attachments ?? []).map(async (a) => ({
      filename: a.filename,
      contentType: a.contentType,
      ...(a.cid ? { cid: a.cid } : {}),
      content:
        'base64' in a
          ? Buffer.from(a.base64, 'base64')
          : await readFile(a.path).catch((error: Error) => {
              throw new PermanentEmailError(`attachment ${a.filename}: ${error.message}`);
            }),
    })),
  );
  const sentAt = deps.clock.now();
  // the token names the CSM, this email and its expiry, 14 days from this send
  const replyTo =
    replyAs && deps.reply
      ? replyAddress(
          signReplyToken(await deps.reply.secret(), {
            csmId: replyAs.csmId,
            outboxId: row.id,
            sentAt,
          }),
          deps.reply.domain,
        )
      : undefined;
  const hint = replyTo && replyAs ? replyHint(replyAs) : null;
  return {
    ...payload,
    ...(hint ? withHint(payload, hint) : {}),
    ...(replyTo ? { replyTo } : {}),
    ...(inReplyTo ? { inReplyTo, references: references ?? [inReplyTo] } : {}),
    from: deps.from,
    attachments: files,
    messageId: messageIdFor(row.idempotency_key, deps.from),
    idempotencyKey: row.idempotency_key,
    headers: {
      'X-Renubu-Key': row.idempotency_key,
      // an answer to a reply is an automatic response (RFC 3834): no responder answers it back
      ...(inReplyTo ? { 'Auto-Submitted': 'auto-replied' } : {}),
    },
    date: sentAt,
  };
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The text and HTML with the reply hint last (the HTML's before its closing tags). */
function withHint(payload: { text: string; html?: string | undefined }, hint: string) {
  const text = `${payload.text.replace(/\s+$/, '')}\n\n${hint}\n`;
  if (payload.html === undefined) return { text };
  const p = `<p style="margin:16px 0 0;font-size:12px;color:#777777;">${escapeHtml(hint)}</p>`;
  const at = payload.html.search(/<\/div>\s*<\/body>|<\/body>/i);
  const html =
    at < 0 ? `${payload.html}${p}` : `${payload.html.slice(0, at)}${p}${payload.html.slice(at)}`;
  return { text, html };
}

function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return error instanceof PermanentEmailError || (typeof code === 'number' && code >= 500);
}

async function deliverRow(
  deps: EmailOutboxDeps,
  row: OutboxRow,
  attemptMs: number,
): Promise<keyof EmailDeliveryReport> {
  const log = deps.logger.child({
    outboxId: row.id,
    key: row.idempotency_key,
    attempt: row.attempts,
  });
  const again = row.previous_status === 'sending';
  try {
    const message = await toMessage(deps, row);
    if (again) log.warn({ messageId: message.messageId }, 'email: resending after a crash');
    const sent = await withDeadline(deps.mailer.send(message), attemptMs, 'sending the email');
    await markSent(deps.sql, row, sent.path ?? sent.messageId, deps.clock.now());
    log.info({ messageId: sent.messageId, via: sent.via, kind: row.kind }, 'email: sent');
    return again || sent.existed ? 'resent' : 'sent';
  } catch (error) {
    const retry = deps.retry ?? EMAIL_RETRY;
    const giveUp = isPermanent(error) || row.attempts >= retry.maxAttempts;
    const waitMs = Math.min(retry.baseMs * 2 ** (row.attempts - 1), retry.maxMs);
    const text = error instanceof Error ? error.message : String(error);
    await markFailed(deps.sql, row, {
      error: text.slice(0, 500),
      retryAt: giveUp ? null : new Date(deps.clock.now().getTime() + waitMs),
      unsure: false,
    });
    log.warn({ error: text.slice(0, 200), giveUp, waitMs }, 'email: delivery failed');
    return giveUp ? 'failed' : 'retrying';
  }
}
