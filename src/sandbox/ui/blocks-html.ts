/**
 * Block Kit blocks as HTML, the way Slack lays them out: section (text, fields,
 * accessory), header, context, divider, actions, input (label, optional, hint, and the
 * bot's error for its block_id), image, rich_text and file. The elements are real
 * controls (elements-html.ts); every text is escaped.
 */
import { type BlockContext, type ElementPlace, elementHtml, imageHtml } from './elements-html.ts';
import { arr, attr, escapeHtml, idPart, isObject, obj, str } from './html.ts';
import { textObjectHtml } from './mrkdwn.ts';
import { richTextHtml } from './rich-text.ts';

/** The page id of element `n` of block `index`, stable from one render to the next. */
function elementId(ctx: BlockContext, index: number, element: unknown, n: number): string {
  const action = str(element, 'action_id');
  return `${ctx.idPrefix}-b${index}-${idPart(action ?? `e${n}`)}`;
}

function sectionHtml(block: unknown, index: number, ctx: BlockContext): string {
  const blockId = str(block, 'block_id');
  const text = obj(block, 'text');
  const fields = arr(block, 'fields');
  const accessory = obj(block, 'accessory');
  const body =
    (text ? `<div class="section-text">${textObjectHtml(text, ctx)}</div>` : '') +
    (fields.length > 0
      ? `<div class="section-fields">${fields.map((f) => `<div class="field">${textObjectHtml(f, ctx)}</div>`).join('')}</div>`
      : '');
  const place = { blockId, id: elementId(ctx, index, accessory, 0), dispatch: true };
  const side = accessory
    ? `<div class="accessory">${elementHtml(accessory, place, ctx)}</div>`
    : '';
  return `<div class="section-body">${body}</div>${side}`;
}

function contextHtml(block: unknown, ctx: BlockContext): string {
  return arr(block, 'elements')
    .map((element) =>
      str(element, 'type') === 'image'
        ? imageHtml(element, 'context-image')
        : `<span class="context-text">${textObjectHtml(element, ctx)}</span>`,
    )
    .join('');
}

function actionsHtml(block: unknown, index: number, ctx: BlockContext): string {
  const blockId = str(block, 'block_id');
  return arr(block, 'elements')
    .map((element, n) =>
      elementHtml(element, { blockId, id: elementId(ctx, index, element, n), dispatch: true }, ctx),
    )
    .join('');
}

/** Single controls are labelled by `<label for>`; groups by the label's id. */
const GROUPS = new Set(['checkboxes', 'radio_buttons']);

function inputHtml(block: unknown, index: number, ctx: BlockContext): string {
  const blockId = str(block, 'block_id');
  const element = obj(block, 'element');
  const id = elementId(ctx, index, element, 0);
  const hint = obj(block, 'hint');
  const error =
    blockId !== undefined && Object.hasOwn(ctx.errors, blockId) ? ctx.errors[blockId] : undefined;
  const group = GROUPS.has(str(element, 'type') ?? '');
  const labelId = `${id}-label`;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const place: ElementPlace = {
    blockId,
    id,
    dispatch: (block as { dispatch_action?: unknown }).dispatch_action === true,
    labelled: true,
    ...(group ? { labelId } : {}),
    ...(describedBy ? { describedBy } : {}),
    invalid: error !== undefined,
  };
  const optional = (block as { optional?: unknown }).optional === true;
  const label =
    `<${group ? 'span' : 'label'} class="input-label"${attr('id', labelId)}${group ? '' : attr('for', id)}>` +
    `${textObjectHtml(obj(block, 'label'), ctx)}${optional ? ' <span class="optional">(optional)</span>' : ''}` +
    `</${group ? 'span' : 'label'}>`;
  return (
    label +
    elementHtml(element, place, ctx) +
    (hint
      ? `<div class="input-hint"${attr('id', `${id}-hint`)}>${textObjectHtml(hint, ctx)}</div>`
      : '') +
    (error ? `<div class="input-error"${attr('id', `${id}-error`)}>${escapeHtml(error)}</div>` : '')
  );
}

function imageBlockHtml(block: unknown, ctx: BlockContext): string {
  const title = obj(block, 'title');
  return (
    (title ? `<div class="image-title">${textObjectHtml(title, ctx)}</div>` : '') +
    imageHtml(block, 'block-image')
  );
}

function fileBlockHtml(block: unknown): string {
  const id = str(block, 'external_id') ?? '';
  return `<div class="file-card"><span class="file-icon" aria-hidden="true">📄</span><span>Remote file ${escapeHtml(id)}</span></div>`;
}

/** One block's inner HTML, or null for a type the page does not know. */
function blockInner(block: unknown, index: number, ctx: BlockContext): string | null {
  switch (str(block, 'type')) {
    case 'section':
      return sectionHtml(block, index, ctx);
    case 'header':
      return `<h3 class="header-text">${textObjectHtml(obj(block, 'text'), ctx)}</h3>`;
    case 'context':
      return contextHtml(block, ctx);
    case 'divider':
      return '<hr>';
    case 'actions':
      return actionsHtml(block, index, ctx);
    case 'input':
      return inputHtml(block, index, ctx);
    case 'image':
      return imageBlockHtml(block, ctx);
    case 'rich_text':
      return richTextHtml(block, ctx);
    case 'file':
      return fileBlockHtml(block);
    default:
      return null;
  }
}

/** Blocks as HTML, each in a `div.block.block-{type}` carrying its `data-block-id`. */
export function blocksHtml(blocks: readonly unknown[] | undefined, ctx: BlockContext): string {
  return (blocks ?? [])
    .filter(isObject)
    .map((block, index) => {
      const type = str(block, 'type') ?? 'unknown';
      const inner = blockInner(block, index, ctx);
      const shown =
        inner ??
        `<span class="unsupported">[${escapeHtml(type)} block: not shown in the sandbox]</span>`;
      return `<div class="block block-${idPart(type)}"${attr('data-block-id', str(block, 'block_id'))}>${shown}</div>`;
    })
    .join('');
}
