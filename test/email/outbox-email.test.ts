import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { enqueue, outboxByPrefix } from '../../src/db/outbox.ts';
import { tokenOfAddress, verifyReplyToken } from '../../src/domain/reply-token.ts';
import { deliverEmailOutbox, type EmailOutboxDeps } from '../../src/email/outbox-email.ts';
import { createMailer, type Mailer, messageIdFor } from '../../src/email/transport.ts';
import { createLogger } from '../../src/logger.ts';
import { renderQuotePdf } from '../../src/workflows/quote-pdf.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { sampleQuote } from './fixtures.ts';
import { type SmtpSink, startSmtpSink } from './smtp-sink.ts';

const FROM = 'renubu@renubu.example';
const RETRY = { baseMs: 60_000, maxMs: 600_000, maxAttempts: 5 };
const LEASE_MS = 300_000;
let db: TestDatabase;
let sink: SmtpSink;
let dir: string;
let smtp: Mailer;
const clock = fixedClock(new Date('2026-11-25T22:00:00Z'));

function deps(mailer: Mailer = smtp): EmailOutboxDeps {
  const logger = createLogger('silent');
  return { sql: db.sql, mailer, clock, logger, from: FROM, retry: RETRY, leaseMs: LEASE_MS };
}

async function enqueueEmail(key: string, payload: Record<string, unknown> = {}) {
  await enqueue(db.sql, {
    idempotencyKey: key,
    channel: 'email',
    kind: 'customer-email',
    recipient: 'marcus@customer.example',
    payload: { to: 'marcus@customer.example', subject: `About ${key}`, text: 'Hello', ...payload },
    companyId: null,
    availableAt: clock.now(),
  });
}

const advance = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));

beforeAll(async () => {
  db = await createTestDatabase();
  sink = await startSmtpSink();
  dir = await mkdtemp(path.join(tmpdir(), 'renubu-outbox-'));
  smtp = createMailer({ smtpUrl: sink.url, emailFrom: FROM, outboxDir: dir });
});
afterAll(async () => {
  smtp.close();
  await sink.close();
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  sink.received.length = 0;
  sink.rejectNext(0);
});

describe('deliverEmailOutbox', () => {
  it('sends each email row once, with its attachments, and marks it sent', async () => {
    const pdf = await renderQuotePdf(sampleQuote());
    const pdfPath = path.join(dir, 'quote.pdf');
    await writeFile(pdfPath, pdf);
    const attachment = { filename: 'quote.pdf', contentType: 'application/pdf' };
    await enqueueEmail('once:a', {
      attachments: [{ ...attachment, base64: pdf.toString('base64') }],
    });
    await enqueueEmail('once:b', {
      html: '<p>Hello</p>',
      attachments: [{ ...attachment, path: pdfPath }],
    });
    expect(await deliverEmailOutbox(deps())).toEqual({
      sent: 2,
      resent: 0,
      retrying: 0,
      failed: 0,
    });
    expect(await deliverEmailOutbox(deps())).toEqual({
      sent: 0,
      resent: 0,
      retrying: 0,
      failed: 0,
    });
    expect(sink.received.map((m) => m.subject).sort()).toEqual(['About once:a', 'About once:b']);
    for (const mail of sink.received) {
      expect(mail.attachments[0]?.content.equals(pdf)).toBe(true);
      expect(mail.headers.get('x-renubu-key')).toBe(mail.subject?.replace('About ', ''));
    }
    const rows = await outboxByPrefix(db.sql, 'once:');
    expect(rows.map((r) => [r.status, r.attempts, r.external_ref])).toEqual([
      ['sent', 1, messageIdFor('once:a', FROM)],
      ['sent', 1, messageIdFor('once:b', FROM)],
    ]);
  });

  it('retries an SMTP refusal after the back-off, then sends exactly once', async () => {
    await enqueueEmail('retry:1');
    sink.rejectNext(1);
    const before = sink.attempts();
    expect((await deliverEmailOutbox(deps())).retrying).toBe(1);
    expect(sink.received).toHaveLength(0);
    const [row] = await outboxByPrefix(db.sql, 'retry:');
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.last_error).toContain('try again later');
    advance(RETRY.baseMs - 1);
    expect((await deliverEmailOutbox(deps())).sent).toBe(0); // still backing off
    advance(1);
    expect((await deliverEmailOutbox(deps())).sent).toBe(1);
    expect(await deliverEmailOutbox(deps())).toMatchObject({ sent: 0, retrying: 0 });
    expect(sink.attempts() - before).toBe(2);
    expect(sink.received).toHaveLength(1);
    expect((await outboxByPrefix(db.sql, 'retry:'))[0]).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  });

  it('gives up on a permanent 5xx refusal and on a payload it cannot send', async () => {
    await enqueueEmail('permanent:smtp');
    await enqueue(db.sql, {
      idempotencyKey: 'permanent:payload',
      channel: 'email',
      kind: 'customer-email',
      recipient: 'x@example.com',
      payload: { subject: 'no recipient' },
      companyId: null,
      availableAt: clock.now(),
    });
    sink.rejectNext(1, 550);
    expect(await deliverEmailOutbox(deps())).toMatchObject({ sent: 0, failed: 2 });
    const rows = await outboxByPrefix(db.sql, 'permanent:');
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed']);
  });

  it('after a crash mid-send, resends over SMTP with the same Message-ID', async () => {
    await enqueueEmail('crash:smtp');
    // a deliverer that dies after the server accepted the message, before marking it sent
    const dying: Mailer = { ...smtp, send: (m) => smtp.send(m).then(() => new Promise(() => {})) };
    void deliverEmailOutbox(deps(dying));
    await expect.poll(() => sink.received.length).toBe(1);
    expect((await outboxByPrefix(db.sql, 'crash:smtp'))[0]?.status).toBe('sending');
    expect((await deliverEmailOutbox(deps())).resent).toBe(0); // the lease still holds
    advance(LEASE_MS);
    expect((await deliverEmailOutbox(deps())).resent).toBe(1);
    expect(sink.received).toHaveLength(2);
    const [first, second] = sink.received;
    expect(second?.messageId).toBe(first?.messageId);
    expect(first?.messageId).toBe(messageIdFor('crash:smtp', FROM));
    expect((await outboxByPrefix(db.sql, 'crash:smtp'))[0]?.status).toBe('sent');
  });

  it('after a crash with the file transport, the written file proves the send', async () => {
    const outboxDir = path.join(dir, 'eml');
    const files = createMailer({ smtpUrl: undefined, emailFrom: FROM, outboxDir });
    await enqueueEmail('crash:file');
    const dying: Mailer = {
      ...files,
      send: (m) => files.send(m).then(() => new Promise(() => {})),
    };
    void deliverEmailOutbox(deps(dying));
    await expect.poll(async () => (await readdir(outboxDir).catch(() => [])).length).toBe(1);
    advance(LEASE_MS);
    expect((await deliverEmailOutbox(deps(files))).resent).toBe(1);
    expect(await readdir(outboxDir)).toHaveLength(1);
    expect((await outboxByPrefix(db.sql, 'crash:file'))[0]?.status).toBe('sent');
  });
});

