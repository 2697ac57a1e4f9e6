/**
 * The email transport (PRODUCT.md §9): nodemailer over SMTP when SMTP_URL is set, else one
 * RFC 822 `.eml` file per message under RENUBU_OUTBOX_DIR. A file is named after the
 * message's idempotency key and written once (temp file, then a hard link that fails when
 * the name exists), so its existence proves the send and a second send of the same key
 * writes nothing. Bodies are never logged.
 */
import { createHash, randomBytes } from 'node:crypto';
import { access, link, mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Settings } from '../config.ts';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
  /** Content-ID of an inline image (`<img src="cid:…">` in the HTML). */
  cid?: string;
}

export interface MailMessage {
  from?: string;
  to: string | string[];
  cc?: string | string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
  headers?: Record<string, string>;
  /** Where a reply goes (the signed `reply+TOKEN@…` address of an email to a CSM). */
  replyTo?: string;
  /** The Message-ID this answers, and the thread's ids (a confirmation of an email reply). */
  inReplyTo?: string;
  references?: string[];
  /** `<local@domain>`; the same message sent again carries the same id. */
  messageId: string;
  /** Names the `.eml` file; defaults to the Message-ID. */
  idempotencyKey?: string;
  /** The Date header (the caller's clock); nodemailer's wall clock otherwise. */
  date?: Date;
}

export interface SentMail {
  messageId: string;
  via: 'smtp' | 'file';
  /** The `.eml` file (file transport). */
  path?: string;
  /** The file was already there: an earlier send of this key. */
  existed?: boolean;
}

export interface Mailer {
  via: 'smtp' | 'file';
  send(message: MailMessage): Promise<SentMail>;
  /** Whether mail can go out now (SMTP: connect and log in; files: always). Never throws. */
  verify(): Promise<{ ok: true } | { ok: false; error: string }>;
  close(): void;
}

/** Connect, greeting and idle-socket limits (ms); the URL's own values win. */
export const SMTP_TIMEOUTS_MS = {
  connectionTimeout: 30_000,
  greetingTimeout: 30_000,
  socketTimeout: 120_000,
};

export type MailSettings = Pick<Settings, 'smtpUrl' | 'emailFrom' | 'outboxDir'>;

/** `digest:12:2026-11-25` → `digest_12_2026-11-25-3f9a1c2b.eml` (the hash keeps keys apart). */
export function emlFileName(key: string): string {
  const readable = key
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 100);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return `${readable || 'message'}-${hash}.eml`;
}

/** The Message-ID of an outbox row: the same key always gives the same id. */
export function messageIdFor(key: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'renubu.localhost';
  const local = key.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+/g, '.').replace(/^\.+|\.+$/g, '');
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return `<renubu.${local.slice(0, 120)}.${hash}@${domain}>`;
}

function mailOptions(settings: MailSettings, message: MailMessage) {
  return {
    from: message.from ?? settings.emailFrom,
    to: message.to,
    ...(message.cc ? { cc: message.cc } : {}),
    subject: message.subject,
    text: message.text,
    ...(message.html ? { html: message.html } : {}),
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
      ...(a.cid ? { cid: a.cid } : {}),
    })),
    ...(message.headers ? { headers: message.headers } : {}),
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
    ...(message.references?.length ? { references: message.references } : {}),
    ...(message.date ? { date: message.date } : {}),
    messageId: message.messageId,
  };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

function fileMailer(settings: MailSettings): Mailer {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    via: 'file',
    async send(message) {
      const dir = settings.outboxDir;
      const file = path.join(dir, emlFileName(message.idempotencyKey ?? message.messageId));
      const found = { messageId: message.messageId, via: 'file' as const, path: file };
      if (await exists(file)) return { ...found, existed: true };
      await mkdir(dir, { recursive: true });
      const info = await builder.sendMail(mailOptions(settings, message));
      const temp = path.join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
      await writeFile(temp, info.message as Buffer);
      try {
        await link(temp, file);
        return found;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { ...found, existed: true };
        throw error;
      } finally {
        await unlink(temp).catch(() => {});
      }
    },
    async verify() {
      return { ok: true };
    },
    close() {
      builder.close();
    },
  };
}

function smtpMailer(settings: MailSettings, smtpUrl: string): Mailer {
  // timeouts well inside the outbox lease, so a hung server cannot hold a claimed row past it
  const transport = nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS_MS });
  return {
    via: 'smtp',
    async send(message) {
      await transport.sendMail(mailOptions(settings, message));
      return { messageId: message.messageId, via: 'smtp' };
    },
    async verify() {
      try {
        await transport.verify();
        return { ok: true };
      } catch (error) {
        return { ok: false, error: (error as Error).message };
      }
    },
    close() {
      transport.close();
    },
  };
}

/** SMTP with SMTP_URL, else `.eml` files in RENUBU_OUTBOX_DIR (created on first send). */
export function createMailer(settings: MailSettings): Mailer {
  return settings.smtpUrl ? smtpMailer(settings, settings.smtpUrl) : fileMailer(settings);
}
