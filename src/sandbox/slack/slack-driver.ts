/**
 * Plays Slack towards the app: slash commands, button clicks, modal submissions and events,
 * each signed exactly as Slack signs (`v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}`),
 * with trigger ids and response URLs that the fake Slack knows.
 */
import { randomUUID } from 'node:crypto';
import type { Json } from './block-checks.ts';
import type { FakeSlack } from './fake-slack-api.ts';
import { toApiMessage } from './fake-slack-chat.ts';
import {
  createSignedSender,
  type DriverResponse,
  type SignOptions,
  signSlackRequest,
} from './signed-request.ts';
import {
  type ActionInput,
  actionPayload,
  findElement,
  type SubmissionValues,
  stateValues,
} from './slack-payloads.ts';

/** The deprecated verification token Slack still sends; Bolt ignores it. */
const VERIFICATION_TOKEN = 'verification-token-unused';

export interface SlackDriverOptions {
  /** Where the app listens, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  signingSecret: string;
  fake: FakeSlack;
  teamId?: string;
  path?: string;
  /** How a request reaches the app instead of a signed POST (Socket Mode: fake-socket-mode.ts). */
  send?: ReturnType<typeof createSignedSender>;
}

export interface CommandOptions extends SignOptions {
  channelId?: string;
  command?: string;
  /** The thread the command was typed in. */
  threadTs?: string;
}

export interface BlockActionInput extends ActionInput {
  /** The message the element is in (container type `message`)… */
  message?: { ts: string; channel: string; thread_ts?: string };
  /** …or the view it is in (a modal or the Home tab, container type `view`). */
  view?: Json;
}

export interface EventOptions extends SignOptions {
  eventId?: string;
  /** Sends `X-Slack-Retry-Num` (and `X-Slack-Retry-Reason: http_timeout`). */
  retryNum?: number;
}

export type { DriverResponse, SignOptions };
export { signSlackRequest };

export type SlackDriver = ReturnType<typeof createSlackDriver>;

