/**
 * The test-facing side of the fake Slack: the record of calls, waiting for a call, failure
 * injection, and read access to what the workspace now shows (messages, modals, Home tabs,
 * ephemerals, files, response URL posts).
 */
import type { Json } from './block-checks.ts';
import { fail } from './fake-slack-chat.ts';
import type { FakeOAuth } from './fake-slack-oauth.ts';
import { settleSubmission } from './fake-slack-views.ts';
import type {
  Identity,
  ResponseTarget,
  ResponseUrlPost,
  SlackChannel,
  SlackUser,
  SlackWorld,
  StoredEphemeral,
  StoredMessage,
} from './fake-slack-world.ts';

export interface RecordedCall {
  method: string;
  /** Arguments with `blocks`, `view`, `attachments`, `metadata`, `files` JSON-decoded. */
  args: Json;
  /** From `Authorization: Bearer …` (or a `token` argument). */
  token: string | undefined;
  time: number;
  status: number;
  response: Json;
}

/** What the next call(s) to a method answer instead of doing their work. */
export type Failure =
  | { error: string; extra?: Json }
  | { status: 429; retryAfter: number }
  | { status: 500 };

/**
 * A Slack that does not answer: calls to the method hang until the client gives up. With
 * `processed`, Slack did the work (the message is posted) before going silent.
 */
export interface Hang {
  processed: boolean;
}

/** Every Nth call to a method (every call by default) is rate limited. */
export interface RateLimitStorm {
  everyNth?: number;
  retryAfter: number;
}

export interface FakeSlack {
  /** Web API base URL, ending in `/api/`: Bolt's `clientOptions.slackApiUrl`. */
  url: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  identity: Identity;
  /** The workspace itself, for what the helpers below do not cover. */
  world: SlackWorld;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Messages (parents and replies, oldest first) in a channel, by id, name or user id. */
  messagesIn(channel: string): StoredMessage[];
  /** The first call, past or future, to `method` that `predicate` accepts. */
  waitForCall(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  failNext(method: string, failure: Failure, times?: number): void;
  /** Make calls to a method (`*`: every method) hang unanswered; null answers again. */
  hang(method: string, hang: Hang | null): void;
  /** Start (or, with null, stop) a rate limit storm on a method. */
  rateLimit(method: string, storm: RateLimitStorm | null): void;
  /** A trigger id for an interaction by `user`, as Slack sends with commands and actions. */
  issueTrigger(user: string): string;
  /** A response URL on the fake; what is posted to it acts on `target` as Slack would. */
  responseUrl(target: ResponseTarget): string;
  responses(url?: string): ResponseUrlPost[];
  ephemeralsFor(user: string): StoredEphemeral[];
  /** The user's open modals, bottom first. */
  modalsOf(user: string): Json[];
  homeOf(user: string): Json | undefined;
  fileBytes(fileId: string): Buffer | undefined;
  /** Apply a view_submission's ack to the user's modal stack (the driver does this). */
  settleViewSubmission(user: string, ack: unknown): void;
  /** oauth.v2.access and the workspaces installed by OAuth (fake-slack-oauth.ts). */
  oauth: FakeOAuth;
  addUser(user: SlackUser): void;
  addChannel(channel: SlackChannel): void;
  /**
   * From now on every call with `token` answers `error` (`token_revoked`, `account_inactive`,
   * `invalid_auth`), as Slack does once a workspace uninstalled the app; null accepts it again.
   */
  refuseToken(
    token: string,
    error: 'token_revoked' | 'account_inactive' | 'invalid_auth' | null,
  ): void;
  /** Answer `apps.connections.open` with this URL (a Socket Mode server); null: refuse it. */
  acceptSocketMode(url: (() => string) | null): void;
  /** Forget calls, messages, views, files and failures; keep users, channels and tokens. */
  reset(): void;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  body: Json;
  headers?: Record<string, string>;
}

type Core = Omit<
  FakeSlack,
  | 'url'
  | 'origin'
  | 'oauth'
  | 'addUser'
  | 'addChannel'
  | 'refuseToken'
  | 'acceptSocketMode'
  | 'close'
>;

function failureAnswer(failure: Failure): Answer {
  if ('error' in failure) return { status: 200, body: fail(failure.error, failure.extra) };
  if (failure.status === 429) return rateLimited(failure.retryAfter);
  return { status: 500, body: fail('internal_error') };
}

function rateLimited(retryAfter: number): Answer {
  const body = fail('ratelimited');
  return { status: 429, body, headers: { 'retry-after': String(retryAfter) } };
}

export function createFakeSlackApi(world: SlackWorld, origin: () => string) {
  const calls: RecordedCall[] = [];
  const failures = new Map<string, Array<{ failure: Failure; left: number }>>();
  const storms = new Map<string, RateLimitStorm & { seen: number }>();
  const hangs = new Map<string, Hang>();
  let waiters: Array<{ method: string; accept: (call: RecordedCall) => boolean }> = [];

  const fake: Core = {
    identity: world.identity,
    world,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    messagesIn: (channel) => world.messagesIn(channel),
    waitForCall(method, predicate = () => true, timeoutMs = 2000) {
      const seen = calls.find((call) => call.method === method && predicate(call));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = {
          method,
          accept(call: RecordedCall) {
            if (!predicate(call)) return false;
            clearTimeout(timer);
            resolve(call);
            return true;
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          const seenCalls = calls.map((call) => call.method).join(', ') || 'none';
          reject(new Error(`no ${method} call within ${timeoutMs} ms (calls: ${seenCalls})`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    failNext(method, failure, times = 1) {
      const queue = failures.get(method) ?? [];
      queue.push({ failure, left: times });
      failures.set(method, queue);
    },
    hang(method, hang) {
      if (hang) hangs.set(method, hang);
      else hangs.delete(method);
    },
    rateLimit(method, storm) {
      if (storm) storms.set(method, { ...storm, seen: 0 });
      else storms.delete(method);
    },
    issueTrigger: (user) => world.issueTrigger(user),
    responseUrl(target) {
      const url = `${origin()}/response/${world.newId('R')}`;
      world.responseTargets.set(url, target);
      return url;
    },
    responses: (url) => world.responses.filter((post) => url === undefined || post.url === url),
    ephemeralsFor: (user) => world.ephemerals.filter((message) => message.user === user),
    modalsOf: (user) => world.modals.get(user) ?? [],
    homeOf: (user) => world.homes.get(user),
    fileBytes: (fileId) => world.files.get(fileId)?.bytes,
    settleViewSubmission: (user, ack) => settleSubmission(world, user, ack),
    reset() {
      calls.length = 0;
      failures.clear();
      storms.clear();
      hangs.clear();
      world.clear();
    },
  };

  return {
    fake,
    record(call: RecordedCall) {
      calls.push(call);
      waiters = waiters.filter((w) => w.method !== call.method || !w.accept(call));
    },
    /** How a call to `method` hangs, if it does. */
    hangOf: (method: string): Hang | undefined => hangs.get(method) ?? hangs.get('*'),
    /** An injected failure or storm answer for this call to `method`, if any. */
    takeFailure(method: string): Answer | undefined {
      const queue = failures.get(method);
      const next = queue?.[0];
      if (queue && next) {
        next.left -= 1;
        if (next.left <= 0) queue.shift();
        return failureAnswer(next.failure);
      }
      const storm = storms.get(method);
      if (!storm) return undefined;
      storm.seen += 1;
      return storm.seen % (storm.everyNth ?? 1) === 0 ? rateLimited(storm.retryAfter) : undefined;
    },
  };
}
