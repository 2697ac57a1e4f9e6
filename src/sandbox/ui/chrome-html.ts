/**
 * The page around the conversation: the sidebar (the workspace, the CSM switcher with
 * unread badges, the bot's panes: Messages, Home and the Outbox with its count) and the top
 * bar (the sandbox clock in the user's zone and in UTC, the time control, and what the last
 * time move ran).
 */
import type { Pane, WorkspaceSnapshot } from '../snapshot.ts';
import { attr, escapeHtml } from './html.ts';
import { hrefFor } from './links.ts';
import { clockText, datetimeLocalValue, localTime } from './time-format.ts';

function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  return ((words[0]?.charAt(0) ?? '') + (words[1]?.charAt(0) ?? '')).toUpperCase() || '?';
}

function badge(count: number, what: string): string {
  if (count <= 0) return '';
  return `<span class="badge"${attr('aria-label', `${count} ${what}`)}>${count > 99 ? '99+' : count}</span>`;
}

const PANES: Array<{ pane: Pane; icon: string; label: string }> = [
  { pane: 'dm', icon: '💬', label: 'Messages' },
  { pane: 'home', icon: '🏠', label: 'Home' },
  { pane: 'mail', icon: '📤', label: 'Outbox (emails)' },
];

/** The sidebar: workspace, CSMs (the selected one marked), and the bot's panes. */
export function sidebarHtml(s: WorkspaceSnapshot): string {
  const users = s.users.map((u) => {
    const selected = u.id === s.user.id;
    return (
      `<li><a class="sidebar-item${selected ? ' selected' : ''}"${attr('href', hrefFor({ user: u.id, pane: s.pane }))}` +
      `${attr('data-user-id', u.id)}${attr('aria-current', selected ? 'true' : undefined)}>` +
      `<span class="avatar avatar-small" aria-hidden="true">${escapeHtml(initials(u.name))}</span>` +
      `<span class="item-name">${escapeHtml(u.name)}</span>${badge(s.unread[u.id] ?? 0, 'unread')}</a></li>`
    );
  });
  const panes = PANES.map(({ pane, icon, label }) => {
    const selected = pane === s.pane;
    const count = pane === 'mail' ? `<span class="count">${s.emails.length}</span>` : '';
    return (
      `<li><a class="sidebar-item${selected ? ' selected' : ''}"${attr('href', hrefFor({ user: s.user.id, pane }))}` +
      `${attr('data-pane', pane)}${attr('aria-current', selected ? 'page' : undefined)}>` +
      `<span class="item-icon" aria-hidden="true">${icon}</span><span class="item-name">${label}</span>${count}</a></li>`
    );
  });
  return (
    `<nav class="sidebar-nav" data-testid="sidebar" aria-label="Workspace">` +
    `<div class="workspace-name">Renubu sandbox</div>` +
    `<h2 class="sidebar-heading" id="sidebar-users">Signed in as</h2>` +
    `<ul class="sidebar-list" aria-labelledby="sidebar-users">${users.join('')}</ul>` +
    `<h2 class="sidebar-heading" id="sidebar-app">Renubu</h2>` +
    `<ul class="sidebar-list" aria-labelledby="sidebar-app">${panes.join('')}</ul></nav>`
  );
}

/** The clock, the time control and the job log of the last time move. */
export function topbarHtml(s: WorkspaceSnapshot): string {
  const tz = s.user.tz;
  const zone = localTime(new Date(s.now), tz)?.zone ?? 'UTC';
  const utc = localTime(new Date(s.now), 'UTC');
  const log =
    s.jobLog.length > 0
      ? `<details class="job-log" data-testid="job-log"><summary>Last run: ${s.jobLog.length} ${s.jobLog.length === 1 ? 'line' : 'lines'}</summary>` +
        `<ul>${s.jobLog.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></details>`
      : '';
  return (
    `<div class="clock" data-testid="clock" aria-label="Sandbox clock">` +
    `<span class="clock-local"><time${attr('datetime', s.now)}>${escapeHtml(clockText(s.now, tz))}</time>` +
    ` <span class="clock-zone">${escapeHtml(zone)}</span></span>` +
    `<span class="clock-utc">${escapeHtml(utc ? `${utc.time} UTC` : s.now)}</span></div>` +
    `<form class="time-control" data-testid="time-control"${attr('data-now', s.now)}${attr('data-tz', zone)}>` +
    `<label for="time-to">Run jobs until <span class="clock-zone">(${escapeHtml(zone)})</span></label>` +
    `<input type="datetime-local" id="time-to" name="to" step="60" required${attr('value', datetimeLocalValue(s.now, zone))}>` +
    `<button type="submit" class="btn">Run jobs until then</button>` +
    `<span class="time-quick">` +
    `<button type="button" class="btn" data-time-next="06:00">Next 06:00 (morning DM)</button>` +
    `<button type="button" class="btn" data-time-next="23:00">Next 23:00 (digest)</button>` +
    `<button type="button" class="btn" data-time-days="1">+1 day</button></span></form>${log}`
  );
}
