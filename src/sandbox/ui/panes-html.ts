/**
 * The main pane in its three forms (the DM with Renubu, the App Home tab, the Outbox), the
 * thread pane beside the DM, and the composers. Each says what to do when it is empty.
 */
import type { SnapshotEmail, WorkspaceSnapshot } from '../snapshot.ts';
import { blocksHtml } from './blocks-html.ts';
import { attr, escapeHtml, idPart } from './html.ts';
import { hrefFor } from './links.ts';
import {
  BOT_NAME,
  type ConversationContext,
  dmEntries,
  ephemeralHtml,
  messageHtml,
  timelineHtml,
} from './messages-html.ts';
import type { TextContext } from './mrkdwn.ts';
import { clockText } from './time-format.ts';

function paneHeader(title: string, sub: string): string {
  return (
    `<header class="pane-header"><h1>${escapeHtml(title)}` +
    `${title === BOT_NAME ? ' <span class="app-badge">APP</span>' : ''}</h1>` +
    `<span class="pane-sub">${escapeHtml(sub)}</span></header>`
  );
}

function emptyState(title: string, what: string): string {
  return `<div class="empty-state"><p class="empty-title">${escapeHtml(title)}</p><p>${escapeHtml(what)}</p></div>`;
}

export function conversationContext(
  s: WorkspaceSnapshot,
  text: TextContext,
  pane: 'dm' | 'th',
): ConversationContext {
  return {
    ...text,
    user: s.user,
    pane,
    threadHref: (ts) => hrefFor({ user: s.user.id, pane: 'dm', thread: ts }),
  };
}

/** The DM: every message, oldest first, and the ephemerals outside threads. */
export function dmPaneHtml(s: WorkspaceSnapshot, text: TextContext): string {
  const ctx = conversationContext(s, text, 'dm');
  const entries = dmEntries(s.dm.messages, s.ephemerals, ctx);
  const body =
    entries.length > 0
      ? `<div class="messages" role="log" aria-label="Messages from ${BOT_NAME}">${timelineHtml(entries, ctx)}</div>`
      : emptyState(
          'No messages yet',
          "Press 'Next 06:00 (morning DM)' to run the morning, or type /renubu today below.",
        );
  return (
    `<section class="pane pane-dm" data-testid="dm"${attr('data-channel', s.dm.channel)} aria-label="Direct messages with ${BOT_NAME}">` +
    `${paneHeader(BOT_NAME, `Direct messages with ${s.user.name}`)}${body}</section>`
  );
}

/** The App Home tab: the view the bot published, as a view container. */
export function homePaneHtml(s: WorkspaceSnapshot, text: TextContext): string {
  const home = s.home;
  const body = home
    ? `<div class="view home-view" data-container="view"${attr('data-view-id', home.id)}>` +
      `${blocksHtml(viewBlocks(home.view), { ...text, idPrefix: `home-${idPart(home.id)}`, errors: home.errors })}</div>`
    : emptyState(
        'Nothing published yet',
        'Renubu draws its Home tab when you open it; if this stays empty, check the job log above for errors.',
      );
  return (
    `<section class="pane pane-home" data-testid="home" aria-label="${BOT_NAME} Home">` +
    `${paneHeader(BOT_NAME, 'Home')}${body}</section>`
  );
}

export function viewBlocks(view: Record<string, unknown>): unknown[] {
  return Array.isArray(view.blocks) ? view.blocks : [];
}

function emailRow(email: SnapshotEmail, s: WorkspaceSnapshot): string {
  const open = email.id === s.openEmail;
  return (
    `<li><a class="mail-row${open ? ' selected' : ''}"${attr('href', hrefFor({ user: s.user.id, pane: 'mail', email: email.id }))}` +
    `${attr('aria-current', open ? 'true' : undefined)}${attr('data-email-id', email.id)}>` +
    `<span class="mail-subject">${escapeHtml(email.subject || '(no subject)')}</span>` +
    `<span class="mail-to">To ${escapeHtml(email.to.join(', '))}</span>` +
    `<span class="mail-status status-${idPart(email.status)}">${escapeHtml(email.status)}</span>` +
    `<time class="mail-time"${attr('datetime', email.createdAt)}>${escapeHtml(clockText(email.createdAt, s.user.tz))}</time></a></li>`
  );
}

function emailHtml(email: SnapshotEmail, s: WorkspaceSnapshot): string {
  const row = (name: string, value: string) =>
    value ? `<dt>${name}</dt><dd>${escapeHtml(value)}</dd>` : '';
  const attachments =
    email.attachments.length > 0
      ? `<ul class="mail-attachments" aria-label="Attachments">${email.attachments
          .map(
            (a) =>
              `<li><span aria-hidden="true">📎</span> ${escapeHtml(a.filename)} <span class="file-meta">${escapeHtml(a.contentType)}</span></li>`,
          )
          .join('')}</ul>`
      : '';
  const html = email.hasHtml
    ? `<iframe class="mail-html" sandbox${attr('src', `/sandbox/emails/${email.id}/html`)}${attr('title', `${email.subject} (HTML)`)}></iframe>`
    : '';
  return (
    `<article class="mail-open" data-testid="email"${attr('aria-label', email.subject || 'Email')}>` +
    `<h2>${escapeHtml(email.subject || '(no subject)')}</h2>` +
    `<dl class="mail-headers">${row('To', email.to.join(', '))}${row('Cc', email.cc.join(', '))}` +
    `${row('Status', email.status)}${row('Kind', email.kind)}${row('Written', clockText(email.createdAt, s.user.tz))}</dl>` +
    `${attachments}${html}<pre class="mail-text">${escapeHtml(email.text)}</pre>${replyBoxHtml(email)}</article>`
  );
}

