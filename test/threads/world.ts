/**
 * The demo portfolio behind `renubu serve` with a fake Slack: Justin (the seed's CSM) linked
 * to a Slack user, and helpers to click in his DM thread. The shipped definitions are there
 * because opening the database stores them, as in production.
 */
import { LogLevel, WebClient } from '@slack/web-api';
import { expect, vi } from 'vitest';
import { databaseOpener } from '../../src/cli/context.ts';
import { runCli } from '../../src/cli/index.ts';
import { serve } from '../../src/cli/serve.ts';
import { fixedClock } from '../../src/clock.ts';
import { createLogger } from '../../src/logger.ts';
import type { Json } from '../../src/sandbox/slack/block-checks.ts';
import { findElement } from '../../src/sandbox/slack/slack-payloads.ts';
import { deliverSlackOutbox } from '../../src/slack/outbox-sender.ts';
import { SLACK_CLIENT_OPTIONS } from '../../src/slack/outbox-timing.ts';
import {
  createSlackDriver,
  DEFAULT_BOT_TOKEN,
  FAST_RETRIES,
  type FakeSlack,
  type SlackDriver,
  type StoredMessage,
  startFakeSlack,
} from '../harness/index.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';
import { SECRET, worldSettings } from '../slack/world.ts';

export const JUSTIN = { id: 'U0JUSTIN', email: 'justin@renubu.example', name: 'Justin Avery' };

export const DAY = '2026-11-25';
export const NOON = new Date(`${DAY}T17:00:00Z`);

/**
 * The demo loaded, Justin linked, `renubu serve` on loopback with the fake Slack.
 * `outboxIntervalMs`: how often serve's deliverer wakes up by itself (a listener's nudge
 * wakes it at once); long, a test drives deliverers of its own. `clockTimestamps`: message
 * ts from the wall clock, as Slack's (what a crash look-up's `oldest` compares with).
 */
export async function startThreadWorld(
  options: { outboxIntervalMs?: number; clockTimestamps?: boolean } = {},
) {
  const { clockTimestamps, ...serveOptions } = options;
  const db = await createTestDatabase();
  const err = captureOutput();
  const env = { env: { DATABASE_URL: db.url }, cwd: '/tmp', out: captureOutput(), err };
  expect(await runCli(['demo', '--as-of', DAY], env), err.text()).toBe(0);
  await db.sql`update csms set slack_user_id = ${JUSTIN.id} where external_id = 'csm-justin'`;
  const fake = await startFakeSlack({
    users: [JUSTIN],
    ...(clockTimestamps ? { clockTimestamps } : {}),
  });
  const settings = worldSettings(db.url, fake);
  const clock = fixedClock(NOON);
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
    botIds: { botId: fake.identity.botId, botUserId: fake.identity.botUserId },
    retryConfig: FAST_RETRIES,
    ...serveOptions,
  });
  const baseUrl = `http://127.0.0.1:${serving.port}`;
  const slack = createSlackDriver({ baseUrl, signingSecret: SECRET, fake });
  const instanceOf = async (customer: string, type: string) => {
    const [row] = await db.sql<{ id: number }[]>`
      select w.id::int from workflow_instances w join customers c on c.id = w.customer_id
       where c.external_id = ${customer} and w.type = ${type}`;
    return row!.id;
  };
  /**
   * Until serve's deliverer has sent all that is due at NOON: nothing pending then, nothing it
   * holds. A deliverer of the test's with a later clock would otherwise take over a row serve
   * is still sending, or find the recipient's head row locked and skip the recipient.
   */
  const settled = () =>
    vi.waitFor(async () => {
      const [row] = await db.sql<{ n: number }[]>`
        select count(*)::int as n from outbox
         where channel = 'slack'
           and (status = 'sending' or (status = 'pending' and available_at <= ${NOON}))`;
      expect(row!.n, "rows serve's deliverer has yet to send").toBe(0);
    }, 8000);
  const stop = async () => {
    await serving.stop();
    await fake.close();
    await db.drop();
  };
  return { db, fake, slack, instanceOf, settled, stop };
}

/** The Home view with one workflow button, as App Home shows it. */
export function cardView(actionId: string, value: string): Json {
  return {
    id: 'VHOME',
    type: 'home',
    blocks: [
      {
        type: 'actions',
        block_id: 'card',
        elements: [
          { type: 'button', action_id: actionId, value, text: { type: 'plain_text', text: 'Go' } },
        ],
      },
    ],
  };
}

/**
 * Justin's thread: the parent, its message replies and the files uploaded into it (the
 * account overview's usage chart, the quote PDF), oldest first.
 */
export function threadOf(fake: FakeSlack) {
  const all = fake.messagesIn(JUSTIN.id);
  const parent = all.find((m) => m.thread_ts === undefined);
  const inThread = parent ? all.filter((m) => m.thread_ts === parent.ts && m.ts !== parent.ts) : [];
  const files = inThread.filter((m) => m.files?.length);
  const replies = inThread.filter((m) => !m.files?.length);
  return { parent, replies, files, all };
}

/**
 * Obsidian Black's strategic planning from Let's begin to its quote step (the fourth reply,
 * with the recommended price): the execution's id. `seen` gets every click's reply.
 */
