/**
 * A fake Slack Web API on loopback for Bolt's own WebClient: records every call, answers with
 * Slack's response shapes and errors, enforces Block Kit limits, and fails on demand
 * (`failNext`, `rateLimit`) the way Slack does: 429 with `Retry-After` and `ratelimited`, or
 * goes silent (`hang`): a call that never gets an answer, as in an outage.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Json } from './block-checks.ts';
import {
  type Answer,
  createFakeSlackApi,
  type FakeSlack,
  type RecordedCall,
} from './fake-slack-api.ts';
import { chatMethods, fail, type Handler } from './fake-slack-chat.ts';
import { fileMethods, receiveUpload } from './fake-slack-files.ts';
import { FakeOAuth } from './fake-slack-oauth.ts';
import { postToResponseUrl } from './fake-slack-responses.ts';
import { userMethods } from './fake-slack-users.ts';
import { viewMethods } from './fake-slack-views.ts';
import {
  type Identity,
  type SlackChannel,
  type SlackUser,
  SlackWorld,
} from './fake-slack-world.ts';
import { APP_LEVEL_SCOPES, manifestBotScopes, missingScope } from './slack-scopes.ts';

export const DEFAULT_BOT_TOKEN = 'xoxb-renubu-test';
/** The app-level token (Socket Mode) the fake accepts unless told others. */
export const DEFAULT_APP_TOKEN = 'xapp-1-renubu-test';

export interface FakeSlackOptions {
  /** Bot tokens the fake accepts; any other gets `invalid_auth`. */
  tokens?: string[];
  users?: SlackUser[];
  /** Public channels; every user's DM with the bot exists as well. */
  channels?: SlackChannel[];
  identity?: Partial<Identity>;
  /** The fake's clock (trigger expiry, recorded times); defaults to Date.now. */
  now?: () => number;
  /** How long a trigger id stays valid; Slack's is 3 s. */
  triggerTtlMs?: number;
  /** Message timestamps from `now` (as Slack's are) instead of a fixed, readable series. */
  clockTimestamps?: boolean;
  /** The bot scopes the tokens were granted; manifest.yml's by default (slack-scopes.ts). */
  scopes?: string[];
  /** App-level tokens (`xapp-…`) that may open a Socket Mode connection. */
  appTokens?: string[];
}

/** Fields Slack takes as JSON strings in a form-encoded call. */
const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata', 'files'];

const METHODS: Record<string, Handler> = {
  ...chatMethods,
  ...userMethods,
  ...viewMethods,
  ...fileMethods,
};

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Call arguments from a JSON, form-encoded or multipart body, plus the query string. */
async function parseArgs(contentType: string, raw: Buffer, query: URLSearchParams) {
  const args: Json = Object.fromEntries(query);
  if (contentType.startsWith('application/json') && raw.length > 0) {
    Object.assign(args, JSON.parse(raw.toString('utf8')));
  } else if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), {
      headers: { 'content-type': contentType },
    }).formData();
    for (const [key, value] of form) if (typeof value === 'string') args[key] = value;
  } else Object.assign(args, Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
  for (const field of JSON_FIELDS) {
    const value = args[field];
    if (typeof value !== 'string') continue;
    try {
      args[field] = JSON.parse(value);
    } catch {
      // left as the string: validation reports it as malformed, as Slack would
    }
  }
  return args;
}

