/** The driver and the fake around a real Bolt 5 App with its HTTPReceiver. */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createSlackDriver,
  DEFAULT_BOT_TOKEN,
  FAST_RETRIES,
  type FakeSlack,
  serveOnLoopback,
  startFakeSlack,
} from './index.ts';

const SECRET = 'test-signing-secret';
const ana = { id: 'U0ANA', email: 'ana@acme.test', name: 'ana' };
const snoozeModal = {
  type: 'modal' as const,
  callback_id: 'snooze',
  title: { type: 'plain_text' as const, text: 'Snooze step' },
  submit: { type: 'plain_text' as const, text: 'Snooze' },
  blocks: [
    {
      type: 'input' as const,
      block_id: 'reason',
      label: { type: 'plain_text' as const, text: 'Why?' },
      element: { type: 'plain_text_input' as const, action_id: 'text' },
    },
  ],
};

/** A tiny app with one listener of each kind, recording what reached it. */
function buildApp(fake: FakeSlack) {
  const receiver = new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    token: DEFAULT_BOT_TOKEN,
    botId: fake.identity.botId,
    botUserId: fake.identity.botUserId,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.url, retryConfig: FAST_RETRIES },
  });
  const seen: Record<string, unknown[]> = { action: [], view: [], event: [], errors: [] };
  app.command('/renubu', async ({ ack, command, respond, client }) => {
    await ack(`On it: ${command.text}`);
    if (command.text === 'snooze') {
      await client.views.open({ trigger_id: command.trigger_id, view: snoozeModal });
    } else await respond({ text: 'Your one thing today: Acme' });
  });
  app.action('step.done', async ({ ack, body, respond }) => {
    await ack();
    seen.action?.push(body);
    await respond({ replace_original: true, text: 'Step done' });
  });
  app.view('snooze', async ({ ack, view }) => {
    await ack();
    seen.view?.push(view.state.values);
  });
  app.event('app_home_opened', async ({ event, client, context }) => {
    seen.event?.push({ user: event.user, retryNum: context.retryNum });
    const text = { type: 'mrkdwn' as const, text: '*Today*: Acme renewal' };
    await client.views.publish({
      user_id: event.user,
      view: { type: 'home', blocks: [{ type: 'section', text }] },
    });
  });
  app.error(async (error) => {
    seen.errors?.push(error);
  });
  return { app, receiver, seen };
}

const fake = await startFakeSlack({ users: [ana] });
const { app, receiver, seen } = buildApp(fake);
const served = await serveOnLoopback(receiver.requestListener);
const slack = createSlackDriver({ baseUrl: served.baseUrl, signingSecret: SECRET, fake });

beforeEach(() => {
  fake.reset();
  for (const list of Object.values(seen)) list.length = 0;
});
afterAll(async () => {
  await served.close();
  await fake.close();
});

describe('signed requests into a real Bolt app', () => {
  it('acks a slash command, and the respond() post reaches the response URL', async () => {
    const reply = await slack.command(ana.id, 'today');
    expect(reply).toMatchObject({ status: 200, body: 'On it: today' });
    await vi.waitFor(() => expect(fake.responses(reply.responseUrl)).toHaveLength(1));
    expect(fake.ephemeralsFor(ana.id)[0]?.text).toBe('Your one thing today: Acme');
    expect(seen.errors).toEqual([]);
  });

  it('refuses a stale timestamp and a wrong signature with 401', async () => {
    expect((await slack.command(ana.id, 'today', { stale: true })).status).toBe(401);
    expect((await slack.command(ana.id, 'today', { wrongSignature: true })).status).toBe(401);
    expect(fake.responses()).toEqual([]);
  });

  it('delivers a button click to app.action, whose respond() replaces the message', async () => {
    const label = { type: 'plain_text' as const, text: 'Done' };
    const button = {
      type: 'button' as const,
      action_id: 'step.done',
      value: 'exec-7:step-2',
      text: label,
    };
    const text = { type: 'mrkdwn' as const, text: 'Review the account' };
    const posted = await app.client.chat.postMessage({
      channel: ana.id,
      text: 'Step 2',
      blocks: [{ type: 'section' as const, block_id: 'step', text, accessory: button }],
    });
    const click = await slack.blockAction(ana.id, {
      actionId: 'step.done',
      message: { ts: posted.ts!, channel: posted.channel! },
    });
    expect(click.status).toBe(200);
    await vi.waitFor(() => expect(fake.messagesIn(ana.id)[0]?.text).toBe('Step done'));
    expect(seen.action?.[0]).toMatchObject({
      type: 'block_actions',
      container: { type: 'message', message_ts: posted.ts },
      actions: [{ action_id: 'step.done', block_id: 'step', value: 'exec-7:step-2' }],
    });
  });

  it('opens a modal with the trigger id and delivers its submission to app.view', async () => {
    expect((await slack.command(ana.id, 'snooze')).status).toBe(200);
    await fake.waitForCall('views.open', (call) => call.response.ok === true);
    const [modal] = fake.modalsOf(ana.id);
    expect(modal).toMatchObject({ callback_id: 'snooze', id: expect.stringMatching(/^V/) });
    const submitted = await slack.viewSubmission(ana.id, modal!, {
      reason: { text: 'waiting for finance' },
    });
    expect(submitted.status).toBe(200);
    expect(seen.view).toEqual([
      { reason: { text: { type: 'plain_text_input', value: 'waiting for finance' } } },
    ]);
    expect(fake.modalsOf(ana.id)).toEqual([]);
  });

  it('delivers app_home_opened (and its retry number), and records views.publish', async () => {
    const event = { type: 'app_home_opened', user: ana.id, channel: 'D0ANA', tab: 'home' };
    expect((await slack.event(event, { eventId: 'Ev0001' })).status).toBe(200);
    const publish = await fake.waitForCall('views.publish');
    expect(publish.args).toMatchObject({ user_id: ana.id, view: { type: 'home' } });
    expect(fake.homeOf(ana.id)).toMatchObject({ type: 'home', id: expect.stringMatching(/^V/) });
    await slack.event(event, { eventId: 'Ev0001', retryNum: 1 });
    await vi.waitFor(() => expect(seen.event).toHaveLength(2));
    expect(seen.event).toEqual([
      { user: ana.id, retryNum: undefined },
      { user: ana.id, retryNum: 1 },
    ]);
  });

  it('also serves through app.start({ port: 0, host: 127.0.0.1 })', async () => {
    const other = buildApp(fake);
    const server = await other.app.start({ port: 0, host: '127.0.0.1' });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const driver = createSlackDriver({
      baseUrl: `http://127.0.0.1:${port}`,
      signingSecret: SECRET,
      fake,
    });
    expect(await driver.command(ana.id, 'today')).toMatchObject({
      status: 200,
      body: 'On it: today',
    });
    await other.app.stop();
  });
});