/** Under an email to a CSM: reply to it as the CSM would (PRODUCT.md §12). */
function replyBoxHtml(email: SnapshotEmail): string {
  if (!email.replyable) return '';
  return (
    `<form class="composer mail-reply" data-mail-reply${attr('data-email-id', String(email.id))} data-testid="mail-reply">` +
    `<label${attr('for', `mail-reply-${email.id}`)} class="visually-hidden">Reply by email</label>` +
    `<div class="composer-box"><textarea${attr('id', `mail-reply-${email.id}`)} name="text" rows="2" autocomplete="off" placeholder="2 snooze monday"></textarea>` +
    `<button type="submit" class="btn btn-primary btn-send">Reply</button></div>` +
    `<p class="composer-hint" aria-live="polite">Reply as the CSM: one line per step, such as “snooze 2d waiting for legal” or, in a digest, “2 done”.</p></form>`
  );
}

/** The outbox: every email the bot wrote (newest first) and the open one. */
export function mailPaneHtml(s: WorkspaceSnapshot): string {
  const open = s.emails.find((e) => e.id === s.openEmail);
  const list =
    s.emails.length > 0
      ? `<ul class="mail-list" aria-label="Emails">${s.emails.map((e) => emailRow(e, s)).join('')}</ul>`
      : emptyState(
          'No emails yet',
          "Renubu writes emails when a workflow sends one (the email step) and in the 23:00 digest: press 'Next 23:00 (digest)'.",
        );
  const reader = open
    ? emailHtml(open, s)
    : s.emails.length > 0
      ? emptyState('No email open', 'Pick one from the list to read it.')
      : '';
  return (
    `<section class="pane pane-mail" data-testid="mail" aria-label="Outbox">` +
    `${paneHeader('Outbox', `${s.emails.length} ${s.emails.length === 1 ? 'email' : 'emails'} written by ${BOT_NAME}, for every user`)}` +
    `<div class="mail-layout">${list}${reader}</div></section>`
  );
}

/**
 * The message box: what is typed goes to the bot as a message (from the thread pane, a reply
 * in that thread), `/renubu …` as the slash command.
 */
export function composerHtml(where: 'dm' | 'thread'): string {
  const id = where === 'dm' ? 'composer-input' : 'thread-composer-input';
  const label = where === 'dm' ? `Message ${BOT_NAME}` : 'Reply in thread';
  return (
    `<form class="composer" data-composer${attr('data-testid', where === 'dm' ? 'composer' : 'thread-composer')}>` +
    `<label for="${id}" class="visually-hidden">${label}</label>` +
    `<div class="composer-box"><textarea${attr('id', id)} name="text" rows="1" autocomplete="off"` +
    ` placeholder="${where === 'dm' ? 'today' : 'snooze 2d waiting for finance'}"></textarea>` +
    `<button type="submit" class="btn btn-primary btn-send">Send</button></div>` +
    `<p class="composer-hint" aria-live="polite">${where === 'dm' ? `Write to ${BOT_NAME} (today, list, help) or use /renubu.` : 'Write to act on this workflow: snooze 2d reason, next, undo, status.'}</p></form>`
  );
}

/** The thread beside the DM: parent, replies and the thread's ephemerals, and a composer. */
export function threadPaneHtml(s: WorkspaceSnapshot, text: TextContext): string {
  const ts = s.openThread;
  const parent = ts === null ? undefined : s.dm.messages.find((m) => m.ts === ts);
  if (!ts || !parent) return '';
  const ctx = conversationContext(s, text, 'th');
  const replies = s.dm.replies[ts] ?? [];
  const entries = [
    ...replies.map((m) => ({ ts: m.ts, html: messageHtml(m, ctx, true) })),
    ...s.ephemerals
      .filter((e) => e.threadTs === ts)
      .map((e) => ({ ts: e.ts, html: ephemeralHtml(e, ctx) })),
  ];
  const count = replies.length;
  return (
    `<section class="pane pane-thread" data-testid="thread"${attr('data-thread-ts', ts)} aria-label="Thread">` +
    `<header class="pane-header"><h2>Thread</h2><span class="pane-sub">${BOT_NAME}</span>` +
    `<a class="btn btn-icon close-thread"${attr('href', hrefFor({ user: s.user.id, pane: 'dm' }))} aria-label="Close thread">✕</a></header>` +
    `<div class="thread-scroll">${messageHtml(parent, ctx, true)}` +
    `<div class="replies-divider"><span>${count} ${count === 1 ? 'reply' : 'replies'}</span></div>` +
    `<div class="messages" role="log" aria-label="Replies">${timelineHtml(entries, ctx)}</div></div>` +
    `${composerHtml('thread')}</section>`
  );
}
