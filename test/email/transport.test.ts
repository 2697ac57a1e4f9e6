import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, emlFileName, messageIdFor } from '../../src/email/transport.ts';
import { renderQuotePdf } from '../../src/workflows/quote-pdf.ts';
import { sampleQuote } from './fixtures.ts';
import { type SmtpSink, startSmtpSink } from './smtp-sink.ts';

let sink: SmtpSink;
let dir: string;
let pdf: Buffer;

beforeAll(async () => {
  sink = await startSmtpSink();
  dir = await mkdtemp(path.join(tmpdir(), 'renubu-eml-'));
  pdf = await renderQuotePdf(sampleQuote());
});
afterAll(async () => {
  await sink.close();
  await rm(dir, { recursive: true, force: true });
});

const message = (key: string) => ({
  to: 'marcus@customer.example',
  cc: ['dana@renubu.example'],
  subject: 'Your Obsidian Black renewal',
  text: 'Hi Marcus,\n\nThe quote is attached.',
  html: '<p>Hi Marcus,</p><p>The quote is attached.</p>',
  attachments: [
    { filename: 'quote-Q-2026-0042.pdf', content: pdf, contentType: 'application/pdf' },
  ],
  messageId: messageIdFor(key, 'renubu@renubu.example'),
  idempotencyKey: key,
  date: new Date('2026-11-25T10:00:00Z'),
});

describe('createMailer over SMTP', () => {
  it('delivers subject, text, html and the PDF attachment to a real SMTP server', async () => {
    const mailer = createMailer({
      smtpUrl: sink.url,
      emailFrom: 'renubu@renubu.example',
      outboxDir: dir,
    });
    const sent = await mailer.send(message('email:quote:42'));
    mailer.close();
    expect(sent).toEqual({ messageId: message('email:quote:42').messageId, via: 'smtp' });
    const mail = sink.received.at(-1);
    expect(mail?.messageId).toBe(sent.messageId);
    expect(mail?.from?.text).toBe('renubu@renubu.example');
    expect(mail?.subject).toBe('Your Obsidian Black renewal');
    expect(mail?.text?.trim()).toBe('Hi Marcus,\n\nThe quote is attached.');
    expect(mail?.html).toContain('<p>The quote is attached.</p>');
    expect(mail?.attachments).toHaveLength(1);
    expect(mail?.attachments[0]?.filename).toBe('quote-Q-2026-0042.pdf');
    expect(mail?.attachments[0]?.contentType).toBe('application/pdf');
    expect(mail?.attachments[0]?.content.equals(pdf)).toBe(true);
  });
});

describe('createMailer without SMTP_URL (.eml files)', () => {
  it('writes one parseable RFC 822 file per key, and nothing more for the same key', async () => {
    const outboxDir = path.join(dir, 'outbox', 'nested');
    const mailer = createMailer({ smtpUrl: undefined, emailFrom: 'renubu@localhost', outboxDir });
    const first = await mailer.send(message('digest:7:2026-11-25'));
    const again = await mailer.send({ ...message('digest:7:2026-11-25'), subject: 'changed' });
    await mailer.send(message('digest/7/2026-11-25')); // sanitises to a similar name
    mailer.close();
    expect(first.via).toBe('file');
    expect(first.existed).toBeUndefined();
    expect(again).toMatchObject({ path: first.path, existed: true });
    const files = (await readdir(outboxDir)).sort();
    expect(files).toEqual(
      [emlFileName('digest:7:2026-11-25'), emlFileName('digest/7/2026-11-25')].sort(),
    );
    expect(files.every((name) => /^[A-Za-z0-9._-]+\.eml$/.test(name))).toBe(true);
    const parsed = await simpleParser(await readFile(first.path ?? ''));
    expect(parsed.subject).toBe('Your Obsidian Black renewal');
    expect(parsed.messageId).toBe(first.messageId);
    expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toBe('marcus@customer.example');
    expect(parsed.date?.toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(parsed.attachments[0]?.content.equals(pdf)).toBe(true);
  });

  it('concurrent sends of one key leave exactly one file', async () => {
    const outboxDir = path.join(dir, 'race');
    const mailer = createMailer({ smtpUrl: undefined, emailFrom: 'renubu@localhost', outboxDir });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => mailer.send(message('race:1'))),
    );
    expect(new Set(results.map((r) => r.path)).size).toBe(1);
    expect(await readdir(outboxDir)).toEqual([emlFileName('race:1')]);
  });
});

describe('messageIdFor', () => {
  it('is stable for a key, distinct between keys, and a valid msg-id', () => {
    const a = messageIdFor('digest:1:2026-11-25', 'Renubu <renubu@acme.example>');
    expect(a).toBe(messageIdFor('digest:1:2026-11-25', 'Renubu <renubu@acme.example>'));
    expect(a).not.toBe(messageIdFor('digest:1:2026-11-26', 'Renubu <renubu@acme.example>'));
    expect(a).toMatch(/^<[^<>@\s]+@acme\.example>$/);
  });
});
