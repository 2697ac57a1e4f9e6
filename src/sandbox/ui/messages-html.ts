/**
 * The conversation with the bot as Slack shows it: messages oldest first under day
 * separators, each with the author (Renubu and an APP badge), its time in the user's zone,
 * "(edited)", its blocks (or its text when it has none), its files and the "N replies" link
 * that opens the thread; ephemeral answers ("Only visible to you", Dismiss) where they fall
 * in time. Each message carries the container the client sends with an action on it.
 */
import type {
  SnapshotEphemeral,
  SnapshotFile,
  SnapshotMessage,
  SnapshotUser,
} from '../snapshot.ts';
import { blocksHtml } from './blocks-html.ts';
import type { BlockContext } from './elements-html.ts';
import { attr, escapeHtml, idPart, safeUrl } from './html.ts';
import { mrkdwnHtml, type TextContext } from './mrkdwn.ts';
import { dateOfTs, localTime } from './time-format.ts';

/** The bot's display name, as the manifest names the app. */
export const BOT_NAME = 'Renubu';

/** What a conversation needs: the user (zone, for times), names, and links to build. */
export interface ConversationContext extends TextContext {
  user: SnapshotUser;
  /** `dm` or `th`: keeps element ids unique when a message shows in both panes. */
  pane: 'dm' | 'th';
  /** The page link that opens the thread of `ts`. */
  threadHref(ts: string): string;
}

function blockContext(ctx: ConversationContext, ts: string): BlockContext {
  return { userName: ctx.userName, idPrefix: `${ctx.pane}-${idPart(ts)}`, errors: {} };
}

