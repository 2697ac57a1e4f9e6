/**
 * The sandbox's picture of its workspace for one user (src/sandbox/snapshot.ts): the bot's
 * DM with its threads, ephemerals, modal stack and Home tab from the Slack world, and the
 * emails the bot wrote from the outbox. Pure except `loadEmails`, which reads the outbox.
 */
import type { Sql } from '../db/connection.ts';
import { isObject, type Json } from './slack/block-checks.ts';
import type { SlackWorld, StoredMessage } from './slack/fake-slack-world.ts';
import type {
  Pane,
  SnapshotEmail,
  SnapshotFile,
  SnapshotMessage,
  SnapshotUser,
  SnapshotView,
  WorkspaceSnapshot,
} from './snapshot.ts';

export interface Selection {
  user: string | undefined;
  pane: Pane;
  thread: string | null;
  email: number | null;
}

export interface SnapshotInputs {
  world: SlackWorld;
  users: SnapshotUser[];
  now: Date;
  emails: SnapshotEmail[];
  /** The bot's last `errors` answer per view id. */
  viewErrors: Map<string, Record<string, string>>;
  jobLog: string[];
  /** The newest DM message ts each user has seen. */
  lastSeen: Map<string, string>;
}

const str = (value: unknown, fallback = ''): string =>
  typeof value === 'string' ? value : fallback;

function toFile(file: Json): SnapshotFile {
  const id = str(file.id);
  return {
    id,
    name: str(file.name, id),
    title: str(file.title, str(file.name, id)),
    mimetype: str(file.mimetype, 'application/octet-stream'),
    url: `/sandbox/files/${encodeURIComponent(id)}`,
    size: typeof file.size === 'number' ? file.size : 0,
  };
}

function toMessage(world: SlackWorld, message: StoredMessage, replyCount: number): SnapshotMessage {
  const isBot = message.user === world.identity.botUserId;
  const author = isBot
    ? { id: message.user, name: 'Renubu', isBot }
    : { id: message.user, name: world.users.get(message.user)?.name ?? message.user, isBot };
  return {
    channel: message.channel,
    ts: message.ts,
    text: message.text,
    blocks: message.blocks,
    files: (message.files ?? []).filter(isObject).map(toFile),
    threadTs: message.thread_ts !== message.ts ? message.thread_ts : undefined,
    replyCount,
    edited: message.edited !== undefined,
    author,
  };
}

const isReply = (m: StoredMessage) => m.thread_ts !== undefined && m.thread_ts !== m.ts;

/** The DM of `user`: parents and replies by parent ts. */
export function dmOf(world: SlackWorld, user: string): WorkspaceSnapshot['dm'] {
  const channel = world.dmOf(user);
  const all = world.messages.get(channel) ?? [];
  const replies: Record<string, SnapshotMessage[]> = {};
  for (const message of all.filter(isReply)) {
    const parent = message.thread_ts as string;
    const list = replies[parent] ?? [];
    list.push(toMessage(world, message, 0));
    replies[parent] = list;
  }
  const messages = all
    .filter((m) => !isReply(m))
    .map((m) => toMessage(world, m, replies[m.ts]?.length ?? 0));
  return { channel, messages, replies };
}

function toView(view: Json, viewErrors: Map<string, Record<string, string>>): SnapshotView {
  const id = str(view.id);
  return { id, view, errors: viewErrors.get(id) ?? {} };
}

/** The newest ts in a user's DM, parents and replies (for unread counts). */
export function newestTs(world: SlackWorld, user: string): string | undefined {
  return (world.messages.get(world.dmOf(user)) ?? [])
    .map((m) => m.ts)
    .sort()
    .at(-1);
}

function unreadCounts(inputs: SnapshotInputs): Record<string, number> {
  const unread: Record<string, number> = {};
  for (const user of inputs.users) {
    const seen = inputs.lastSeen.get(user.id) ?? '';
    const list = inputs.world.messages.get(inputs.world.dmOf(user.id)) ?? [];
    unread[user.id] = list.filter((m) => m.ts > seen).length;
  }
  return unread;
}

export function buildSnapshot(inputs: SnapshotInputs, selection: Selection): WorkspaceSnapshot {
  const { world, users } = inputs;
  const user = users.find((u) => u.id === selection.user) ?? users[0];
  if (!user) throw new Error('the sandbox workspace has no users');
  const dm = dmOf(world, user.id);
  const thread =
    selection.thread && dm.messages.some((m) => m.ts === selection.thread)
      ? selection.thread
      : null;
  const home = world.homes.get(user.id);
  const email = inputs.emails.some((e) => e.id === selection.email) ? selection.email : null;
  return {
    now: inputs.now.toISOString(),
    users,
    user,
    pane: selection.pane,
    dm,
    openThread: thread,
    ephemerals: world.ephemerals
      .filter((e) => e.user === user.id)
      .map((e) => ({
        channel: e.channel,
        threadTs: e.thread_ts,
        ts: e.message_ts,
        text: e.text,
        blocks: e.blocks,
      })),
    modals: (world.modals.get(user.id) ?? []).map((view) => toView(view, inputs.viewErrors)),
    home: home ? toView(home, inputs.viewErrors) : null,
    emails: inputs.emails,
    openEmail: email,
    jobLog: inputs.jobLog,
    unread: unreadCounts(inputs),
  };
}

interface EmailRow {
  id: number;
  kind: string;
  status: string;
  created_at: Date;
  payload: Json;
}

const addresses = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];

/**
 * The emails in the outbox, newest first (the newest 200), dated when sent (by the sandbox
 * clock) or else when written.
 */
export async function loadEmails(sql: Sql): Promise<SnapshotEmail[]> {
  const rows = await sql<EmailRow[]>`
    select id, kind, status, coalesce(sent_at, created_at) as created_at, payload from outbox
     where channel = 'email' order by id desc limit 200`;
  return rows.map((row) => {
    const payload = isObject(row.payload) ? row.payload : {};
    const attachments = Array.isArray(payload.attachments) ? payload.attachments : [];
    return {
      id: row.id,
      to: addresses(payload.to),
      cc: addresses(payload.cc),
      subject: str(payload.subject, '(no subject)'),
      status: row.status,
      kind: row.kind,
      createdAt: row.created_at.toISOString(),
      text: str(payload.text),
      hasHtml: typeof payload.html === 'string',
      replyable: isObject(payload.replyAs),
      attachments: attachments.filter(isObject).map((a) => ({
        filename: str(a.filename),
        contentType: str(a.contentType),
      })),
    };
  });
}

/** An email's HTML with its inline (cid:) images as data: URLs, or null. */
export async function emailHtml(sql: Sql, id: number): Promise<string | null> {
  const [row] = await sql<{ payload: Json }[]>`
    select payload from outbox where channel = 'email' and id = ${id}`;
  const payload = row && isObject(row.payload) ? row.payload : undefined;
  if (typeof payload?.html !== 'string') return null;
  let html = payload.html;
  for (const a of Array.isArray(payload.attachments) ? payload.attachments.filter(isObject) : []) {
    if (typeof a.cid !== 'string' || typeof a.base64 !== 'string') continue;
    html = html.split(`cid:${a.cid}`).join(`data:${str(a.contentType)};base64,${a.base64}`);
  }
  return html;
}
