/**
 * Reading a CSM's email reply (PRODUCT.md §12), the pure parts: what the email a token names
 * lets a reply act on (`replyAs`, kept in the email's outbox payload when it is queued), which
 * mail is a machine's (auto-replies and bounces are never answered), how a reply's visible
 * text splits into commands, and the words of the answers. No I/O, no clock.
 */
import { z } from 'zod';

const stepRef = z.object({
  executionId: z.number().int().positive(),
  /** 0-based, as in workflow_step_states. */
  stepIndex: z.number().int().min(0),
});
export type StepRef = z.infer<typeof stepRef>;

/**
 * What a reply to an email may act on, written by whoever queues an email to a CSM: the CSM;
 * a digest's numbered items in order (item n is `items[n-1]`); or one step (a wake-up or an
 * escalation email); or, for a confirmation, the email whose items it confirms (`actsOn`).
 */
export const replyAsSchema = z.object({
  csmId: z.number().int().positive(),
  items: z.array(stepRef).optional(),
  step: stepRef.optional(),
  actsOn: z.number().int().positive().optional(),
});
export type ReplyAs = z.infer<typeof replyAsSchema>;

/** A message's headers by lower-case name (the first value of each). */
export type HeaderLookup = (name: string) => string | undefined;

const AUTO_PRECEDENCE = new Set(['auto_reply', 'bulk', 'junk', 'list']);
const AUTO_SUBJECT =
  /^\s*(auto(matic)?[\s_-]*(reply|response|antwort)|out of (the )?office|ooo\b|on vacation|vacation reply|away from|abwesenheit|absence|undeliver(able|ed)|delivery status notification|mail delivery (failed|failure|subsystem)|returned mail|failure notice)/i;
const DAEMON = /^(mailer-daemon|postmaster)@/i;

/**
 * Why a message is a machine's and must not be answered (Renubu's own email come back, RFC 3834 `Auto-Submitted` other than
 * `no`, X-Autoreply, X-Autorespond, Precedence auto_reply/bulk/junk/list, an out-of-office
 * subject, a bounce: empty Return-Path, MAILER-DAEMON, multipart/report), or null for a person.
 */
export function machineMailReason(mail: {
  header: HeaderLookup;
  subject: string;
  from: string;
  /** The envelope sender (SMTP MAIL FROM) or Return-Path; '' for a bounce's `<>`. */
  returnPath: string | undefined;
  contentType: string;
}): string | null {
  // Renubu's own email come back (forwarded, bounced whole): never a loop
  if (mail.header('x-renubu-key') !== undefined) return 'X-Renubu-Key (Renubu’s own email)';
  const autoSubmitted = mail.header('auto-submitted')?.split(';')[0]?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  if (mail.header('x-autoreply') !== undefined) return 'X-Autoreply';
  if (mail.header('x-autorespond') !== undefined) return 'X-Autorespond';
  if (mail.header('x-auto-response-suppress') !== undefined && AUTO_SUBJECT.test(mail.subject)) {
    return 'X-Auto-Response-Suppress';
  }
  const precedence = mail.header('precedence')?.trim().toLowerCase();
  if (precedence && AUTO_PRECEDENCE.has(precedence)) return `Precedence: ${precedence}`;
  if (mail.returnPath !== undefined && mail.returnPath.replace(/[<>\s]/g, '') === '') {
    return 'empty Return-Path (a bounce)';
  }
  if (DAEMON.test(mail.from.trim())) return 'from MAILER-DAEMON';
  if (/^multipart\/report\b/i.test(mail.contentType)) return 'multipart/report (a bounce)';
  if (AUTO_SUBJECT.test(mail.subject)) return 'an automatic reply by its subject';
  return null;
}

/** A number at a line's start that may name a digest item: "2 snooze monday", "#2. done". */
const ITEM_AT_START = /(?:^|[,;]\s*)(?=#?\d{1,3}[.):]?\s+[A-Za-z])/;

/**
 * The commands of a reply's visible text: one a line, and a line "2 snooze monday, 3 done"
 * split where a comma or semicolon is followed by an item's number. Lines without a letter
 * (blank, punctuation) are left out.
 */
export function replyCommands(visible: string): string[] {
  return visible
    .split(/\r?\n/)
    .flatMap((line) => line.split(new RegExp(ITEM_AT_START.source, 'g')))
    .map((part) => part.trim().replace(/^[,;]\s*/, ''))
    .filter((part) => /[A-Za-z]/.test(part));
}

/**
 * What an email that takes replies says about them (added only when it carries a reply
 * address): a digest's numbered items, or one step; null for an email with nothing to act on.
 */
export function replyHint(replyAs: ReplyAs): string | null {
  if (replyAs.items?.length) {
    const n = Math.min(2, replyAs.items.length);
    return (
      'You can also reply to this email, one line per step starting with its number, such as ' +
      `"${n} snooze monday", "1 done" or "1 skip: customer churned".`
    );
  }
  if (replyAs.step) {
    return 'You can also reply to this email to act on the step: "snooze 2d waiting for legal", "done" or "escalate".';
  }
  return null;
}

/** "Re: …" of a subject, once. */
export function replySubject(subject: string): string {
  const trimmed = subject.trim() || 'Renubu';
  return /^re:/i.test(trimmed) ? trimmed : `Re: ${trimmed}`;
}

export const REPLY_HELP =
  'Reply with one line per step, such as "snooze 2d waiting for legal", "done", ' +
  '"skip: customer churned" or "escalate"; in a digest, start a line with the item’s number ' +
  '("2 snooze monday").';

/** The confirmation of a reply that acted: what was done, what was not and why, the help line. */
export function confirmationText(answer: {
  name: string;
  done: string[];
  notDone: { line: string; why: string }[];
}): string {
  const lines = [`Hi ${answer.name.split(/\s+/)[0] ?? answer.name},`, ''];
  if (answer.done.length > 0) {
    lines.push('Done from your reply:', ...answer.done.map((d) => `- ${d}`), '');
  }
  if (answer.notDone.length > 0) {
    lines.push(
      answer.done.length > 0 ? 'Not done:' : 'Nothing was changed:',
      ...answer.notDone.map((n) => `- "${n.line}": ${n.why}`),
      '',
      REPLY_HELP,
      '',
    );
  }
  lines.push('-- Renubu');
  return lines.join('\n');
}

/** The one answer to a reply whose address has expired. */
export function expiredText(name: string, days: number): string {
  return [
    `Hi ${name.split(/\s+/)[0] ?? name},`,
    '',
    `Your reply came to an address that expired (reply addresses work for ${days} days), so ` +
      'nothing was changed. Reply to a newer Renubu email, or act on the step in Slack.',
    '',
    '-- Renubu',
  ].join('\n');
}