/** Start the fake on 127.0.0.1 with a free port; pass `fake.url` as `slackApiUrl`. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const identity: Identity = {
    teamId: 'T0RENUBU',
    teamDomain: 'renubu-test',
    appId: 'A0RENUBU',
    botId: 'B0RENUBU',
    botUserId: 'U0RENUBU',
    ...options.identity,
  };
  const now = options.now ?? Date.now;
  const world = new SlackWorld(identity, now, options.triggerTtlMs ?? 3000);
  world.clockTimestamps = options.clockTimestamps ?? false;
  for (const user of options.users ?? []) world.users.set(user.id, user);
  for (const channel of options.channels ?? [{ id: 'C0GENERAL', name: 'general' }]) {
    world.channels.set(channel.id, channel);
  }
  const tokens = new Set(options.tokens ?? [DEFAULT_BOT_TOKEN]);
  const scopes = new Set(options.scopes ?? manifestBotScopes());
  const appTokens = new Set(options.appTokens ?? [DEFAULT_APP_TOKEN]);
  /** Tokens Slack now refuses, and with what (token_revoked, account_inactive, …). */
  const refused = new Map<string, string>();
  let socketModeUrl: (() => string) | null = null;
  // more workspaces, installed by OAuth, each with its own tokens and users
  const oauth = new FakeOAuth(world, now);
  let origin = '';
  const api = createFakeSlackApi(world, () => origin);

  /** Answer one Web API call: injected failure, rate limit, unknown method, auth, handler. */
  function answer(method: string, args: Json, token: string | undefined): Answer {
    const injected = api.takeFailure(method);
    if (injected) return injected;
    if (method === 'oauth.v2.access') return { status: 200, body: oauth.access(args) };
    if (method in APP_LEVEL_SCOPES) return answerAppLevel(token);
    const handler = METHODS[method];
    if (!handler) return { status: 200, body: fail('unknown_method', { req_method: method }) };
    if (token === undefined) return { status: 200, body: fail('not_authed') };
    const refusal = refused.get(token);
    if (refusal) return { status: 200, body: fail(refusal) };
    const teamId = tokens.has(token) ? undefined : oauth.teamOf(token);
    if (teamId === 'expired') return { status: 200, body: fail('token_expired') };
    if (!tokens.has(token) && !teamId) return { status: 200, body: fail('invalid_auth') };
    const noScope = missingScope(method, scopes);
    if (noScope) return { status: 200, body: noScope };
    return { status: 200, body: handler(world, args, { origin, ...(teamId ? { teamId } : {}) }) };
  }

  /** `apps.connections.open`: an app-level token gets the URL of a Socket Mode server. */
  function answerAppLevel(token: string | undefined): Answer {
    if (token === undefined) return { status: 200, body: fail('not_authed') };
    const refusal = refused.get(token);
    if (refusal) return { status: 200, body: fail(refusal) };
    if (tokens.has(token)) return { status: 200, body: fail('not_allowed_token_type') };
    if (!appTokens.has(token)) return { status: 200, body: fail('invalid_auth') };
    if (!socketModeUrl) return { status: 200, body: fail('socket_mode_not_enabled') };
    return { status: 200, body: { ok: true, url: socketModeUrl() } };
  }

  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', origin);
      const contentType = String(request.headers['content-type'] ?? '');
      const raw = await readBody(request);
      let status = 404;
      let body: Json | string = fail('not_found');
      let headers: Record<string, string> = {};
      if (url.pathname.startsWith('/api/')) {
        const method = url.pathname.slice('/api/'.length);
        const args = await parseArgs(contentType, raw, url.searchParams);
        const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
        const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
        delete args.token;
        const hang = api.hangOf(method);
        if (hang) {
          const done = hang.processed ? answer(method, args, token).body : fail('no_answer');
          api.record({ method, args, token, time: now(), status: 0, response: done });
          return; // never answered: the client's timeout (or close()) ends the request
        }
        ({ status, body, headers = {} } = answer(method, args, token));
        const call: RecordedCall = { method, args, token, time: now(), status, response: body };
        api.record(call);
      } else if (url.pathname.startsWith('/upload/v1/')) {
        const stored = await receiveUpload(world, url.pathname.slice(11), contentType, raw);
        [status, body] = stored ? [200, `OK - ${raw.length}`] : [404, 'not_found'];
      } else if (url.pathname.startsWith('/response/')) {
        const parsed = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
        ({ status, body } = postToResponseUrl(world, url.href, parsed));
      }
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const type = typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8';
      response.writeHead(status, { 'content-type': type, ...headers }).end(text);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return Object.assign(api.fake, {
    url: `${origin}/api/`,
    origin,
    oauth,
    addUser: (user: SlackUser) => void world.users.set(user.id, user),
    addChannel: (channel: SlackChannel) => void world.channels.set(channel.id, channel),
    refuseToken(token: string, error: string | null) {
      if (error) refused.set(token, error);
      else refused.delete(token);
    },
    acceptSocketMode(url: (() => string) | null) {
      socketModeUrl = url;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

export type { FakeSlack, RecordedCall } from './fake-slack-api.ts';
