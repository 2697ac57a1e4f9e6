/**
 * The pricing step's Modify modal over real Bolt: it opens right after the ack, a value out
 * of range is refused naming the input block, a good one sets the price and completes the
 * step. And a workflow that cannot be composed is refused with a short ephemeral answer.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatMoney } from '../../src/domain/index.ts';
import { formatDollars } from '../../src/domain/money.ts';
import type { PricingScenario } from '../../src/domain/pricing.ts';
import type { Json } from '../../src/sandbox/slack/block-checks.ts';
import {
  cardView,
  click,
  initialValues,
  isPdfUpload,
  JUSTIN,
  startThreadWorld,
  threadOf,
  tick,
  waitForReplies,
} from './world.ts';

let world: Awaited<ReturnType<typeof startThreadWorld>>;

beforeAll(async () => {
  world = await startThreadWorld();
}, 120_000);
afterAll(() => world?.stop());

describe('the pricing modal', () => {
  it('refuses -40%, sets +10% and moves on to the quote', async () => {
    const { fake, slack, db } = world;
    const instanceId = await world.instanceOf('obsidian-black', 'strategic-planning');
    await slack.blockAction(JUSTIN.id, {
      actionId: 'digest.begin',
      view: cardView('digest.begin', String(instanceId)),
    });
    let reply = await waitForReplies(fake, 1);
    await click(slack, reply, 'intro.next');
    reply = await waitForReplies(fake, 2);
    await tick(slack, fake, reply, ['contract-terms', 'key-contacts', 'usage-trends']);
    await vi.waitFor(async () => {
      const [row] =
        await db.sql`select context->'checked'->'1' as checked from workflow_executions`;
      expect(row!.checked).toHaveLength(3);
    });
    await click(slack, reply, 'account-overview.next');
    reply = await waitForReplies(fake, 3);

    const opened = await click(slack, reply, 'pricing-strategy.modify');
    expect(opened.ms).toBeLessThan(3000);
    await fake.waitForCall('views.open', (call) => call.response.ok === true);
    const modal = fake.modalsOf(JUSTIN.id).at(-1)!;
    const bad = await slack.viewSubmission(JUSTIN.id, modal, {
      'pricing-strategy.change': { 'pricing-strategy.write_change': '-40' },
    });
    expect(bad.body).toMatchObject({
      response_action: 'errors',
      errors: { 'pricing-strategy.change': expect.stringMatching(/-30 to 50/) },
    });
    const good = await slack.viewSubmission(JUSTIN.id, modal, {
      'pricing-strategy.change': { 'pricing-strategy.write_change': '10' },
    });
    expect(good.status).toBe(200);
    expect(good.body).toBeUndefined();
    reply = await waitForReplies(fake, 4);
    expect(JSON.stringify(reply.blocks)).toContain('prepare-quote');
    const [execution] =
      await db.sql`select current_step, context->'decided' as decided, context->>'currentArr' as arr from workflow_executions`;
    expect(execution!.current_step).toBe(3);
    expect(execution!.decided).toMatchObject({ scenario: 'custom', changePct: 10 });
    expect(execution!.decided.newArr).toBeCloseTo(Number(execution!.arr) * 1.1, 2);
    const [metrics] = await db.sql`select modals_viewed from execution_metrics`;
    expect(metrics!.modals_viewed).toBe(1);
    await vi.waitFor(() =>
      expect(JSON.stringify(threadOf(fake).parent?.blocks)).toContain('Step 4 of 6'),
    );
  });

  it('says the chosen price on every later step, in the quote, the PDF, the email and the completion', async () => {
    const { fake, slack, db } = world;
    const [row] = await db.sql`select id::int, context from workflow_executions`;
    const ctx = row!.context as {
      decided: { newArr: number };
      steps: { artifacts: { kind: string; scenarios?: PricingScenario[] }[] }[];
    };
    const chosen = ctx.decided.newArr;
    const pricing = ctx.steps[2]!.artifacts.find((a) => a.kind === 'pricing')!;
    const recommended = pricing.scenarios!.find((s) => s.name === 'recommended')!.newArr;
    expect(recommended).not.toBe(chosen);
    const right = formatDollars(chosen);
    const wrong = [formatDollars(recommended), formatMoney(recommended), formatMoney(chosen)];
    const says = (text: string) => {
      expect(text).toContain(right);
      for (const w of wrong) expect(text).not.toContain(w);
    };
    const shown = (actionId: string) =>
      threadOf(fake).replies.find((r) => JSON.stringify(r.blocks ?? []).includes(actionId))!;
    const quoteStep = shown('prepare-quote.build');
    says(`${quoteStep.text} ${JSON.stringify(quoteStep.blocks)}`);

    await click(slack, quoteStep, 'prepare-quote.build');
    await fake.waitForCall('views.open', (c) =>
      JSON.stringify(c.args).includes('prepare-quote.submit'),
    );
    const builder = fake.modalsOf(JUSTIN.id).at(-1)!;
    const values = initialValues(builder);
    expect(values['prepare-quote.line1-price']).toEqual({
      'prepare-quote.write_line1-price': String(chosen),
    });
    expect((await slack.viewSubmission(JUSTIN.id, builder, values)).body).toBeUndefined();
    const upload = await fake.waitForCall(
      'files.completeUploadExternal',
      (c) => c.response.ok === true && isPdfUpload(c),
      8000,
    );
    const fileId = String((upload.response.files as Json[])[0]!.id);
    const pdf = await getDocumentProxy(new Uint8Array(fake.fileBytes(fileId)!));
    const pdfText = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, ' ');
    expect(pdfText).toContain(`${right}.00 USD`);
    expect(pdfText).not.toContain(formatDollars(recommended));

    await vi.waitFor(() => expect(shown('email-draft.compose')).toBeDefined(), 8000);
    const emailStep = shown('email-draft.compose');
    await click(slack, emailStep, 'email-draft.compose');
    await fake.waitForCall('views.open', (c) =>
      JSON.stringify(c.args).includes('email-draft.submit'),
    );
    const composer = fake.modalsOf(JUSTIN.id).at(-1)!;
    const draft = initialValues(composer, { 'email-draft.mode': 'draft' });
    says(String(draft['email-draft.body']!['email-draft.write_body']));
    expect((await slack.viewSubmission(JUSTIN.id, composer, draft)).body).toBeUndefined();

    await vi.waitFor(() => expect(shown('summary.complete')).toBeDefined(), 8000);
    const summary = shown('summary.complete');
    says(`${summary.text} ${JSON.stringify(summary.blocks)}`);
    await click(slack, summary, 'summary.complete');
    await vi.waitFor(() => {
      const note = threadOf(fake).replies.find((r) => r.text?.startsWith('🎉'));
      expect(note).toBeDefined();
      says(note!.text!);
    }, 8000);
  });

  it('answers a workflow that cannot be composed with what is wrong, and starts nothing', async () => {
    const { fake, slack, db } = world;
    const instanceId = await world.instanceOf('obsidian-black', 'strategic-planning');
    const [other] = await db.sql<{ id: number; type: string; company_id: number }[]>`
      select w.id::int, w.type, w.company_id::int from workflow_instances w
       where w.csm_id = (select id from csms where external_id = 'csm-justin') and w.id <> ${instanceId}
         and w.status = 'open' order by w.priority_score desc limit 1`;
    await db.sql`
      insert into workflow_definitions (workflow_id, company_id, name, slide_sequence, slide_contexts)
      values (${other!.type}, ${other!.company_id}, 'Broken', ${['intro', 'summary']}, '{}'::jsonb)`;
    const before = await db.sql`select count(*)::int as n from workflow_executions`;
    const reply = await slack.blockAction(JUSTIN.id, {
      actionId: 'digest.begin',
      view: cardView('digest.begin', String(other!.id)),
    });
    expect(reply.status).toBe(200);
    await fake.waitForCall('chat.postEphemeral').catch(() => undefined);
    await vi.waitFor(() => {
      const said = fake
        .ephemeralsFor(JUSTIN.id)
        .map((e) => e.text)
        .join('\n');
      expect(said).toMatch(/could not be prepared: .*definition/);
    });
    const after = await db.sql`select count(*)::int as n from workflow_executions`;
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
