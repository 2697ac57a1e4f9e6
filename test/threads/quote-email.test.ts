/**
 * Issue 5 (items 5-6): Obsidian Black's strategic planning over real Bolt HTTP with a fake
 * Slack, a real SMTP server on loopback and the demo portfolio: the quote builder (a bad
 * quantity named on its block, then one PDF in the thread even when submitted twice), the
 * email composer and its confirm (one outbox row, one email with the PDF even when confirmed
 * twice), then Mark Complete and what the database holds.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { outboxByPrefix } from '../../src/db/outbox.ts';
import { deliverEmailOutbox } from '../../src/email/outbox-email.ts';
import { createMailer } from '../../src/email/transport.ts';
import { createLogger } from '../../src/logger.ts';
import type { Json } from '../../src/sandbox/slack/block-checks.ts';
import { type SmtpSink, startSmtpSink } from '../email/smtp-sink.ts';
import {
  click,
  initialValues,
  isPdfUpload,
  JUSTIN,
  NOON,
  pdfUploads,
  startThreadWorld,
  threadOf,
  walkToQuote,
} from './world.ts';

// serve's own email loop talks to the same SMTP sink, so whichever deliverer claims the row
// first, the one email reaches the sink (never a .eml file outside the test)
const smtp = vi.hoisted(() => ({ url: '' }));
vi.mock('../slack/world.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../slack/world.ts')>();
  return {
    ...real,
    worldSettings: (url: string, fake: never, extra: Record<string, string> = {}) =>
      real.worldSettings(url, fake, { SMTP_URL: smtp.url, ...extra }),
  };
});

let world: Awaited<ReturnType<typeof startThreadWorld>>;
let sink: SmtpSink;
let executionId: number;
const acks: number[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  smtp.url = sink.url;
  world = await startThreadWorld();
}, 120_000);
afterAll(async () => {
  await world?.stop();
  await sink?.close();
});

const acked = <T extends { status: number; ms: number }>(reply: T) => {
  expect(reply.status).toBe(200);
  acks.push(reply.ms);
  return reply;
};

const topModal = () => world.fake.modalsOf(JUSTIN.id).at(-1)!;
/** The thread reply that carries `actionId` (the uploaded file is a reply of its own). */
async function replyWith(actionId: string) {
  await vi.waitFor(() => {
    if (
      !threadOf(world.fake).replies.some((r) => JSON.stringify(r.blocks ?? []).includes(actionId))
    )
      throw new Error(`no reply with ${actionId}`);
  }, 8000);
  return threadOf(world.fake).replies.find((r) =>
    JSON.stringify(r.blocks ?? []).includes(actionId),
  )!;
}