function contentHtml(
  text: string,
  blocks: unknown[] | undefined,
  ts: string,
  ctx: ConversationContext,
): string {
  if (blocks && blocks.length > 0) return blocksHtml(blocks, blockContext(ctx, ts));
  return `<div class="msg-text">${mrkdwnHtml(text, ctx)}</div>`;
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** A file as a card: a link that opens it in a new tab, and for a PDF an inline viewer. */
export function fileHtml(file: SnapshotFile): string {
  const url = safeUrl(file.url);
  const name = file.title || file.name;
  const pdf = file.mimetype === 'application/pdf' || /\.pdf$/i.test(file.name);
  const kind = pdf ? 'PDF' : (file.mimetype.split('/')[1] ?? 'file').toUpperCase().slice(0, 4);
  const open = url
    ? `<a class="btn btn-small" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer"${attr('aria-label', `Open ${name} in a new tab`)}>Open</a>`
    : '';
  const preview =
    pdf && url
      ? `<details class="file-preview"><summary>Preview ${escapeHtml(name)}</summary>` +
        `<iframe${attr('src', url)}${attr('title', name)} loading="lazy"></iframe></details>`
      : '';
  return (
    `<div class="file-card" data-file-id="${escapeHtml(file.id)}">` +
    `<span class="file-icon file-${pdf ? 'pdf' : 'other'}" aria-hidden="true">${escapeHtml(kind)}</span>` +
    `<span class="file-about"><span class="file-name">${escapeHtml(name)}</span>` +
    `<span class="file-meta">${escapeHtml(kind)} · ${sizeText(file.size)}</span></span>${open}${preview}</div>`
  );
}

function metaHtml(name: string, isBot: boolean, ts: string, ctx: ConversationContext): string {
  const date = dateOfTs(ts);
  const t = localTime(date, ctx.user.tz);
  const time = t
    ? `<time${attr('datetime', date.toISOString())}${attr('title', `${t.weekday} ${t.date} ${t.time} (${t.zone})`)}>${t.time}</time>`
    : '';
  return (
    `<div class="msg-meta"><span class="msg-author">${escapeHtml(name)}</span>` +
    `${isBot ? '<span class="app-badge">APP</span>' : ''}${time}</div>`
  );
}

function avatarHtml(name: string, isBot: boolean): string {
  const letters = name
    .split(/\s+/)
    .map((w) => w.charAt(0))
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return `<div class="avatar${isBot ? ' avatar-bot' : ''}" aria-hidden="true">${escapeHtml(letters || '?')}</div>`;
}

/**
 * One message; `inThread` leaves out the replies link (the thread pane shows the replies)
 * and gives replies their parent in the container.
 */
export function messageHtml(
  message: SnapshotMessage,
  ctx: ConversationContext,
  inThread = false,
): string {
  const { author } = message;
  const name = author.isBot ? BOT_NAME : author.name;
  const replies =
    !inThread && message.replyCount > 0
      ? `<a class="replies-link"${attr('href', ctx.threadHref(message.ts))}${attr('data-open-thread', message.ts)}>` +
        `${message.replyCount} ${message.replyCount === 1 ? 'reply' : 'replies'}</a>`
      : '';
  return (
    `<article class="msg" data-container="message"${attr('data-channel', message.channel)}${attr('data-ts', message.ts)}` +
    `${attr('data-thread-ts', message.threadTs)}${attr('aria-label', `${name}, message`)}>` +
    avatarHtml(name, author.isBot) +
    `<div class="msg-body">${metaHtml(name, author.isBot, message.ts, ctx)}` +
    `<div class="msg-content">${contentHtml(message.text, message.blocks, message.ts, ctx)}</div>` +
    `${message.edited ? '<span class="edited">(edited)</span>' : ''}` +
    `${message.files.length > 0 ? `<div class="msg-files">${message.files.map(fileHtml).join('')}</div>` : ''}` +
    `${replies}</div></article>`
  );
}

/** An ephemeral answer: only this user sees it, until they dismiss it. */
export function ephemeralHtml(ephemeral: SnapshotEphemeral, ctx: ConversationContext): string {
  return (
    `<article class="msg ephemeral" data-container="message" data-ephemeral="1"` +
    `${attr('data-channel', ephemeral.channel)}${attr('data-ts', ephemeral.ts)}${attr('data-thread-ts', ephemeral.threadTs)}` +
    `${attr('data-ephemeral-key', `${ephemeral.channel}:${ephemeral.ts}`)} aria-label="${BOT_NAME}, only visible to you">` +
    avatarHtml(BOT_NAME, true) +
    `<div class="msg-body">${metaHtml(BOT_NAME, true, ephemeral.ts, ctx)}` +
    `<div class="msg-content">${contentHtml(ephemeral.text, ephemeral.blocks, ephemeral.ts, ctx)}</div>` +
    `<div class="ephemeral-note"><span aria-hidden="true">👁</span> Only visible to you · ` +
    `<button type="button" class="link-button" data-dismiss-ephemeral>Dismiss</button></div></div></article>`
  );
}

type Entry = { ts: string; html: string };

/** Messages and ephemerals in time order, a day separator wherever the user's day changes. */
export function timelineHtml(entries: Entry[], ctx: ConversationContext): string {
  const sorted = [...entries].sort((a, b) => Number(a.ts) - Number(b.ts));
  let lastDay = '';
  return sorted
    .map((entry) => {
      const t = localTime(dateOfTs(entry.ts), ctx.user.tz);
      const day = t?.day ?? '';
      const separator =
        t && day !== lastDay
          ? `<div class="day-separator" role="separator"><span>${escapeHtml(`${t.weekday}, ${t.date}`)}</span></div>`
          : '';
      lastDay = day;
      return separator + entry.html;
    })
    .join('');
}

/** Entries of the DM: top-level messages and the ephemerals outside threads. */
export function dmEntries(
  messages: SnapshotMessage[],
  ephemerals: SnapshotEphemeral[],
  ctx: ConversationContext,
): Entry[] {
  return [
    ...messages.map((m) => ({ ts: m.ts, html: messageHtml(m, ctx) })),
    ...ephemerals
      .filter((e) => e.threadTs === undefined)
      .map((e) => ({ ts: e.ts, html: ephemeralHtml(e, ctx) })),
  ];
}
