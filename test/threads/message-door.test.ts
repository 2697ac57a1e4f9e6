/**
 * Issue 16 (items 1, 3, 5): Renubu listens. Over the real Bolt app and a fake Slack, Justin
 * writes in Obsidian Black's workflow thread and in his DM: a thread reply acts on the step
 * through the one step service (audit row, note in the thread, answer with Undo), Undo and
 * "next" work, bot messages, edits and retries are not answered again, "today" answers in the
 * DM, gibberish gets suggestion buttons, and someone who is not a CSM gets the polite answer.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeSlack, SlackDriver, StoredMessage } from '../harness/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { cardView, click, JUSTIN, startThreadWorld, threadOf, waitForReplies } from './world.ts';

let world: Awaited<ReturnType<typeof startThreadWorld>>;
let db: TestDatabase;
let fake: FakeSlack;
let slack: SlackDriver;
let parentTs: string;

const EVE = { id: 'U0EVE', email: 'eve@elsewhere.test', name: 'Eve Outsider' };

beforeAll(async () => {
  world = await startThreadWorld();
  ({ db, fake, slack } = world);
  fake.world.users.set(EVE.id, EVE);
  const instanceId = await world.instanceOf('obsidian-black', 'strategic-planning');
  const view = cardView('digest.begin', String(instanceId));
  expect((await slack.blockAction(JUSTIN.id, { actionId: 'digest.begin', view })).status).toBe(200);
  await waitForReplies(fake, 1);
  parentTs = threadOf(fake).parent!.ts;
}, 120_000);
afterAll(() => world?.stop());

/** Renubu's messages in the thread (its step replies, notes and answers), oldest first. */
const botReplies = () => threadOf(fake).replies.filter((m) => m.bot_id !== undefined);

/** Wait for Renubu's next thread message whose text matches `pattern`, after `seen` of them. */
async function answerAfter(seen: number, pattern: RegExp): Promise<StoredMessage> {
  let found: StoredMessage | undefined;
  await vi.waitFor(() => {
    found = botReplies()
      .slice(seen)
      .find((m) => pattern.test(m.text));
    if (!found)
      throw new Error(
        `no answer ${pattern} yet: ${botReplies()
          .slice(seen)
          .map((m) => m.text)}`,
      );
  }, 8000);
  return found!;
}

const reply = async (text: string) => {
  const seen = botReplies().length;
  const sent = await slack.message(JUSTIN.id, text, { threadTs: parentTs });
  expect(sent.status).toBe(200);
  return { seen, sent };
};

const stepRow = async (index: number) => {
  const [row] = await db.sql<{ status: string; reason: string | null }[]>`
    select status, reason from workflow_step_states where step_index = ${index}`;
  return row;
};
const actions = () =>
  db.sql<{ action_type: string; reason: string | null; source: string | null }[]>`
    select action_type, reason, source from workflow_step_actions order by id`;
const currentStep = async () => {
  const [row] = await db.sql<{ current_step: number }[]>`
    select current_step from workflow_executions`;
  return row!.current_step;
};
const buttonsOf = (m: StoredMessage) =>
  JSON.stringify(m.blocks ?? [])
    .match(/"action_id":"[^"]+"/g)
    ?.map((s) => s.slice(13, -1)) ?? [];

const valuesOf = (m: StoredMessage) =>
  JSON.stringify(m.blocks ?? [])
    .match(/"value":"[^"]+"/g)
    ?.map((s) => s.slice(9, -1)) ?? [];