describe('the quote and the customer email in the thread', () => {
  it('walks from Let begin to the quote step with the recommended price', async () => {
    executionId = await walkToQuote(world, acked);
    const reply = threadOf(world.fake).replies[3]!;
    expect(JSON.stringify(reply.blocks)).toContain('prepare-quote.build');
  });

  it('refuses a quantity of 0 on its block, then uploads one PDF into the thread on a double submit', async () => {
    const { fake, slack, db } = world;
    acked(await click(slack, threadOf(fake).replies[3]!, 'prepare-quote.build'));
    await fake.waitForCall(
      'views.open',
      (c) => c.response.ok === true && JSON.stringify(c.args).includes('prepare-quote.submit'),
    );
    const modal = topModal();
    const [ctx] = await db.sql`select context->'decided' as decided from workflow_executions`;
    const annual = Math.round(ctx!.decided.newArr * 100) / 100;
    expect(initialValues(modal)['prepare-quote.line1-price']).toEqual({
      'prepare-quote.write_line1-price': String(annual),
    });
    const bad = await slack.viewSubmission(
      JUSTIN.id,
      modal,
      initialValues(modal, { 'prepare-quote.line1-quantity': '0' }),
    );
    expect(bad.body).toMatchObject({
      response_action: 'errors',
      errors: { 'prepare-quote.line1-quantity': expect.any(String) },
    });
    // every bound, in words under its own input
    const refusals: [Record<string, string>, string, RegExp][] = [
      [{ 'prepare-quote.line1-quantity': '1.5' }, 'line1-quantity', /whole quantity/],
      [{ 'prepare-quote.line1-quantity': '100001' }, 'line1-quantity', /at most 100,000/],
      [{ 'prepare-quote.line1-price': '1e12' }, 'line1-price', /below \$10,000,000/],
      [{ 'prepare-quote.line1-price': '0' }, 'line1-price', /more than \$0/],
      [{ 'prepare-quote.term': '1000' }, 'term', /whole months from 1 to 60/],
      [{ 'prepare-quote.term': '0' }, 'term', /whole months from 1 to 60/],
      [
        { 'prepare-quote.term': '24', 'prepare-quote.billing': 'Monthly' },
        'billing',
        /24 payments; .*at most 12/,
      ],
    ];
    for (const [changes, block, words] of refusals) {
      const refused = await slack.viewSubmission(JUSTIN.id, modal, initialValues(modal, changes));
      const errors = (refused.body as { errors: Record<string, string> }).errors;
      expect(Object.keys(errors)).toEqual([`prepare-quote.${block}`]);
      expect(errors[`prepare-quote.${block}`]).toMatch(words);
    }
    const good = initialValues(modal);
    const twice = await Promise.all([
      slack.viewSubmission(JUSTIN.id, modal, good),
      slack.viewSubmission(JUSTIN.id, modal, good),
    ]);
    for (const r of twice) expect(acked(r).body).toBeUndefined();
    const upload = await fake.waitForCall(
      'files.completeUploadExternal',
      (c) => c.response.ok === true && isPdfUpload(c),
      8000,
    );
    const parent = threadOf(fake).parent!;
    expect(upload.args).toMatchObject({ channel_id: parent.channel, thread_ts: parent.ts });
    const fileId = String((upload.response.files as Json[])[0]!.id);
    const pdf = await getDocumentProxy(new Uint8Array(fake.fileBytes(fileId)!));
    const text = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, ' ');
    expect(text).toContain('Obsidian Black');
    expect(text).toContain('platform subscription');
    const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(
      annual,
    );
    expect(text).toContain(`${money} USD`);
    expect(
      threadOf(fake).files.filter((r) => String(r.files?.[0]?.name).endsWith('.pdf')),
    ).toHaveLength(1);
    await replyWith('email-draft.compose');
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for a wrong second upload
    expect(pdfUploads(fake)).toHaveLength(1);
    const [stored] = await db.sql`select context->'quote' as quote from workflow_executions`;
    expect(stored!.quote).toMatchObject({ status: 'uploaded', fileId, quote: { total: annual } });
  });

  it('rebuilds the quote after the step moved on, asking first about a price far from the ARR', async () => {
    const { fake, slack, db } = world;
    const [before] = await db.sql`select context from workflow_executions`;
    const annual = before!.context.quote.quote.total as number;
    const uploads = () => pdfUploads(fake).length;
    const rebuild = async (price: string, confirmFirst: boolean) => {
      const opened = fake.callsTo('views.open').length;
      acked(await click(slack, threadOf(fake).replies[3]!, 'prepare-quote.build'));
      await vi.waitFor(() => expect(fake.callsTo('views.open').length).toBe(opened + 1));
      const modal = topModal();
      expect(JSON.stringify(modal.title)).toContain('Rebuild the quote');
      const values = initialValues(modal, { 'prepare-quote.line1-price': price });
      const count = uploads();
      if (confirmFirst) {
        const asked = acked(await slack.viewSubmission(JUSTIN.id, modal, values));
        expect(asked.body).toMatchObject({
          response_action: 'errors',
          errors: {
            'prepare-quote.line1-price': expect.stringMatching(
              /\$1,000 a year, 99% below today's ARR of .*press Build PDF again/,
            ),
          },
        });
        expect(uploads()).toBe(count);
      }
      expect(acked(await slack.viewSubmission(JUSTIN.id, modal, values)).body).toBeUndefined();
      await vi.waitFor(() => expect(uploads()).toBe(count + 1), 8000);
      await vi.waitFor(async () => {
        const [row] =
          await db.sql`select context->'quote'->>'status' as status from workflow_executions`;
        expect(row!.status).toBe('uploaded');
      });
    };
    await rebuild('1000', true); // the wrong price, confirmed on the second submit
    await rebuild(String(annual + 1000), false); // corrected: within the ARR share, no question
    await vi.waitFor(async () => {
      const [row] = await db.sql`select context from workflow_executions`;
      expect(row!.context.quote).toMatchObject({
        status: 'uploaded',
        revision: 3,
        quote: { total: annual + 1000, quoteNumber: expect.stringMatching(/-r3$/) },
      });
    });
    // one price: the corrected quote is the decided price, and the email draft says it
    const [priced] = await db.sql`select context from workflow_executions`;
    const months = priced!.context.quote.quote.terms.termMonths as number;
    const yearly = Math.round(((annual + 1000) * 12) / months);
    expect(priced!.context.decided.newArr).toBe(yearly);
    const email = JSON.stringify(priced!.context.steps[4].artifacts);
    expect(email).toContain(`$${yearly.toLocaleString('en-US')}`);
    const notes = threadOf(fake).replies.filter((r) => /supersede/.test(r.text ?? ''));
    await vi.waitFor(() =>
      expect(threadOf(fake).replies.filter((r) => /supersede/.test(r.text ?? ''))).toHaveLength(2),
    );
    expect(notes.length).toBeLessThanOrEqual(2);
    // the thread is still on the email step: the rebuilds moved nothing
    const [execution] = await db.sql`select current_step from workflow_executions`;
    expect(execution!.current_step).toBe(4);
  });

  it('composes, confirms (twice) and sends one email with the quote attached', async () => {
    const { fake, slack, db } = world;
    acked(await click(slack, await replyWith('email-draft.compose'), 'email-draft.compose'));
    await fake.waitForCall(
      'views.open',
      (c) => c.response.ok === true && JSON.stringify(c.args).includes('email-draft.submit'),
    );
    const composer = topModal();
    const values = initialValues(composer);
    expect(values['email-draft.to']!['email-draft.write_to']).toMatch(/marcus/i);
    expect(values['email-draft.attach']!['email-draft.write_attach']).toEqual(['attach']);
    const next = acked(await slack.viewSubmission(JUSTIN.id, composer, values));
    expect(next.body).toMatchObject({ response_action: 'push' });
    const confirm = topModal();
    expect(JSON.stringify(confirm.blocks)).toMatch(
      /Send this email to Marcus Chen &lt;marcus.*&gt;\?/i,
    );
    expect(await outboxByPrefix(db.sql, 'email:')).toHaveLength(0); // nothing before the confirm
    const twice = await Promise.all([
      slack.viewSubmission(JUSTIN.id, confirm),
      slack.viewSubmission(JUSTIN.id, confirm),
    ]);
    twice.forEach(acked);
    await vi.waitFor(async () => expect(await outboxByPrefix(db.sql, 'email:')).toHaveLength(1));
    const mailer = createMailer({
      smtpUrl: sink.url,
      emailFrom: 'renubu@renubu.example',
      outboxDir: '/tmp',
    });
    const logger = createLogger('silent');
    await deliverEmailOutbox({
      sql: db.sql,
      mailer,
      clock: fixedClock(NOON),
      logger,
      from: 'renubu@renubu.example',
    });
    mailer.close();
    await vi.waitFor(() => expect(sink.received).toHaveLength(1), 8000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0]!;
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toMatch(/marcus/i);
    expect(mail.text).toContain('Hi Marcus');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ contentType: 'application/pdf' });
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    // the newest quote is the one attached
    const [row] = await db.sql`select context->'quote'->'quote' as quote from workflow_executions`;
    expect(mail.attachments[0]!.filename).toBe(`${row!.quote.quoteNumber}.pdf`);
    const attached = await getDocumentProxy(new Uint8Array(mail.attachments[0]!.content));
    const words = (await extractText(attached, { mergePages: true })).text.replace(/\s+/g, ' ');
    const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
    expect(words).toContain(`${usd.format(row!.quote.total)} USD`);
    // and once the email is out, the quote can no longer be rebuilt
    acked(await click(slack, threadOf(fake).replies[3]!, 'prepare-quote.build'));
    await vi.waitFor(() =>
      expect(
        fake
          .ephemeralsFor(JUSTIN.id)
          .map((e) => e.text)
          .join('\n'),
      ).toMatch(/email with this quote has gone out/),
    );
    const events = await db.sql`select type, source, data from events where type like 'email.%'`;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'email.sent',
      source: 'slack',
      data: { subject: mail.subject },
    });
    expect(JSON.stringify(events[0]!.data)).not.toContain('Hi Marcus');
  });

  it('completes the workflow; the database holds the trail, tasks, renewal and timeline', async () => {
    const { fake, slack, db } = world;
    acked(await click(slack, await replyWith('summary.complete'), 'summary.complete'));
    await vi.waitFor(
      () => expect(threadOf(fake).replies.some((r) => /^🎉/.test(r.text ?? ''))).toBe(true),
      8000,
    );
    const [execution] =
      await db.sql`select status, completion_percentage, context from workflow_executions`;
    expect(execution).toMatchObject({ status: 'completed', completion_percentage: 100 });
    const states = await db.sql`select status from workflow_step_states order by step_index`;
    expect(states.map((s) => s.status)).toEqual(Array(6).fill('completed'));
    const actions =
      await db.sql`select action_type, step_index, metadata, source from workflow_step_actions
                    order by id`;
    expect(actions.map((a) => `${a.action_type}:${a.step_index}`)).toEqual([
      'start:0',
      ...[0, 1, 2, 3, 4, 5].map((i) => `complete:${i}`),
    ]);
    expect(actions[4]!.metadata.quote).toMatchObject({ fileId: expect.any(String) });
    expect(actions[5]!.metadata.email).toMatchObject({ attached: true });
    // the quote builder's and the email composer's steps complete from their modals
    expect(actions.map((a) => a.source)).toEqual([
      'button',
      'button',
      'button',
      'button',
      'modal',
      'modal',
      'button',
    ]);
    const tasks = await db.sql`select id from tasks where workflow_execution_id = ${executionId}`;
    expect(tasks.length).toBeGreaterThan(0);
    const [renewal] = await db.sql`
      select r.proposed_arr::float as proposed from renewals r join customers c on c.id = r.customer_id
       where c.external_id = 'obsidian-black' and r.status = 'in_progress'`;
    expect(renewal!.proposed).toBe(execution!.context.decided.newArr);
    expect(pdfUploads(fake)).toHaveLength(3); // the first and 2 rebuilds
    expect(sink.received).toHaveLength(1);
    expect(Math.max(...acks)).toBeLessThan(3000);
  });
});
