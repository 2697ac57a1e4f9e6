/**
 * The sandbox Outbox's Reply box (PRODUCT.md §12): the text typed under an email to a CSM
 * becomes a real MIME reply, addressed as the email's Reply-To (a token signed now for that
 * email and its CSM) and threaded under its Message-ID, and goes through the same handler as
 * a reply by SMTP, `renubu email-in` or `POST /email/inbound`.
 */
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Clock } from '../clock.ts';
import type { Sql } from '../db/connection.ts';
import { findReplyCsm, findSentEmail, replySecret } from '../db/email-replies.ts';
import { replyAsSchema, replySubject } from '../domain/email-reply.ts';
import { replyAddress, signReplyToken } from '../domain/reply-token.ts';
import { handleInboundEmail } from '../email/inbound/handle.ts';
import { messageIdFor } from '../email/transport.ts';
import type { Logger } from '../logger.ts';
import type { ActResult } from './snapshot.ts';

export interface SandboxReplyDeps {
  sql: Sql;
  clock: Clock;
  logger: Logger;
  /** The reply addresses' domain (EMAIL_REPLY_DOMAIN, or the sandbox's own). */
  domain: string;
  /** EMAIL_FROM: the sent email's Message-ID is made from it. */
  from: string;
  onQueued?: () => void;
}

/** Reply `text` to the outbox email `emailId` as its CSM would. */
export async function replyInSandbox(
  deps: SandboxReplyDeps,
  emailId: number,
  text: string,
): Promise<ActResult> {
  const email = await findSentEmail(deps.sql, emailId);
  const replyAs = replyAsSchema.safeParse(email?.payload.replyAs);
  if (!email || !replyAs.success) {
    return { ok: false, error: `Email ${emailId} was not sent to a CSM, so it takes no reply.` };
  }
  const csm = await findReplyCsm(deps.sql, replyAs.data.csmId);
  if (!csm) return { ok: false, error: 'The CSM of that email is gone.' };
  const now = deps.clock.now();
  const token = signReplyToken(await replySecret(deps.sql, now), {
    csmId: csm.id,
    outboxId: email.id,
    sentAt: now,
  });
  const sent = messageIdFor(email.idempotency_key, deps.from);
  const raw = await new MailComposer({
    from: `${csm.name} <${csm.email}>`,
    to: replyAddress(token, deps.domain),
    subject: replySubject(String(email.payload.subject ?? '')),
    text,
    messageId: `<sandbox.${randomUUID()}@sandbox.localhost>`,
    inReplyTo: sent,
    references: [sent],
    date: now,
  })
    .compile()
    .build();
  const result = await handleInboundEmail(
    { ...deps, ...(deps.onQueued ? { onQueued: deps.onQueued } : {}) },
    raw,
  );
  if (result.status === 'dropped') return { ok: false, error: `Dropped: ${result.reason}.` };
  return { ok: true, status: 200 };
}