export function createSlackDriver(options: SlackDriverOptions) {
  const { baseUrl, signingSecret, fake, path = '/slack/events' } = options;
  const teamId = options.teamId ?? fake.identity.teamId;
  const team = { id: teamId, domain: fake.identity.teamDomain };
  const appId = fake.identity.appId;
  let eventCounter = 0;

  const userOf = (id: string) => {
    const name = fake.world.users.get(id)?.name ?? id;
    return { id, username: name, name, team_id: teamId };
  };

  const send = options.send ?? createSignedSender(baseUrl, path, signingSecret);

  const sendPayload = (payload: Json, sign?: SignOptions) =>
    send(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
      sign,
    );

  /** An Events API delivery (`event_callback`), or a retry of one. */
  async function sendEvent(event: Json, opts: EventOptions = {}) {
    eventCounter += 1;
    const nowSeconds = Date.now() / 1000;
    const body = {
      token: VERIFICATION_TOKEN,
      team_id: teamId,
      api_app_id: appId,
      event: { event_ts: nowSeconds.toFixed(6), ...event },
      type: 'event_callback',
      event_id: opts.eventId ?? `Ev${String(eventCounter).padStart(9, '0')}`,
      event_time: Math.floor(nowSeconds),
      authorizations: [
        { enterprise_id: null, team_id: teamId, user_id: fake.identity.botUserId, is_bot: true },
      ],
      is_ext_shared_channel: false,
    };
    const headers: Record<string, string> =
      opts.retryNum === undefined
        ? {}
        : { 'x-slack-retry-num': String(opts.retryNum), 'x-slack-retry-reason': 'http_timeout' };
    return send(JSON.stringify(body), 'application/json', opts, headers);
  }

  return {
    send,

    /**
     * A slash command typed by `user` (in their DM with the bot unless `channelId`). Its text
     * goes as Slack sends it: `&`, `<` and `>` as entities.
     */
    async command(user: string, text: string, opts: CommandOptions = {}) {
      const channelId = opts.channelId ?? fake.world.dmOf(user);
      const channelName = fake.world.channels.get(channelId)?.name ?? 'directmessage';
      const responseUrl = fake.responseUrl({ user, channel: channelId });
      const triggerId = fake.issueTrigger(user);
      const form = new URLSearchParams({
        token: VERIFICATION_TOKEN,
        team_id: teamId,
        team_domain: team.domain,
        channel_id: channelId,
        channel_name: channelName,
        user_id: user,
        user_name: userOf(user).name,
        command: opts.command ?? '/renubu',
        text: asSlackSendsText(text),
        api_app_id: appId,
        is_enterprise_install: 'false',
        response_url: responseUrl,
        trigger_id: triggerId,
      });
      if (opts.threadTs) form.set('thread_ts', opts.threadTs);
      const result = await send(form.toString(), 'application/x-www-form-urlencoded', opts);
      return { ...result, responseUrl, triggerId };
    },

    /** A click (or choice) on an element in a message or a view. */
    async blockAction(user: string, input: BlockActionInput, sign: SignOptions = {}) {
      const triggerId = fake.issueTrigger(user);
      const actionTs = String(Date.now() / 1000);
      const payload: Json = {
        type: 'block_actions',
        user: userOf(user),
        api_app_id: appId,
        token: VERIFICATION_TOKEN,
        trigger_id: triggerId,
        team,
        enterprise: null,
        is_enterprise_install: false,
        state: { values: {} },
      };
      let responseUrl: string | undefined;
      if (input.message) {
        const { ts, channel, thread_ts } = input.message;
        const channelId = fake.world.resolveChannel(channel) ?? channel;
        const stored = fake.world.findMessage(channelId, ts);
        const ephemeral = fake.world.ephemerals.find((e) => e.user === user && e.message_ts === ts);
        const message: Json = stored
          ? toApiMessage(fake.world, stored, false)
          : { type: 'message', ts, text: ephemeral?.text, blocks: ephemeral?.blocks };
        responseUrl = fake.responseUrl({ user, channel: channelId, messageTs: ts });
        const container = { type: 'message', message_ts: ts, channel_id: channelId, thread_ts };
        Object.assign(payload, {
          container: { ...container, is_ephemeral: !stored },
          channel: {
            id: channelId,
            name: fake.world.channels.get(channelId)?.name ?? 'directmessage',
          },
          message,
          response_url: responseUrl,
        });
        const found = findElement(message.blocks, input.actionId);
        payload.actions = [actionPayload(input, found, actionTs)];
      } else if (input.view) {
        const view = input.view;
        Object.assign(payload, { container: { type: 'view', view_id: view.id }, view });
        payload.state = view.state ?? { values: {} };
        payload.actions = [
          actionPayload(input, findElement(view.blocks, input.actionId), actionTs),
        ];
      } else throw new Error('blockAction needs the message or the view the element is in');
      const result = await sendPayload(payload, sign);
      return { ...result, triggerId, responseUrl };
    },

    /** Submit a modal: `values` are `{ block_id: { action_id: value } }`. */
    async viewSubmission(
      user: string,
      view: Json,
      values: SubmissionValues = {},
      sign?: SignOptions,
    ) {
      const { teamId: team_id, botId: bot_id } = fake.identity;
      const submitted = {
        team_id,
        app_id: appId,
        bot_id,
        ...view,
        state: { values: stateValues(view, values) },
      };
      const payload = {
        type: 'view_submission',
        team,
        user: userOf(user),
        api_app_id: appId,
        token: VERIFICATION_TOKEN,
        trigger_id: fake.issueTrigger(user),
        view: submitted,
        response_urls: [],
        enterprise: null,
        is_enterprise_install: false,
      };
      const result = await sendPayload(payload, sign);
      const top = fake.modalsOf(user).at(-1);
      if (result.status === 200 && top && top.id === view.id) {
        fake.settleViewSubmission(user, result.body);
      }
      return result;
    },

    /**
     * A person writes `text` in their DM with the bot, top-level or as a reply in the thread
     * `threadTs`: the message is kept in the fake workspace and delivered as Slack's Events API
     * does (`event_callback`, a `message` event with channel_type `im`). Send the returned
     * `event` again with its `eventId` and a `retryNum` to play a retry.
     */
    async message(user: string, text: string, opts: EventOptions & { threadTs?: string } = {}) {
      const { threadTs, ...sign } = opts;
      const channel = fake.world.dmOf(user);
      const stored = fake.world.addUserMessage(channel, user, asSlackSendsText(text), threadTs);
      eventCounter += 1;
      const eventId = opts.eventId ?? `EvM${String(eventCounter).padStart(8, '0')}`;
      const event: Json = {
        type: 'message',
        channel,
        user,
        text: stored.text,
        ts: stored.ts,
        event_ts: stored.ts,
        client_msg_id: randomUUID(),
        team: teamId,
        channel_type: 'im',
        ...(threadTs ? { thread_ts: threadTs, parent_user_id: fake.identity.botUserId } : {}),
      };
      const result = await sendEvent(event, { ...sign, eventId });
      return { ...result, event, eventId, message: stored };
    },

    /** An Events API delivery (`event_callback`), or a retry of one. */
    event: sendEvent,
  };
}

/** Text a person typed, as Slack delivers it to an app: `&`, `<` and `>` as entities. */
export function asSlackSendsText(typed: string): string {
  return typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