describe('a reply in the workflow thread acts on its step', () => {
  let answer: StoredMessage;

  it('snoozes the step, writes the audit row and a note, and says it back with Undo', async () => {
    const { seen } = await reply('snooze 2d waiting for finance');
    answer = await answerAfter(seen, /^Snoozed step 1/);
    expect(answer.text).toBe(
      'Snoozed step 1, Introduction, until Fri 27 Nov 12:00 America/New_York: waiting for finance',
    );
    expect(answer.thread_ts).toBe(parentTs);
    expect(buttonsOf(answer)).toEqual(['conversation.undo']);
    expect(await stepRow(0)).toEqual({ status: 'snoozed', reason: 'waiting for finance' });
    expect((await actions()).at(-1)).toEqual({
      action_type: 'snooze',
      reason: 'waiting for finance',
      source: 'message',
    });
    expect(botReplies().some((m) => /snoozed until Fri 27 Nov/.test(m.text))).toBe(true);
  });

  it('Undo reverts it', async () => {
    const seen = botReplies().length;
    expect((await click(slack, answer, 'conversation.undo')).status).toBe(200);
    const undone = await answerAfter(seen, /^Undone: step 1/);
    expect(buttonsOf(undone)).toEqual([]);
    expect((await stepRow(0))?.status).toBe('in_progress');
    expect((await actions()).at(-1)).toMatchObject({ action_type: 'undo', source: 'button' });
  });

  it('reads a natural time in the CSM zone ("till monday 9am"), and undo by writing it', async () => {
    const { seen } = await reply('snooze till monday 9am waiting on legal');
    const said = await answerAfter(seen, /^Snoozed step 1/);
    // the world's noon is Wed 25 Nov; Monday 30 Nov 09:00 in New York
    expect(said.text).toBe(
      'Snoozed step 1, Introduction, until Mon 30 Nov 09:00 America/New_York: waiting on legal',
    );
    expect(await stepRow(0)).toEqual({ status: 'snoozed', reason: 'waiting on legal' });
    const undo = await reply('undo');
    await answerAfter(undo.seen, /^Undone: step 1/);
    expect((await stepRow(0))?.status).toBe('in_progress');
  });

  it('answers "why?" in the thread with its own customer\'s factors', async () => {
    const { seen } = await reply('why?');
    const answer = await answerAfter(seen, /Obsidian Black/);
    expect(answer.thread_ts).toBe(parentTs);
    expect(answer.text).not.toMatch(/did not understand|DM/);
  });

  it('"next" moves on; a gate still asks in words', async () => {
    const { seen } = await reply('next');
    await answerAfter(seen, /^Done: step 1, Introduction/);
    expect(await currentStep()).toBe(1);
    const gated = await reply('done');
    const refusal = await answerAfter(gated.seen, /^Tick every item first/);
    expect(refusal.text).not.toMatch(/Error|at .*\.ts/);
    expect(await currentStep()).toBe(1);
  });

  it('"back" reopens the step before, posted again; undo goes forward again', async () => {
    const { seen } = await reply('go back');
    const said = await answerAfter(seen, /^Back at step 1, Introduction: it is open again\.$/);
    expect(buttonsOf(said)).toEqual(['conversation.undo']);
    expect(await currentStep()).toBe(0);
    expect(await stepRow(0)).toEqual({ status: 'in_progress', reason: null });
    expect((await stepRow(1))?.status).toBe('pending');
    expect((await actions()).at(-1)).toMatchObject({ action_type: 'back', source: 'message' });
    // the note, and step 1 posted again with its buttons
    await answerAfter(seen, /Back at Step 1 Introduction/);
    const again = botReplies()
      .slice(seen)
      .filter((m) => m !== said && buttonsOf(m).some((id) => id.startsWith('step.')));
    expect(again.length).toBeGreaterThan(0);
    const first = await reply('back');
    await answerAfter(first.seen, /^This is step 1: there is no step before it/);
    const undo = await reply('undo');
    await answerAfter(undo.seen, /^Undone: step 1/);
    expect(await currentStep()).toBe(1);
    expect((await stepRow(0))?.status).toBe('completed');
    expect((await stepRow(1))?.status).toBe('in_progress');
  });

  it('ignores bot messages and edits, and answers a retried message once', async () => {
    const channel = fake.world.dmOf(JUSTIN.id);
    const ignored = [
      { bot_id: fake.identity.botId, user: fake.identity.botUserId, text: 'next' },
      { bot_id: 'B0OTHER', text: 'next' },
      {
        subtype: 'message_changed',
        message: { type: 'message', user: JUSTIN.id, text: 'next', ts: parentTs },
      },
      { subtype: 'message_deleted', deleted_ts: parentTs },
    ];
    for (const [i, fields] of ignored.entries()) {
      const event = {
        type: 'message',
        channel,
        channel_type: 'im',
        ts: `1800000000.00000${i}`,
        thread_ts: parentTs,
        ...fields,
      };
      expect((await slack.event(event)).status).toBe(200);
    }
    const { seen, sent } = await reply('status');
    const again = { eventId: sent.eventId, retryNum: 1 };
    expect((await slack.event(sent.event, again)).status).toBe(200);
    // delivered again under another event id: the message's ts still answers it once
    expect((await slack.event(sent.event)).status).toBe(200);
    const status = await answerAfter(seen, /step 2 of/);
    expect(status.text).toMatch(/^Obsidian Black's strategic-planning: step 2 of \d+, /);
    const last = await reply('snooze 1d');
    await answerAfter(last.seen, /^Snoozed step 2/);
    const answers = botReplies().slice(seen);
    expect(answers.filter((m) => /step 2 of/.test(m.text))).toHaveLength(1);
    expect(answers.some((m) => /^Done:/.test(m.text))).toBe(false);
    expect(await currentStep()).not.toBe(0);
  });

  it('gibberish gets suggestions as buttons, and a suggestion answers', async () => {
    const { seen } = await reply('blorp the frobnicator');
    const unclear = await answerAfter(seen, /did not understand/);
    const buttons = buttonsOf(unclear);
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    expect(new Set(buttons).size).toBe(buttons.length); // Slack wants each id once a message
    expect(buttons.every((id) => id.startsWith('conversation.say'))).toBe(true);
    const status = buttons[valuesOf(unclear).indexOf('status')]!;
    const before = botReplies().length;
    expect((await click(slack, unclear, status, 'status')).status).toBe(200);
    await answerAfter(before, /step \d+ of/);
  });

  it('asks before a skip read from inexact words; its button skips', async () => {
    const { seen } = await reply('please skip 3 customer asked for no quote');
    const ask = await answerAfter(seen, /^Skip step 3, .+: customer asked for no quote\?$/);
    expect((await stepRow(2))?.status).not.toBe('skipped');
    const before = botReplies().length;
    expect(
      (await click(slack, ask, 'conversation.say', 'skip 3 customer asked for no quote')).status,
    ).toBe(200);
    await answerAfter(before, /^Skipped step 3, .+: customer asked for no quote$/);
    expect(await stepRow(2)).toEqual({ status: 'skipped', reason: 'customer asked for no quote' });
  });
});

describe('the DM', () => {
  const dmAnswers = (user: string) =>
    fake.messagesIn(user).filter((m) => m.bot_id !== undefined && m.thread_ts === undefined);

  it('answers "how is obsidian doing?" with the account card and its usage chart, once', async () => {
    const seen = dmAnswers(JUSTIN.id).length;
    const uploads = fake.callsTo('files.completeUploadExternal').length;
    expect((await slack.message(JUSTIN.id, 'how is obsidian doing?')).status).toBe(200);
    // the chart is shared as a message of its own; it can land before this check runs
    const cards = () =>
      dmAnswers(JUSTIN.id)
        .slice(seen)
        .filter((m) => m.blocks !== undefined);
    await vi.waitFor(() => expect(cards().length).toBeGreaterThan(0), 8000);
    const card = cards()[0]!;
    expect(JSON.stringify(card.blocks)).toMatch(/Obsidian Black/);
    expect(card.text).not.toMatch(/did not understand|can't find/);
    await vi.waitFor(
      () => expect(fake.callsTo('files.completeUploadExternal').length).toBe(uploads + 1),
      8000,
    );
    // a name not in the CSM's book is said so, with no data
    const before = dmAnswers(JUSTIN.id).length;
    await slack.message(JUSTIN.id, 'how is zzyzx corp doing?');
    await vi.waitFor(
      () =>
        expect(
          dmAnswers(JUSTIN.id)
            .slice(before)
            .map((m) => m.text),
        ).toContainEqual(expect.stringMatching(/find “zzyzx corp”/)),
      8000,
    );
  });

  it('answers "what\'s snoozed" with each snoozed step and a Resume button', async () => {
    await reply('snooze 1d waiting on legal');
    const seen = dmAnswers(JUSTIN.id).length;
    await slack.message(JUSTIN.id, "what's snoozed?");
    await vi.waitFor(() => expect(dmAnswers(JUSTIN.id).length).toBeGreaterThan(seen), 8000);
    const list = dmAnswers(JUSTIN.id).at(-1)!;
    expect(JSON.stringify(list.blocks)).toMatch(/Obsidian Black/);
    expect(buttonsOf(list)).toContain('snoozed.resume');
  });

  it('answers "forecast" with the renewal forecast table', async () => {
    const seen = dmAnswers(JUSTIN.id).length;
    await slack.message(JUSTIN.id, 'forecast');
    await vi.waitFor(() => expect(dmAnswers(JUSTIN.id).length).toBeGreaterThan(seen), 8000);
    const answer = dmAnswers(JUSTIN.id).at(-1)!;
    expect(answer.text).toMatch(/^The renewal forecast as of /);
    expect(JSON.stringify(answer.blocks)).toContain('ARR at risk');
  });

  it('answers "today" with the day', async () => {
    const seen = dmAnswers(JUSTIN.id).length;
    expect((await slack.message(JUSTIN.id, 'today')).status).toBe(200);
    await vi.waitFor(() => expect(dmAnswers(JUSTIN.id).length).toBeGreaterThan(seen), 8000);
    const answer = dmAnswers(JUSTIN.id).at(-1)!;
    expect(answer.text).not.toMatch(/did not understand/);
    expect(JSON.stringify(answer.blocks)).toMatch(/Justin/);
  });

  it('gives someone who is not a CSM the polite answer and no data', async () => {
    expect((await slack.message(EVE.id, 'today')).status).toBe(200);
    await vi.waitFor(() => expect(dmAnswers(EVE.id)).toHaveLength(1), 8000);
    expect(dmAnswers(EVE.id)[0]!.text).toMatch(/^I only work for the customer success managers/);
  });
});
