/**
 * The top of the user's modal stack as a dialog over the page: the view's title, a back
 * arrow and "2 of 2" when views are stacked, its blocks with the bot's errors under the
 * matching inputs, and its close and submit buttons. The form is the view container the
 * client reads values from (static/client.js).
 */
import type { SnapshotView, WorkspaceSnapshot } from '../snapshot.ts';
import { blocksHtml } from './blocks-html.ts';
import { attr, escapeHtml, idPart, obj, str } from './html.ts';
import type { TextContext } from './mrkdwn.ts';
import { textObjectPlain } from './mrkdwn.ts';
import { viewBlocks } from './panes-html.ts';

/** Errors whose block is not in the view: shown at the top, so none goes unseen. */
function strayErrors(top: SnapshotView): string {
  const blockIds = new Set(viewBlocks(top.view).map((b) => str(b, 'block_id')));
  const stray = Object.entries(top.errors).filter(([blockId]) => !blockIds.has(blockId));
  if (stray.length === 0) return '';
  return `<ul class="modal-errors" role="alert">${stray.map(([, m]) => `<li>${escapeHtml(m)}</li>`).join('')}</ul>`;
}

/** The modal overlay, or '' when the stack is empty. */
export function modalHtml(s: WorkspaceSnapshot, text: TextContext): string {
  const top = s.modals[s.modals.length - 1];
  if (!top) return '';
  const depth = s.modals.length;
  const view = top.view;
  const title = textObjectPlain(obj(view, 'title')) || 'Renubu';
  const submit = obj(view, 'submit');
  const close = textObjectPlain(obj(view, 'close')) || 'Cancel';
  const back =
    depth > 1
      ? `<button type="button" class="btn btn-icon" data-modal-close aria-label="Previous view">←</button>`
      : '';
  const stack = depth > 1 ? `<span class="stack-depth">${depth} of ${depth}</span>` : '';
  const ctx = { ...text, idPrefix: `modal-${idPart(top.id)}`, errors: top.errors };
  return (
    `<div class="modal-backdrop"><div class="modal" role="dialog" aria-modal="true" aria-labelledby="modal-title" data-testid="modal">` +
    `<form class="view modal-form" data-container="view" data-modal-form novalidate${attr('data-view-id', top.id)}` +
    `${attr('data-callback-id', str(view, 'callback_id'))}>` +
    `<header class="modal-header">${back}<h2 id="modal-title">${escapeHtml(title)}</h2>${stack}` +
    `<button type="button" class="btn btn-icon" data-modal-close aria-label="Close">✕</button></header>` +
    `<div class="modal-body">${strayErrors(top)}${blocksHtml(viewBlocks(view), ctx)}</div>` +
    `<footer class="modal-footer"><button type="button" class="btn" data-modal-close>${escapeHtml(close)}</button>` +
    `${submit ? `<button type="submit" class="btn btn-primary">${escapeHtml(textObjectPlain(submit))}</button>` : ''}` +
    `</footer></form></div></div>`
  );
}
