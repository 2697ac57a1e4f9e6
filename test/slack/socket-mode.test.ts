/**
 * Socket Mode (issue 18 item 5): `renubu serve` with SLACK_APP_TOKEN against a local server
 * that speaks Slack's Socket Mode protocol (src/sandbox/slack/fake-socket-mode.ts): the app
 * opens a connection with `apps.connections.open`, acks every envelope within 3 s, answers a
 * DM through the outbox, acks a button and a slash command, and reconnects (a second
 * `apps.connections.open`) when Slack asks it to or the connection drops.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Serving } from '../../src/cli/serve.ts';
import {
  ACK_TIMEOUT_MS,
  type FakeSocketMode,
  startFakeSocketMode,
} from '../../src/sandbox/slack/fake-socket-mode.ts';
import {
  createSlackDriver,
  DEFAULT_APP_TOKEN,
  type FakeSlack,
  type SlackDriver,
} from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';
import { seedWorld, serveWorld, startWorldSlack, USERS } from './world.ts';

let db: TestDatabase;
let fake: FakeSlack;
let socket: FakeSocketMode;
let serving: Serving;
let slack: SlackDriver;
const out = captureOutput();

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startWorldSlack();
  await seedWorld(db.sql);
  socket = await startFakeSocketMode(fake);
  ({ serving } = await serveWorld(db.url, fake, {
    out,
    env: { SLACK_APP_TOKEN: DEFAULT_APP_TOKEN },
  }));
  slack = createSlackDriver({ baseUrl: '', signingSecret: '', fake, send: socket.sender() });
  await socket.waitForConnection(1);
});
afterAll(async () => {
  await serving?.stop();
  await socket?.close();
  await fake?.close();
  await db?.drop();
});

const dmTexts = (user: string) =>
  fake
    .messagesIn(user)
    .filter((m) => m.user === fake.identity.botUserId)
    .map((m) => m.text ?? '');

describe('renubu serve in Socket Mode', () => {
  it('connects with the app-level token and says so', () => {
    expect(out.text()).toContain('Slack over Socket Mode');
    const [open] = fake.callsTo('apps.connections.open');
    expect(open?.token).toBe(DEFAULT_APP_TOKEN);
    expect(open?.response).toMatchObject({ ok: true, url: expect.stringMatching(/^ws:\/\//) });
    expect(socket.connections).toBe(1);
  });

  it('acks a DM at once and answers it through the outbox', async () => {
    const sent = await slack.message(USERS.ben.id, 'help');
    expect(sent.status).toBe(200);
    const [envelope] = socket.envelopes;
    expect(envelope).toMatchObject({ type: 'events_api', payload: { type: 'event_callback' } });
    expect(socket.acks[0]).toMatchObject({ envelope_id: envelope!.envelope_id });
    expect(socket.acks[0]!.ms).toBeLessThan(ACK_TIMEOUT_MS);
    await fake.waitForCall('chat.postMessage', undefined, 5000);
    await vi.waitFor(() => expect(dmTexts(USERS.ben.id).length).toBeGreaterThan(0));
  });

  it('publishes Home on app_home_opened and acks the Refresh button', async () => {
    const opened = await slack.event({ type: 'app_home_opened', user: USERS.ben.id, tab: 'home' });
    expect(opened.status).toBe(200);
    await fake.waitForCall('views.publish');
    const before = fake.callsTo('views.publish').length;
    const click = await slack.blockAction(USERS.ben.id, {
      actionId: 'home.refresh',
      view: fake.homeOf(USERS.ben.id)!,
    });
    expect(click.status).toBe(200);
    expect(socket.envelopes.at(-1)).toMatchObject({
      type: 'interactive',
      payload: { type: 'block_actions' },
    });
    await vi.waitFor(() => expect(fake.callsTo('views.publish').length).toBe(before + 1));
  });

  it('acks a slash command', async () => {
    const reply = await slack.command(USERS.ben.id, 'help');
    expect(reply.status).toBe(200);
    expect(socket.envelopes.at(-1)).toMatchObject({
      type: 'slash_commands',
      payload: { command: '/renubu', text: 'help', user_id: USERS.ben.id },
    });
    expect(socket.acks.at(-1)!.ms).toBeLessThan(ACK_TIMEOUT_MS);
  });

  it('reconnects when Slack asks (refresh_requested) and when the connection drops', async () => {
    socket.disconnect('refresh_requested');
    await socket.waitForConnection(2, 15_000);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(2);
    // the new connection works
    const before = fake.callsTo('views.publish').length;
    await slack.event({ type: 'app_home_opened', user: USERS.ben.id, tab: 'home' });
    await vi.waitFor(() => expect(fake.callsTo('views.publish').length).toBe(before + 1));

    socket.dropConnection();
    await socket.waitForConnection(3, 15_000);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(3);
    const ack = await slack.command(USERS.ben.id, 'help');
    expect(ack.status).toBe(200);
  }, 40_000);
});
