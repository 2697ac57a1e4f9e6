/**
 * The sandbox page (src/sandbox/server.ts serves it): the HTML shell, the HTML of each of
 * its sections for a snapshot, and the folder of its static files (client.js, style.css).
 * The client swaps a section only when its HTML changed, so a control being used keeps its
 * focus and value unless what it shows really changed.
 *
 * Sections: `sidebar`, `topbar`, `main` (the DM, Home or Outbox pane), `composer` (the DM's
 * message box, '' on other panes), `thread` (the open thread, or ''), `modal` (the top of
 * the modal stack, or '').
 */
import { fileURLToPath } from 'node:url';
import type { WorkspaceSnapshot } from '../snapshot.ts';
import { sidebarHtml, topbarHtml } from './chrome-html.ts';
import { modalHtml } from './modal-html.ts';
import type { TextContext } from './mrkdwn.ts';
import {
  composerHtml,
  dmPaneHtml,
  homePaneHtml,
  mailPaneHtml,
  threadPaneHtml,
} from './panes-html.ts';

/** Where client.js and style.css are; served at `/sandbox/static/NAME`. */
export const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

/** The names of the sections, in page order. */
export const SECTION_NAMES = ['sidebar', 'topbar', 'main', 'composer', 'thread', 'modal'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/** The page: empty section containers that the client fills from `GET /sandbox/ui`. */
export function pageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Renubu sandbox</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/sandbox/static/style.css">
<script type="module" src="/sandbox/static/client.js"></script>
</head>
<body>
<div id="app" class="app">
  <aside class="sidebar" data-section="sidebar"></aside>
  <div class="workspace">
    <header class="topbar" data-section="topbar"></header>
    <div id="time-status" class="time-status" role="status" aria-live="polite"></div>
    <div class="panes">
      <main class="main-pane">
        <div class="main-scroll" data-section="main"><p class="loading">Loading the sandbox…</p></div>
        <div class="composer-slot" data-section="composer"></div>
      </main>
      <aside class="thread-slot" data-section="thread"></aside>
    </div>
  </div>
</div>
<div data-section="modal"></div>
<div id="toasts" class="toasts" aria-live="assertive"></div>
<dialog id="confirm-dialog" class="confirm-dialog" aria-labelledby="confirm-title">
  <form method="dialog">
    <h2 id="confirm-title"></h2>
    <p id="confirm-text"></p>
    <div class="confirm-buttons">
      <button value="deny" class="btn" id="confirm-deny">Cancel</button>
      <button value="confirm" class="btn btn-primary" id="confirm-ok">Yes</button>
    </div>
  </form>
</dialog>
</body>
</html>
`;
}

/** The HTML of every section for `snapshot` (names: SECTION_NAMES). */
export function renderSections(snapshot: WorkspaceSnapshot): Record<SectionName, string> {
  const names = new Map(snapshot.users.map((u) => [u.id, u.name]));
  const text: TextContext = { userName: (id) => names.get(id) ?? null };
  const main =
    snapshot.pane === 'home'
      ? homePaneHtml(snapshot, text)
      : snapshot.pane === 'mail'
        ? mailPaneHtml(snapshot)
        : dmPaneHtml(snapshot, text);
  return {
    sidebar: sidebarHtml(snapshot),
    topbar: topbarHtml(snapshot),
    main,
    composer: snapshot.pane === 'dm' ? composerHtml('dm') : '',
    thread: snapshot.pane === 'dm' ? threadPaneHtml(snapshot, text) : '',
    modal: modalHtml(snapshot, text),
  };
}
