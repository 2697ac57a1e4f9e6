/**
 * What the fake Slack workspace holds: users, channels, messages (with their edit history),
 * ephemeral messages, modal stacks and Home tabs, trigger ids, uploaded files and what was
 * posted to response URLs. Method handlers (fake-slack-*.ts) read and change it.
 */
import type { Json } from './block-checks.ts';

export interface SlackUser {
  id: string;
  email: string;
  name: string;
  /** IANA time zone, e.g. `Europe/Paris`; UTC when absent. */
  tz?: string;
  /** The workspace the user is in (fake-slack-oauth.ts); the default team when absent. */
  teamId?: string;
}

export interface SlackChannel {
  id: string;
  name: string;
}

export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  user: string;
  /** The bot's messages only; a person's message has none. */
  bot_id?: string;
  app_id?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: Json;
  thread_ts?: string;
  files?: Json[];
  upload?: boolean;
  edited?: { user: string; ts: string };
  /** Earlier versions, oldest first, as chat.update and response_url replaced them. */
  history: Array<Pick<StoredMessage, 'text' | 'blocks' | 'attachments' | 'metadata'>>;
}

export interface StoredEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
}

export interface StoredFile {
  id: string;
  filename: string;
  length: number;
  title?: string;
  altText?: string;
  bytes?: Buffer;
  shared: boolean;
}

export interface ResponseUrlPost {
  url: string;
  body: Json;
  time: number;
  /** Slack's error when it refused the post (`invalid_blocks`…). */
  error?: string;
}

/** Where a response URL points: the user who acted and the message they acted on, if any. */
export interface ResponseTarget {
  user: string;
  channel: string;
  messageTs?: string;
}

export interface Identity {
  teamId: string;
  teamDomain: string;
  appId: string;
  botId: string;
  botUserId: string;
}

/** Whether a user is in the workspace `teamId` (users of no team are the default team's). */
export function inTeam(world: SlackWorld, user: SlackUser, teamId: string | undefined): boolean {
  return (user.teamId ?? world.identity.teamId) === (teamId ?? world.identity.teamId);
}

export class SlackWorld {
  readonly users = new Map<string, SlackUser>();
  readonly channels = new Map<string, SlackChannel>();
  readonly messages = new Map<string, StoredMessage[]>();
  readonly deleted: StoredMessage[] = [];
  readonly ephemerals: StoredEphemeral[] = [];
  readonly openedDms = new Set<string>();
  readonly modals = new Map<string, Json[]>();
  readonly homes = new Map<string, Json>();
  readonly triggers = new Map<string, { user: string; issuedAt: number; used: boolean }>();
  readonly files = new Map<string, StoredFile>();
  readonly responseTargets = new Map<string, ResponseTarget>();
  readonly responses: ResponseUrlPost[] = [];
  private tsCounter = 0;
  private idCounter = 0;
  private lastMicros = 0;
  /** Message timestamps from `now` instead of a fixed 2023 epoch. */
  clockTimestamps = false;

  constructor(
    readonly identity: Identity,
    readonly now: () => number,
    readonly triggerTtlMs: number,
  ) {}

