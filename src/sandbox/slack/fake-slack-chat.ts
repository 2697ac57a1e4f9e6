/**
 * The fake's chat.* and conversations.* methods, answering with Slack's response shapes and
 * error names. Messages carry their `metadata` so the outbox can look up what it already sent.
 */
import { isObject, type Json } from './block-checks.ts';
import { inTeam, type SlackWorld, type StoredMessage } from './fake-slack-world.ts';
import { checkMessage } from './slack-limits.ts';

/** `teamId`: the workspace of the call's token (fake-slack-oauth.ts); the default team's. */
export type Handler = (
  world: SlackWorld,
  args: Json,
  context: { origin: string; teamId?: string },
) => Json;

export const fail = (error: string, extra: Json = {}): Json => ({ ok: false, error, ...extra });

/** Form fields arrive as strings: `'true'`, `'1'`. */
export const flag = (value: unknown): boolean =>
  value === true || value === 'true' || value === '1';

/** A message as the Web API returns it; `metadata` only when asked for, as Slack does. */
export function toApiMessage(world: SlackWorld, message: StoredMessage, withMetadata: boolean) {
  const { channel: _channel, history: _history, metadata, ...rest } = message;
  const api: Json = { ...rest };
  if (withMetadata && metadata) api.metadata = metadata;
  const replies = world
    .messagesIn(message.channel)
    .filter((m) => m.thread_ts === message.ts && m.ts !== message.ts);
  if (replies.length > 0) {
    const users = [...new Set(replies.map((m) => m.user))];
    Object.assign(api, {
      thread_ts: message.ts,
      reply_count: replies.length,
      reply_users: users,
      reply_users_count: users.length,
      latest_reply: replies.at(-1)?.ts,
    });
  }
  return api;
}

function checkMetadata(metadata: unknown): boolean {
  return (
    metadata === undefined ||
    (isObject(metadata) &&
      typeof metadata.event_type === 'string' &&
      isObject(metadata.event_payload))
  );
}

/** A page of `list` after `cursor` (an offset, as Slack's cursors are opaque strings). */
function page<T>(list: T[], args: Json) {
  const limit = Math.min(Number(args.limit ?? 100) || 100, 1000);
  const offset = Number(Buffer.from(String(args.cursor ?? ''), 'base64').toString() || 0);
  const items = list.slice(offset, offset + limit);
  const more = offset + limit < list.length;
  const nextCursor = more ? Buffer.from(String(offset + limit)).toString('base64') : '';
  return { items, has_more: more, response_metadata: { next_cursor: nextCursor } };
}

function inRange(ts: string, args: Json): boolean {
  const inclusive = flag(args.inclusive);
  const n = Number(ts);
  const oldest = args.oldest === undefined ? undefined : Number(args.oldest);
  const latest = args.latest === undefined ? undefined : Number(args.latest);
  if (oldest !== undefined && (inclusive ? n < oldest : n <= oldest)) return false;
  if (latest !== undefined && (inclusive ? n > latest : n >= latest)) return false;
  return true;
}

