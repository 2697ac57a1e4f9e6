/**
 * Issue 14 (item 2): the quote PDF goes through the outbox like every message. Submitting the
 * builder reserves the build and enqueues its upload in one transaction; the deliverer
 * uploads it into the thread (files.uploadV2) and records it once, also when several
 * deliverers run at the same time, and after a crash between the upload and its record (the
 * row left `sending`) it finds the file in the thread instead of uploading it again.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type QuoteContext,
  quoteFromForm,
  reserveQuote,
} from '../../src/workflows/executions-quote.ts';
import {
  click,
  DAY,
  initialValues,
  JUSTIN,
  NOON,
  otherDeliverer,
  pdfUploads,
  startThreadWorld,
  threadOf,
  walkToQuote,
} from './world.ts';

let world: Awaited<ReturnType<typeof startThreadWorld>>;
let executionId: number;
const QUOTE_STEP = 3;

beforeAll(async () => {
  // serve's deliverer wakes only when a listener nudges it: the deliverers below are the tests'
  world = await startThreadWorld({ outboxIntervalMs: 3_600_000, clockTimestamps: true });
  executionId = await walkToQuote(world);
}, 120_000);
afterAll(async () => {
  await world?.stop();
});

const deliverer = (now = NOON, attemptTimeoutMs?: number) =>
  otherDeliverer(world, now, attemptTimeoutMs);

const uploads = () => pdfUploads(world.fake);
const fileReplies = () =>
  threadOf(world.fake).files.filter((r) => String(r.files?.[0]?.name).endsWith('.pdf'));

async function storedQuote() {
  const [row] = await world.db.sql<{ context: QuoteContext }[]>`
    select context from workflow_executions where id = ${executionId}`;
  return row!.context.quote;
}

async function fileRow(revision: number) {
  const [row] = await world.db.sql<{ status: string; external_ref: string | null }[]>`
    select status, external_ref from outbox
     where idempotency_key = ${`thread:${executionId}:file:quote:${executionId}:${QUOTE_STEP}:r${revision}`}`;
  return row;
}

/** A rebuild reserved by the service (no listener: nothing nudges serve's deliverer). */
async function reserveRebuild(revision: number) {
  const last = (await storedQuote())!;
  const [csm] = await world.db.sql<{ id: number; name: string; email: string }[]>`
    select id::int, name, email from csms where slack_user_id = ${JUSTIN.id}`;
  const who = {
    executionId,
    stepIndex: QUOTE_STEP,
    revision,
    customerName: last.quote.customer.name,
    today: DAY,
  };
  const built = quoteFromForm(last.form!, who, csm!);
  if (!built.ok) throw new Error(JSON.stringify(built.errors));
  const ref = {
    ...who,
    csmId: csm!.id,
    slackUserId: JUSTIN.id,
    now: NOON,
    source: 'modal' as const,
  };
  expect(await reserveQuote(world.db.sql, ref, built.quote, last.form!)).toEqual({
    kind: 'reserved',
  });
}

describe('the quote PDF through the outbox', () => {
  it('is uploaded once when three deliverers run at the same time', async () => {
    const { fake, slack } = world;
    await click(slack, threadOf(fake).replies[QUOTE_STEP]!, 'prepare-quote.build');
    await fake.waitForCall('views.open', (c) =>
      JSON.stringify(c.args).includes('prepare-quote.submit'),
    );
    const modal = fake.modalsOf(JUSTIN.id).at(-1)!;
    // the listener reserves the build with its upload and nudges serve's deliverer; two more
    // processes deliver at the same moment
    const submitted = await slack.viewSubmission(JUSTIN.id, modal, initialValues(modal));
    expect(submitted.body).toBeUndefined();
    await vi.waitFor(async () => {
      await Promise.all([deliverer(), deliverer()]);
      expect((await storedQuote())?.status).toBe('uploaded');
    }, 8000);
    expect(uploads()).toHaveLength(1);
    expect(fileReplies()).toHaveLength(1);
    const fileId = String((uploads()[0]!.response.files as { id: string }[])[0]!.id);
    expect(await fileRow(1)).toEqual({ status: 'sent', external_ref: fileId });
    expect(await storedQuote()).toMatchObject({ status: 'uploaded', fileId, revision: 1 });
    // run again: nothing left to upload
    await Promise.all([deliverer(), deliverer()]);
    expect(uploads()).toHaveLength(1);
  });

  it('after a crash between the upload and its record, finds the file in the thread', async () => {
    const { fake } = world;
    await reserveRebuild(2);
    // Slack shares the file, then never answers: the attempt ends unsure, the row `sending`
    fake.hang('files.completeUploadExternal', { processed: true });
    expect(await deliverer(NOON, 300)).toMatchObject({ sent: 0, retrying: 1 });
    fake.hang('files.completeUploadExternal', null);
    expect(await fileRow(2)).toMatchObject({ status: 'sending' });
    expect(fileReplies()).toHaveLength(2);
    expect((await storedQuote())?.status).toBe('reserved');
    // the next process, once the lease ran out: looks in the thread, uploads nothing
    const later = new Date(NOON.getTime() + 5 * 60_000);
    expect(await deliverer(later)).toMatchObject({ found: 1 });
    expect(uploads()).toHaveLength(2); // the first build's and the one that went silent
    expect(fake.callsTo('conversations.replies').length).toBeGreaterThan(0);
    const fileId = fileReplies()[1]!.files![0]!.id as string;
    expect(await fileRow(2)).toEqual({ status: 'sent', external_ref: fileId });
    expect(await storedQuote()).toMatchObject({ status: 'uploaded', fileId, revision: 2 });
    // and the rebuild says so in the thread, once
    await deliverer(later);
    const notes = threadOf(fake).replies.filter((r) => /supersede/.test(r.text ?? ''));
    expect(notes).toHaveLength(1);
    expect(fileReplies()).toHaveLength(2);
  });

  it('puts the last quote back and says so in the thread when Slack refuses the upload', async () => {
    const { fake } = world;
    await reserveRebuild(3);
    fake.failNext('files.completeUploadExternal', { error: 'not_in_channel' });
    const later = new Date(NOON.getTime() + 10 * 60_000);
    expect(await deliverer(later)).toMatchObject({ failed: 1 });
    expect(await fileRow(3)).toMatchObject({ status: 'failed' });
    expect(await storedQuote()).toMatchObject({ status: 'uploaded', revision: 2 });
    const notes = threadOf(fake).replies.filter((r) => /could not be uploaded/.test(r.text ?? ''));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).toMatch(/-r3 could not be uploaded; please build it again/);
    expect(fileReplies()).toHaveLength(2);
  });
});