  /**
   * Strictly increasing message timestamps across all channels: `1700000000.000100`, … or,
   * with `clockTimestamps`, the world's clock in microseconds (the sandbox shows them).
   */
  nextTs(): string {
    this.tsCounter += 1;
    let micros = 1_700_000_000_000_000 + this.tsCounter * 100;
    if (this.clockTimestamps) {
      micros = Math.max(this.now() * 1000, this.lastMicros + 1);
      this.lastMicros = micros;
    }
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  /** A fresh Slack-looking id: `V00000001`, `F00000002`… */
  newId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}${this.idCounter.toString(36).toUpperCase().padStart(8, '0')}`;
  }

  /** The bot's DM with a user: the same `D…` id every time. */
  dmOf(userId: string): string {
    return `D${userId.replace(/^[UW]/, '')}`;
  }

  /** A channel id from an id, a `#name`, a user id (their DM) or a DM id; undefined if unknown. */
  resolveChannel(ref: unknown): string | undefined {
    if (typeof ref !== 'string' || ref === '') return undefined;
    if (this.channels.has(ref)) return ref;
    if (this.users.has(ref)) return this.dmOf(ref);
    const byName = [...this.channels.values()].find((c) => c.name === ref.replace(/^#/, ''));
    if (byName) return byName.id;
    const dmUser = [...this.users.keys()].find((id) => this.dmOf(id) === ref);
    return dmUser ? ref : undefined;
  }

  messagesIn(channel: string): StoredMessage[] {
    const id = this.resolveChannel(channel) ?? channel;
    let list = this.messages.get(id);
    if (!list) {
      list = [];
      this.messages.set(id, list);
    }
    return list;
  }

  findMessage(channel: string, ts: unknown): StoredMessage | undefined {
    return this.messagesIn(channel).find((m) => m.ts === ts);
  }

  addMessage(channel: string, fields: Partial<StoredMessage>): StoredMessage {
    const { botId, appId, botUserId } = this.identity;
    const message: StoredMessage = {
      type: 'message',
      text: '',
      ...fields,
      channel,
      ts: this.nextTs(),
      user: botUserId,
      bot_id: botId,
      app_id: appId,
      history: [],
    };
    this.messagesIn(channel).push(message);
    return message;
  }

  /** A message a person wrote (in a DM, or as a reply in a thread): no bot, no app. */
  addUserMessage(channel: string, user: string, text: string, threadTs?: string): StoredMessage {
    const message: StoredMessage = {
      type: 'message',
      channel,
      ts: this.nextTs(),
      text,
      user,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      history: [],
    };
    this.messagesIn(channel).push(message);
    return message;
  }

  /** Replace a message's content, keeping the old version in its history. */
  editMessage(message: StoredMessage, changes: Json): void {
    const { text, blocks, attachments, metadata } = message;
    message.history.push({ text, blocks, attachments, metadata });
    for (const key of ['text', 'blocks', 'attachments', 'metadata'] as const) {
      if (changes[key] !== undefined) Object.assign(message, { [key]: changes[key] });
    }
    message.edited = { user: this.identity.botUserId, ts: this.nextTs() };
  }

  deleteMessage(message: StoredMessage): void {
    const list = this.messagesIn(message.channel);
    list.splice(list.indexOf(message), 1);
    this.deleted.push(message);
  }

  /** A trigger id as Slack hands one out with an interaction: valid 3 s, usable once. */
  issueTrigger(user: string): string {
    const id = `${Math.floor(this.now() / 1000)}.${this.idCounter + 1}.${this.newId('t').toLowerCase()}`;
    this.triggers.set(id, { user, issuedAt: this.now(), used: false });
    return id;
  }

  /** Use a trigger id: the user it belongs to, or Slack's error for it. */
  exchangeTrigger(id: unknown): { user: string } | { error: string } {
    const trigger = typeof id === 'string' ? this.triggers.get(id) : undefined;
    if (!trigger) return { error: 'invalid_trigger_id' };
    if (trigger.used) return { error: 'exchanged_trigger_id' };
    if (this.now() - trigger.issuedAt > this.triggerTtlMs) return { error: 'expired_trigger_id' };
    trigger.used = true;
    return { user: trigger.user };
  }

  /** Forget everything that happened, timestamps and ids restart; keep users and channels. */
  clear(): void {
    this.tsCounter = 0;
    this.idCounter = 0;
    for (const store of [this.messages, this.modals, this.homes, this.triggers, this.files]) {
      store.clear();
    }
    this.responseTargets.clear();
    this.openedDms.clear();
    this.deleted.length = 0;
    this.ephemerals.length = 0;
    this.responses.length = 0;
  }
}