export const chatMethods: Record<string, Handler> = {
  'chat.postMessage'(world, args) {
    const channel = world.resolveChannel(args.channel);
    if (!channel) return fail('channel_not_found');
    const problem = checkMessage(args);
    if (problem) return { ...problem };
    if (!checkMetadata(args.metadata)) return fail('invalid_metadata_format');
    let threadTs: string | undefined;
    if (args.thread_ts !== undefined) {
      const parent = world.findMessage(channel, args.thread_ts);
      if (!parent) return fail('thread_not_found');
      threadTs = parent.thread_ts ?? parent.ts;
    }
    const { text, blocks, attachments, metadata } = args;
    const message = world.addMessage(channel, {
      text: typeof text === 'string' ? text : '',
      blocks: blocks as unknown[] | undefined,
      attachments: attachments as unknown[] | undefined,
      metadata: metadata as Json | undefined,
      thread_ts: threadTs,
    });
    return { ok: true, channel, ts: message.ts, message: toApiMessage(world, message, true) };
  },

  'chat.postEphemeral'(world, args) {
    const channel = world.resolveChannel(args.channel);
    if (!channel) return fail('channel_not_found');
    if (typeof args.user !== 'string' || !world.users.has(args.user)) {
      return fail('user_not_in_channel');
    }
    const problem = checkMessage(args);
    if (problem) return { ...problem };
    const message_ts = world.nextTs();
    const { user, text, blocks, thread_ts } = args;
    world.ephemerals.push({
      channel,
      user,
      message_ts,
      text: typeof text === 'string' ? text : '',
      blocks: blocks as unknown[] | undefined,
      thread_ts: thread_ts as string | undefined,
    });
    return { ok: true, message_ts };
  },

  'chat.update'(world, args) {
    const channel = world.resolveChannel(args.channel);
    if (!channel) return fail('channel_not_found');
    const message = world.findMessage(channel, args.ts);
    if (!message) return fail('message_not_found');
    const changes = ['text', 'blocks', 'attachments', 'metadata'].some(
      (k) => args[k] !== undefined,
    );
    if (!changes) return fail('no_text');
    const problem = checkMessage(args, false);
    if (problem) return { ...problem };
    if (!checkMetadata(args.metadata)) return fail('invalid_metadata_format');
    world.editMessage(message, args);
    const api = toApiMessage(world, message, true);
    return { ok: true, channel, ts: message.ts, text: message.text, message: api };
  },

  'chat.delete'(world, args) {
    const channel = world.resolveChannel(args.channel);
    if (!channel) return fail('channel_not_found');
    const message = world.findMessage(channel, args.ts);
    if (!message) return fail('message_not_found');
    world.deleteMessage(message);
    return { ok: true, channel, ts: message.ts };
  },

  'conversations.open'(world, args, context) {
    if (typeof args.channel === 'string') {
      const channel = world.resolveChannel(args.channel);
      return channel ? { ok: true, channel: { id: channel } } : fail('channel_not_found');
    }
    if (typeof args.users !== 'string' || args.users === '') return fail('users_list_not_supplied');
    const users = args.users.split(',').map((u) => u.trim());
    // a user of another workspace is not found, as in Slack
    const unknown = users.find((u) => {
      const user = world.users.get(u);
      return !user || !inTeam(world, user, context.teamId);
    });
    if (unknown) return fail('user_not_found');
    if (users.length > 1) return fail('not_supported', { note: 'the fake opens DMs only' });
    const id = world.dmOf(users[0]!);
    const already = world.openedDms.has(id);
    world.openedDms.add(id);
    const channel = flag(args.return_im) ? { id, is_im: true, user: users[0] } : { id };
    return already ? { ok: true, no_op: true, already_open: true, channel } : { ok: true, channel };
  },

  'conversations.history'(world, args) {
    const channel = world.resolveChannel(args.channel);
    if (!channel) return fail('channel_not_found');
    const withMetadata = flag(args.include_all_metadata);
    const topLevel = world
      .messagesIn(channel)
      .filter((m) => (m.thread_ts === undefined || m.thread_ts === m.ts) && inRange(m.ts, args))
      .reverse();
    const { items, ...rest } = page(topLevel, args);
    const messages = items.map((m) => toApiMessage(world, m, withMetadata));
    return { ok: true, messages, pin_count: 0, ...rest };
  },

  'conversations.replies'(world, args) {
    const channel = world.resolveChannel(args.channel);
    if (!channel) return fail('channel_not_found');
    const found = world.findMessage(channel, args.ts);
    if (!found) return fail('thread_not_found');
    const root = found.thread_ts ?? found.ts;
    const thread = world
      .messagesIn(channel)
      .filter((m) => (m.ts === root || m.thread_ts === root) && inRange(m.ts, args));
    const { items, ...rest } = page(thread, args);
    const withMetadata = flag(args.include_all_metadata);
    return { ok: true, messages: items.map((m) => toApiMessage(world, m, withMetadata)), ...rest };
  },
};