describe('reply addresses (PRODUCT.md §12)', () => {
  const replyAs = { csmId: 7, items: [{ executionId: 1, stepIndex: 0 }] };
  const key = Buffer.alloc(32, 3);
  const reply = { domain: 'reply.renubu.example', secret: async () => key };

  it('an email to a CSM gets a signed Reply-To when the reply domain is set, none otherwise', async () => {
    await enqueueEmail('reply:on', { replyAs });
    await deliverEmailOutbox({ ...deps(), reply });
    await enqueueEmail('reply:off', { replyAs });
    await enqueueEmail('reply:customer');
    await deliverEmailOutbox({ ...deps(), reply: undefined });
    await deliverEmailOutbox({ ...deps(), reply }); // nothing left; a customer's email has no replyAs
    const [on, off] = sink.received;
    const [row] = await db.sql<{ id: number }[]>`
      select id from outbox where idempotency_key = 'reply:on'`;
    const address = on?.replyTo?.value[0]?.address ?? '';
    const token = tokenOfAddress(address, 'reply.renubu.example');
    expect(verifyReplyToken(key, token ?? '', clock.now())).toMatchObject({
      ok: true,
      claims: { csmId: 7, outboxId: row!.id },
    });
    expect(on?.text).toContain('You can also reply to this email');
    expect(off?.replyTo).toBeUndefined();
    expect(off?.text).not.toContain('reply to this email');
    expect(
      sink.received.find((m) => m.subject === 'About reply:customer')?.replyTo,
    ).toBeUndefined();
    // what a reply may act on stays in the outbox, never in the email
    expect(sink.raw.at(-1)?.toString()).not.toContain('executionId');
  });

  it('a confirmation answers in the reply’s thread: In-Reply-To and References', async () => {
    await enqueueEmail('reply:answer', {
      inReplyTo: '<r1@phone.example>',
      references: ['<digest@renubu.example>', '<r1@phone.example>'],
    });
    await deliverEmailOutbox(deps());
    const [answer] = sink.received;
    expect(answer?.inReplyTo).toBe('<r1@phone.example>');
    expect(answer?.references).toEqual(['<digest@renubu.example>', '<r1@phone.example>']);
    expect(answer?.headers.get('auto-submitted')).toBe('auto-replied');
  });
});
