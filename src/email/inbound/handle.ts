/**
 * The one handler of a reply email (PRODUCT.md §12), whichever way it came in (the SMTP
 * listener, `renubu email-in`, `POST /email/inbound`, the sandbox's Reply box): the token in
 * the reply address says who replies to which email; the From header does not (a mismatch
 * is only logged). Forged and unknown tokens are dropped, machines' mail (auto-replies,
 * bounces) never answered, an expired token answered once, and a person's reply acted on by
 * the service (src/workflows/email-reply.ts), once per Message-ID.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Sql } from '../../db/connection.ts';
import { findReplyCsm, findSentEmail, replySecret } from '../../db/email-replies.ts';
import { machineMailReason } from '../../domain/email-reply.ts';
import {
  type ReplyTokenCheck,
  tokenOfAddress,
  verifyReplyToken,
} from '../../domain/reply-token.ts';
import type { Logger } from '../../logger.ts';
import {
  actOnEmailReply,
  answerExpiredReply,
  type EmailReply,
} from '../../workflows/email-reply.ts';
import { readReply } from './read.ts';

export interface InboundDeps {
  sql: Sql;
  clock: Clock;
  logger: Logger;
  /** EMAIL_REPLY_DOMAIN; unset: replies are off and every message is dropped. */
  domain: string | undefined;
  /** Told when something was queued (an answer, thread notes), so the deliverers go at once. */
  onQueued?: () => void;
}

/** What the SMTP conversation said, when it came that way. */
export interface Envelope {
  /** RCPT TO addresses. */
  recipients?: string[];
  /** MAIL FROM; '' for a bounce's `<>`. */
  mailFrom?: string;
}

export type InboundResult =
  | { status: 'acted'; done: number; notDone: number }
  | { status: 'expired' | 'duplicate' }
  /** On purpose: forged, unknown, a machine's mail, no reply address, replies off. */
  | { status: 'dropped'; reason: string };

/** Verify a reply address's token now: the SMTP listener asks this at RCPT. */
export async function checkReplyAddress(
  deps: Pick<InboundDeps, 'sql' | 'clock' | 'domain'>,
  address: string,
): Promise<ReplyTokenCheck | null> {
  const token = deps.domain ? tokenOfAddress(address, deps.domain) : null;
  if (!token) return null;
  const now = deps.clock.now();
  return verifyReplyToken(await replySecret(deps.sql, now), token, now);
}

/** Handle one raw message; throws UnreadableEmail (./read.ts) for input that is no email. */
export async function handleInboundEmail(
  deps: InboundDeps,
  raw: Buffer,
  envelope: Envelope = {},
): Promise<InboundResult> {
  const log = deps.logger.child({ door: 'email-reply' });
  const drop = (reason: string, level: 'info' | 'warn' = 'info'): InboundResult => {
    log[level]({ reason }, 'email reply dropped');
    return { status: 'dropped', reason };
  };
  if (!deps.domain) return drop('email replies are off (no EMAIL_REPLY_DOMAIN)');
  const mail = await readReply(raw);
  const candidates = envelope.recipients?.length ? envelope.recipients : mail.recipients;
  const address = candidates.find((a) => deps.domain && tokenOfAddress(a, deps.domain));
  if (!address) return drop('no reply+TOKEN address of EMAIL_REPLY_DOMAIN among the recipients');
  const check = await checkReplyAddress(deps, address);
  if (!check || (!check.ok && check.reason !== 'expired')) {
    return drop(`${check?.reason ?? 'malformed'} reply token`, 'warn');
  }
  const { claims } = check;
  const [csm, email] = await Promise.all([
    findReplyCsm(deps.sql, claims.csmId),
    findSentEmail(deps.sql, claims.outboxId),
  ]);
  if (!csm || !email || email.company_id !== csm.company_id) {
    return drop('the token names a CSM or email that is not there (unknown)', 'warn');
  }
  if (mail.from.toLowerCase() !== csm.email.toLowerCase()) {
    // the token authenticates (a CSM may reply from a phone's other account); noted
    log.warn({ csmId: csm.id, from: mail.from }, 'email reply: From is not the CSM’s address');
  }
  const machine = machineMailReason({
    header: mail.header,
    subject: mail.subject,
    from: mail.from,
    returnPath: envelope.mailFrom ?? mail.returnPath,
    contentType: mail.contentType,
  });
  if (machine) return drop(`a machine’s mail, never answered: ${machine}`);
  const reply: EmailReply = {
    // a message without an id is still one message: its bytes name it
    messageId:
      mail.messageId ?? `<${createHash('sha256').update(raw).digest('hex')}@renubu.invalid>`,
    subject: mail.subject,
    references: mail.references,
    commands: mail.commands,
    now: deps.clock.now(),
  };
  if (!check.ok) {
    const answered = await answerExpiredReply(deps.sql, { csm, outboxId: email.id }, reply);
    if (answered.status === 'expired') deps.onQueued?.();
    log.info({ csmId: csm.id, status: answered.status }, 'email reply: token expired');
    return { status: answered.status === 'expired' ? 'expired' : 'duplicate' };
  }
  if (reply.commands.length === 0) return drop('no words of its own (only quoted history)');
  const result = await actOnEmailReply(deps.sql, { csm, email }, reply);
  if (result.status === 'unknown') return drop(result.reason, 'warn');
  if (result.status !== 'acted') return { status: 'duplicate' };
  deps.onQueued?.();
  log.info(
    { csmId: csm.id, done: result.done.length, notDone: result.notDone.length },
    'email reply: acted',
  );
  return { status: 'acted', done: result.done.length, notDone: result.notDone.length };
}