export async function walkToQuote(
  world: Awaited<ReturnType<typeof startThreadWorld>>,
  seen: (reply: { status: number; ms: number }) => unknown = () => undefined,
): Promise<number> {
  const { fake, slack, db } = world;
  const instanceId = await world.instanceOf('obsidian-black', 'strategic-planning');
  const view = cardView('digest.begin', String(instanceId));
  seen(await slack.blockAction(JUSTIN.id, { actionId: 'digest.begin', view }));
  let reply = await waitForReplies(fake, 1);
  seen(await click(slack, reply, 'intro.next'));
  reply = await waitForReplies(fake, 2);
  seen(await tick(slack, fake, reply, ['contract-terms', 'key-contacts', 'usage-trends']));
  await vi.waitFor(async () => {
    const [row] = await db.sql`select context->'checked'->'1' as checked from workflow_executions`;
    expect(row!.checked).toHaveLength(3);
  });
  seen(await click(slack, reply, 'account-overview.next'));
  reply = await waitForReplies(fake, 3);
  const [row] = await db.sql<{ id: number }[]>`select id::int from workflow_executions`;
  seen(await click(slack, reply, 'pricing-strategy.accept', `${row!.id}:2:recommended`));
  await waitForReplies(fake, 4);
  await world.settled(); // tests go on with deliverers of their own, some with later clocks
  return row!.id;
}

/**
 * One pass of another process's Slack deliverer (its own client and clock), next to serve's:
 * for tests of what several deliverers, or a crashed one, do.
 */
export function otherDeliverer(
  world: Awaited<ReturnType<typeof startThreadWorld>>,
  now = NOON,
  attemptTimeoutMs?: number,
) {
  return deliverSlackOutbox({
    sql: world.db.sql,
    client: new WebClient(DEFAULT_BOT_TOKEN, {
      ...SLACK_CLIENT_OPTIONS,
      slackApiUrl: world.fake.url,
      logLevel: LogLevel.ERROR, // a request left hanging on purpose ends when the fake closes
    }),
    clock: fixedClock(now),
    logger: createLogger('silent'),
    ...(attemptTimeoutMs ? { attemptTimeoutMs } : {}),
  });
}

/** The quote PDF uploads (files.completeUploadExternal), not the usage chart's. */
export function pdfUploads(fake: FakeSlack) {
  return fake.callsTo('files.completeUploadExternal').filter(isPdfUpload);
}

/** A files.completeUploadExternal call that shared a PDF (whatever its outcome). */
export function isPdfUpload(call: { args: Record<string, unknown> }): boolean {
  const files = call.args.files as { title?: string }[] | undefined;
  return !files?.some((f) => String(f.title ?? '').includes('active users'));
}

/** Wait until the thread has `n` replies; the last one. */
export async function waitForReplies(fake: FakeSlack, n: number): Promise<StoredMessage> {
  await vi.waitFor(() => {
    if (threadOf(fake).replies.length < n) throw new Error(`fewer than ${n} replies`);
  }, 8000);
  return threadOf(fake).replies[n - 1]!;
}

const textOf = (m: StoredMessage | undefined) => JSON.stringify(m?.blocks ?? []);

/** Click `actionId` in a thread message. */
export function click(
  slack: SlackDriver,
  message: StoredMessage,
  actionId: string,
  value?: string,
) {
  return slack.blockAction(JUSTIN.id, {
    actionId,
    ...(value === undefined ? {} : { value }),
    message: { ts: message.ts, channel: message.channel, thread_ts: message.thread_ts },
  });
}

/** Tick checkboxes as Slack sends it: `selected_options` on a `checkboxes` action. */
export function tick(
  slack: SlackDriver,
  fake: FakeSlack,
  message: StoredMessage,
  values: string[],
  actionId = 'account-overview.check',
) {
  const found = findElement(message.blocks, actionId);
  if (!found) throw new Error(`no checklist in ${textOf(message)}`);
  const team = { id: fake.identity.teamId, domain: fake.identity.teamDomain };
  const payload = {
    type: 'block_actions',
    user: { id: JUSTIN.id, username: 'justin', name: 'justin', team_id: team.id },
    api_app_id: fake.identity.appId,
    token: 'unused',
    trigger_id: fake.issueTrigger(JUSTIN.id),
    team,
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel },
    channel: { id: message.channel, name: 'directmessage' },
    message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
    response_url: fake.responseUrl({
      user: JUSTIN.id,
      channel: message.channel,
      messageTs: message.ts,
    }),
    state: { values: {} },
    actions: [
      {
        type: 'checkboxes',
        action_id: actionId,
        block_id: found.blockId,
        selected_options: values.map((value) => ({
          text: { type: 'plain_text', text: value },
          value,
        })),
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return slack.send(body, 'application/x-www-form-urlencoded');
}

/** A modal's inputs as submitted untouched, with `changes` on top. */
export function initialValues(view: Json, changes: Record<string, string> = {}) {
  const values: Record<string, Record<string, string | string[]>> = {};
  for (const block of view.blocks as Json[]) {
    if (block.type !== 'input') continue;
    const el = block.element as Json & { action_id: string };
    const value =
      el.type === 'checkboxes'
        ? ((el.initial_options as Json[] | undefined) ?? []).map((o) => String(o.value))
        : String((el.initial_option as Json | undefined)?.value ?? el.initial_value ?? '');
    values[String(block.block_id)] = { [el.action_id]: changes[String(block.block_id)] ?? value };
  }
  return values;
}
