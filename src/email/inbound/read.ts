/**
 * A raw reply email, read as a person would (PRODUCT.md §12): MIME parsed by mailparser (an
 * HTML-only body comes back as text), quoted history and signatures stripped by
 * email-reply-parser, then split into command lines. What the message says about itself
 * (recipients, sender, machine headers) comes along for the handler to judge.
 */
import EmailReplyParser from 'email-reply-parser';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { HeaderLookup } from '../../domain/email-reply.ts';
import { replyCommands } from '../../domain/email-reply.ts';

export interface ReadReply {
  /** Where the message says it went (To, Cc, Delivered-To, X-Original-To). */
  recipients: string[];
  from: string;
  subject: string;
  messageId: string | undefined;
  references: string[];
  header: HeaderLookup;
  contentType: string;
  returnPath: string | undefined;
  /** The reply's own words, one command a line. */
  commands: string[];
}

/** Input that is no email at all (empty, or no header section): the caller says so. */
export class UnreadableEmail extends Error {}

const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((group) =>
    group.value.flatMap((a) => (a.address ? [a.address] : [])),
  );

function headerText(parsed: ParsedMail, name: string): string | undefined {
  const value = parsed.headers.get(name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'value' in value) {
    const v = (value as { value: unknown; text?: string }).value;
    return typeof v === 'string' ? v : ((value as { text?: string }).text ?? '');
  }
  return String(value);
}

/** The line-header names that may name the reply address besides To and Cc. */
const DELIVERY_HEADERS = ['delivered-to', 'x-original-to', 'envelope-to'];

/** Parse a raw message; throws UnreadableEmail when it has no header section. */
export async function readReply(raw: Buffer): Promise<ReadReply> {
  // a mail server's pipe may put an mbox "From " line first
  const head = raw
    .subarray(0, 1000)
    .toString('latin1')
    .replace(/^From [^\n]*\n/, '');
  if (!/^[!-9;-~]+:/.test(head)) {
    throw new UnreadableEmail('expected an email message (RFC 5322 headers, a blank line, a body)');
  }
  const parsed = await simpleParser(raw, { skipImageLinks: true });
  if (parsed.headers.size === 0) {
    throw new UnreadableEmail('expected an email message (RFC 5322 headers, a blank line, a body)');
  }
  const extra = DELIVERY_HEADERS.flatMap((name) =>
    (parsed.headerLines ?? [])
      .filter((line) => line.key === name)
      .map((line) => line.line.slice(line.line.indexOf(':') + 1).trim()),
  );
  const references = parsed.references
    ? Array.isArray(parsed.references)
      ? parsed.references
      : [parsed.references]
    : [];
  const text = parsed.text ?? '';
  const visible = new EmailReplyParser().read(text).getVisibleText();
  return {
    recipients: [...addresses(parsed.to), ...addresses(parsed.cc), ...extra],
    from: addresses(parsed.from)[0] ?? '',
    subject: parsed.subject ?? '',
    messageId: parsed.messageId,
    references,
    header: (name) => headerText(parsed, name),
    contentType: headerText(parsed, 'content-type') ?? 'text/plain',
    returnPath: headerText(parsed, 'return-path'),
    commands: replyCommands(visible),
  };
}
