/**
 * Email replies end to end: the Slack world's company (test/slack/world.ts) with Ana's three
 * workflows, each snoozed on its first step until a time tomorrow (in her New York day), and
 * `renubu serve` with Slack off, emails going to a real SMTP sink, replies accepted by its own
 * SMTP listener and POST /email/inbound. The digest of those three steps is sent at start.
 */
import type { ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { expect, vi } from 'vitest';
import { databaseOpener } from '../../src/cli/context.ts';
import { runCli } from '../../src/cli/index.ts';
import { type Serving, serve } from '../../src/cli/serve.ts';
import { fixedClock } from '../../src/clock.ts';
import { loadSettings } from '../../src/config.ts';
import { enqueueDigests } from '../../src/email/digest-queue.ts';
import { attachThread, launchExecution } from '../../src/workflows/executions.ts';
import { runStepAction } from '../../src/workflows/step-service.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';
import { seedWorld } from '../slack/world.ts';
import { type SmtpSink, startSmtpSink } from './smtp-sink.ts';

export const REPLY_DOMAIN = 'reply.renubu.test';
export const WEBHOOK_SECRET = 'email-inbound-test-secret';
/** Noon in New York on 25 Nov 2026: the digest lists steps due on the 26th. */
export const NOW = new Date('2026-11-25T17:00:00Z');
export const DUE = ['2026-11-26T14:00:00Z', '2026-11-26T15:00:00Z', '2026-11-26T16:00:00Z'];
const DAY = '2026-11-25';

export interface ReplyWorld {
  db: TestDatabase;
  sink: SmtpSink;
  serving: Serving;
  clock: ReturnType<typeof fixedClock>;
  anaId: number;
  /** The executions of digest items 1, 2 and 3. */
  executions: number[];
  digest: ParsedMail;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startReplyWorld(): Promise<ReplyWorld> {
  const db = await createTestDatabase();
  const { anaId, benId } = await seedWorld(db.sql);
  // Ana in Slack, so her workflows' threads follow what her replies do; Ben her manager
  await db.sql`update csms set slack_user_id = 'U0ANA', manager_id = ${benId} where id = ${anaId}`;
  const err0 = captureOutput();
  const cli = { env: { DATABASE_URL: db.url }, cwd: '/tmp', out: captureOutput(), err: err0 };
  expect(await runCli(['daily-run', '--as-of', DAY], cli), err0.text()).toBe(0);
  const executions: number[] = [];
  for (const [i, until] of DUE.entries()) {
    const [instance] = await db.sql<{ id: number }[]>`
      insert into workflow_instances
        (company_id, customer_id, csm_id, type, trigger, cycle_key, created_on, updated_on)
      select 1, id, ${anaId}, 'standard-renewal', 'renewal', ${`c${i}`}, ${DAY}, ${DAY}
        from customers where external_id = ${i === 1 ? 'initech' : 'globex'} returning id::int`;
    const launched = await launchExecution(db.sql, {
      instanceId: instance!.id,
      csmId: anaId,
      slackUserId: 'U0ANA',
      asOf: DAY,
      localHour: 9,
      now: NOW,
      source: 'button',
    });
    if (launched.kind !== 'started') throw new Error(JSON.stringify(launched));
    const executionId = launched.executionId;
    const ts = `176400000${i}.000100`;
    await db.sql.begin((tx) => attachThread(tx, { executionId, channel: 'D0ANA', ts }));
    const target = { executionId, stepIndex: 0, actorCsmId: anaId, now: NOW };
    const snoozed = await runStepAction(
      db.sql,
      { ...target, source: 'command' },
      {
        action: 'snooze',
        until: new Date(until),
        event: null,
        reason: `reason ${i + 1}`,
      },
    );
    expect(snoozed.ok).toBe(true);
    executions.push(executionId);
  }
  const sink = await startSmtpSink();
  const env = {
    DATABASE_URL: db.url,
    SMTP_URL: sink.url,
    EMAIL_FROM: 'renubu@renubu.test',
    EMAIL_REPLY_DOMAIN: REPLY_DOMAIN,
    EVENTS_WEBHOOK_SECRET: WEBHOOK_SECRET,
    LOG_LEVEL: 'silent',
  };
  const settings = loadSettings(env, '/tmp');
  const clock = fixedClock(NOW);
  const err = captureOutput();
  const ctx = {
    settings,
    out: captureOutput(),
    err,
    clock,
    openDatabase: databaseOpener(settings, err),
  };
  const serving = await serve(ctx, {
    port: 0,
    host: '127.0.0.1',
    jobs: false,
    outboxIntervalMs: 100,
    smtpInboundPort: 0,
  });
  await enqueueDigests(db.sql, { csmId: anaId, day: '2026-11-25', now: NOW });
  const digest = await received(sink, (m) => m.subject?.startsWith('Renubu: 3 snoozed') ?? false);
  return {
    db,
    sink,
    serving,
    clock,
    anaId,
    executions,
    digest,
    env,
    async stop() {
      await serving.stop();
      await sink.close();
      await db.drop();
    },
  };
}

/** The first email the sink received that matches, waiting for it. */
export async function received(sink: SmtpSink, match: (m: ParsedMail) => boolean) {
  let found: ParsedMail | undefined;
  await vi.waitFor(
    () => {
      found = sink.received.find(match);
      if (!found) throw new Error('not received yet');
    },
    { timeout: 8000, interval: 50 },
  );
  return found!;
}

/** The Reply-To address of an email Renubu sent. */
export function replyToOf(mail: ParsedMail): string {
  const address = mail.replyTo?.value[0]?.address;
  if (!address) throw new Error(`no Reply-To on "${mail.subject}"`);
  return address;
}

export interface Reply {
  to: string;
  messageId: string;
  text?: string;
  html?: string;
  inReplyTo?: string;
  headers?: Record<string, string>;
  from?: string;
  subject?: string;
}

const message = (r: Reply) => ({
  from: r.from ?? 'Ana Ruiz <ana@acme.test>',
  to: r.to,
  subject: r.subject ?? 'Re: Renubu: 3 snoozed steps due tomorrow',
  messageId: r.messageId,
  ...(r.text === undefined ? {} : { text: r.text }),
  ...(r.html === undefined ? {} : { html: r.html }),
  ...(r.inReplyTo ? { inReplyTo: r.inReplyTo, references: [r.inReplyTo] } : {}),
  ...(r.headers ? { headers: r.headers } : {}),
});

/** Send a reply over SMTP to serve's listener, as a phone's mail app would. */
export async function sendReply(world: ReplyWorld, reply: Reply) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: world.serving.smtpInboundPort!,
    secure: false,
    ignoreTLS: true,
  });
  try {
    return await transport.sendMail(message(reply));
  } finally {
    transport.close();
  }
}

/** The raw MIME of a reply (for email-in and POST /email/inbound). */
export function rawReply(reply: Reply): Promise<Buffer> {
  return new MailComposer(message(reply)).compile().build();
}

/** The state of each item's first step. */
export async function itemSteps(world: ReplyWorld) {
  const rows = await world.db.sql<
    { execution_id: number; status: string; snoozed_until: Date | null }[]
  >`
    select execution_id, status, snoozed_until from workflow_step_states
     where execution_id in ${world.db.sql(world.executions)} and step_index = 0`;
  return world.executions.map((id) => rows.find((r) => r.execution_id === id)!);
}

export async function emailActions(world: ReplyWorld) {
  return world.db.sql<{ execution_id: number; action_type: string }[]>`
    select execution_id, action_type from workflow_step_actions where source = 'email' order by id`;
}

/** Confirmations and answers the sink received for the reply with this Message-ID. */
export function answersTo(world: ReplyWorld, messageId: string) {
  return world.sink.received.filter((m) => m.inReplyTo === messageId);
}
