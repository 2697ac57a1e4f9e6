/**
 * The other ways a reply comes in, all to the one handler: `renubu email-in` (a mail server's
 * pipe), `POST /email/inbound` (an inbound-mail service, signed like /events), and the SMTP
 * listener's limits (size, connections per address).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOpener } from '../../src/cli/context.ts';
import { emailIn } from '../../src/cli/email-in.ts';
import { runCli } from '../../src/cli/index.ts';
import { fixedClock } from '../../src/clock.ts';
import { loadSettings } from '../../src/config.ts';
import { replySecret } from '../../src/db/email-replies.ts';
import { replyAddress, signReplyToken } from '../../src/domain/reply-token.ts';
import { createEmailInboundHandler } from '../../src/email/inbound/http.ts';
import { startReplyListener } from '../../src/email/inbound/smtp-listener.ts';
import { signEvent } from '../../src/events/signature.ts';
import { createLogger } from '../../src/logger.ts';
import { replyInSandbox } from '../../src/sandbox/email-reply.ts';
import { captureOutput } from '../helpers/output.ts';
import {
  emailActions,
  itemSteps,
  NOW,
  REPLY_DOMAIN,
  type ReplyWorld,
  rawReply,
  received,
  replyToOf,
  sendReply,
  startReplyWorld,
  WEBHOOK_SECRET,
} from './reply-world.ts';

let world: ReplyWorld;
let replyTo: string;
beforeAll(async () => {
  world = await startReplyWorld();
  replyTo = replyToOf(world.digest);
}, 60_000);
afterAll(() => world?.stop());

function commandContext() {
  const settings = loadSettings(world.env, '/tmp');
  const out = captureOutput();
  const err = captureOutput();
  const ctx = {
    settings,
    out,
    err,
    clock: fixedClock(NOW),
    openDatabase: databaseOpener(settings, err),
  };
  return { ctx, out, err };
}

describe('renubu email-in', () => {
  it('acts on one message read as the pipe gives it', async () => {
    const { ctx, out } = commandContext();
    const raw = await rawReply({
      to: replyTo,
      messageId: '<pipe-1@acme.test>',
      text: '1 skip: customer churned',
    });
    // a pipe with Postfix's F flag puts an mbox "From " line first
    const piped = Buffer.concat([
      Buffer.from('From ana@acme.test Wed Nov 25 17:00:00 2026\n'),
      raw,
    ]);
    expect(await emailIn(ctx, piped)).toBe(0);
    expect(out.text()).toContain('acted: 1 done, 0 not done');
    const [one] = await itemSteps(world);
    expect(one!.status).toBe('skipped');
    expect(await emailActions(world)).toContainEqual({
      execution_id: world.executions[0],
      action_type: 'skip',
    });
    // the same message again: handled before, exit 0, nothing more
    expect(await emailIn(ctx, raw)).toBe(0);
    expect(out.text()).toContain('duplicate');
  });

  it('a forged address is dropped on purpose: exit 0, nothing changed', async () => {
    const { ctx, out } = commandContext();
    const before = await itemSteps(world);
    const forged = replyTo.replace(/\.[A-Za-z0-9_-]{22}@/, '.AAAAAAAAAAAAAAAAAAAAAA@');
    const raw = await rawReply({ to: forged, messageId: '<pipe-2@acme.test>', text: '2 done' });
    expect(await emailIn(ctx, raw)).toBe(0);
    expect(out.text()).toContain('dropped: forged reply token');
    expect(await itemSteps(world)).toEqual(before);
  });

  it('a bounce (empty Return-Path) is never acted on nor answered', async () => {
    const { ctx, out } = commandContext();
    const before = await itemSteps(world);
    const raw = await rawReply({
      to: replyTo,
      messageId: '<bounce-1@mx.acme.test>',
      text: '3 done',
    });
    const bounce = Buffer.concat([Buffer.from('Return-Path: <>\r\n'), raw]);
    expect(await emailIn(ctx, bounce)).toBe(0);
    expect(out.text()).toContain('dropped: a machine’s mail, never answered: empty Return-Path');
    expect(await itemSteps(world)).toEqual(before);
  });

  it('a token we signed for an email no longer there is dropped as unknown', async () => {
    const { ctx, out } = commandContext();
    const secret = await replySecret(world.db.sql, NOW);
    const token = signReplyToken(secret, { csmId: world.anaId, outboxId: 987_654, sentAt: NOW });
    const raw = await rawReply({
      to: replyAddress(token, REPLY_DOMAIN),
      messageId: '<pipe-3@acme.test>',
      text: '1 done',
    });
    expect(await emailIn(ctx, raw)).toBe(0);
    expect(out.text()).toContain('dropped: the token names a CSM or email that is not there');
  });

  it('a reply to an email about one step (a wake-up’s) acts on that step', async () => {
    const { ctx, out } = commandContext();
    const executionId = world.executions[2]!;
    const [row] = await world.db.sql<{ id: number }[]>`
      insert into outbox (company_id, idempotency_key, channel, kind, recipient, payload, available_at)
      values (1, 'wake-email:test', 'email', 'step_wake_email', 'ANA@acme.test',
              ${world.db.sql.json({
                to: 'ANA@acme.test',
                subject: 'Renubu: a step woke up',
                text: 'Step 1 is back.',
                replyAs: { csmId: world.anaId, step: { executionId, stepIndex: 0 } },
              })}, ${NOW})
      returning id`;
    const secret = await replySecret(world.db.sql, NOW);
    const token = signReplyToken(secret, { csmId: world.anaId, outboxId: row!.id, sentAt: NOW });
    const raw = await rawReply({
      to: replyAddress(token, REPLY_DOMAIN),
      messageId: '<pipe-4@acme.test>',
      text: 'escalate: legal is stuck',
    });
    expect(await emailIn(ctx, raw)).toBe(0);
    expect(out.text()).toContain('acted: 1 done, 0 not done');
    const [step] = await world.db.sql`
      select status, reason from workflow_step_states
       where execution_id = ${executionId} and step_index = 0`;
    expect(step).toEqual({ status: 'escalated', reason: 'legal is stuck' });
  });

  it('the real command: input that is no email is one clear line and exit 1', async () => {
    const child = spawn(process.execPath, ['bin/renubu.mjs', 'email-in'], {
      env: { ...process.env, ...world.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdin.end('this is not an email\n');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'renubu email-in: stdin is not an email: expected an email message (RFC 5322 headers, a blank line, a body).',
    ]);
  }, 30_000);

  it('takes no arguments, and says so', async () => {
    const err = captureOutput();
    const code = await runCli(['email-in', 'message.eml'], {
      env: world.env,
      cwd: '/tmp',
      out: captureOutput(),
      err,
    });
    expect(code).toBe(2);
    expect(err.text()).toContain('renubu email-in takes no arguments: pipe the message into it.');
  });
});

describe('POST /email/inbound', () => {
  const url = () => `http://127.0.0.1:${world.serving.port}/email/inbound`;
  const post = (body: Buffer, headers: Record<string, string> = {}) =>
    fetch(url(), {
      method: 'POST',
      body,
      headers: { 'content-type': 'message/rfc822', ...headers },
    });

  it('signed like /events: the reply acts and the answer goes out', async () => {
    const raw = await rawReply({
      to: replyTo,
      messageId: '<post-1@acme.test>',
      text: '2 snooze 2d waiting for legal',
    });
    const response = await post(
      raw,
      signEvent(WEBHOOK_SECRET, raw, Math.floor(NOW.getTime() / 1000)),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'acted', done: 1, notDone: 0 });
    const [, two] = await itemSteps(world);
    expect(two!.snoozed_until!.toISOString().slice(0, 10)).toBe('2026-11-27');
    const answer = await received(world.sink, (m) => m.inReplyTo === '<post-1@acme.test>');
    expect(answer.text).toContain('waiting for legal');
  });

  it('unsigned or wrongly signed: 401, nothing changed', async () => {
    const before = await itemSteps(world);
    const raw = await rawReply({ to: replyTo, messageId: '<post-2@acme.test>', text: '3 undo' });
    const unsigned = await post(raw);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ error: 'missing_headers' });
    const wrong = await post(
      raw,
      signEvent('another-secret-entirely', raw, Math.floor(NOW.getTime() / 1000)),
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'bad_signature' });
    expect(await itemSteps(world)).toEqual(before);
  });

  it('off without EVENTS_WEBHOOK_SECRET: 404', async () => {
    const handler = createEmailInboundHandler({
      sql: world.db.sql,
      clock: fixedClock(NOW),
      logger: createLogger('silent'),
      domain: REPLY_DOMAIN,
      secret: undefined,
    });
    const server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/email/inbound`, {
        method: 'POST',
        body: 'x',
      });
      expect(response.status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the SMTP listener’s limits', () => {
  it('refuses a message over the size limit with 552', async () => {
    const error = await sendReply(world, {
      to: replyTo,
      messageId: '<big@acme.test>',
      text: `1 done\n${'x'.repeat(1100 * 1024)}`,
    }).catch((e: { responseCode?: number }) => e);
    expect((error as { responseCode?: number }).responseCode).toBe(552);
  });

  it('refuses more connections a minute from one address than allowed, with 421', async () => {
    const listener = await startReplyListener({
      sql: world.db.sql,
      clock: fixedClock(NOW),
      logger: createLogger('silent'),
      domain: REPLY_DOMAIN,
      port: 0,
      host: '127.0.0.1',
      limits: { perMinute: 1 },
    });
    try {
      const to = { ...world, serving: { ...world.serving, smtpInboundPort: listener.port } };
      await sendReply(to, { to: replyTo, messageId: '<rate-1@acme.test>', text: 'help' });
      const error = await sendReply(to, {
        to: replyTo,
        messageId: '<rate-2@acme.test>',
        text: 'help',
      }).catch((e: { responseCode?: number }) => e);
      expect((error as { responseCode?: number }).responseCode).toBe(421);
    } finally {
      await listener.close();
    }
  });
});

describe('the sandbox Outbox’s Reply box', () => {
  const deps = () => ({
    sql: world.db.sql,
    clock: fixedClock(NOW),
    logger: createLogger('silent'),
    domain: REPLY_DOMAIN,
    from: world.env.EMAIL_FROM!,
  });

  it('replies to the digest through the same handler, threaded under it', async () => {
    const [digest] = await world.db.sql<
      { id: number }[]
    >`select id from outbox where kind = 'digest'`;
    expect(await replyInSandbox(deps(), digest!.id, '3 snooze 1d')).toEqual({
      ok: true,
      status: 200,
    });
    const [, , three] = await itemSteps(world);
    expect(three!.snoozed_until!.toISOString().slice(0, 10)).toBe('2026-11-26');
    const [answer] = await world.db.sql<{ payload: { references: string[] } }[]>`
      select payload from outbox where kind = 'email_reply_answer' order by id desc limit 1`;
    // the sandbox's reply named the digest's Message-ID as the one it answers
    expect(answer!.payload.references[0]).toBe(world.digest.messageId);
  });

  it('an email not sent to a CSM takes no reply, and says so', async () => {
    const [row] = await world.db.sql<{ id: number }[]>`
      insert into outbox (company_id, idempotency_key, channel, kind, recipient, payload, available_at)
      values (1, 'customer-email:x', 'email', 'customer-email', 'cfo@globex.test',
              ${world.db.sql.json({ to: 'cfo@globex.test', subject: 'Quote', text: 'Hi' })}, ${NOW})
      returning id`;
    expect(await replyInSandbox(deps(), row!.id, 'done')).toEqual({
      ok: false,
      error: `Email ${row!.id} was not sent to a CSM, so it takes no reply.`,
    });
  });
});
