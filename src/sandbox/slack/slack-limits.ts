/**
 * Block Kit validation as Slack applies it: pure functions from blocks or a view to the list
 * of problems Slack would reject (empty when Slack would accept). The fake Slack answers
 * `invalid_blocks` with these problems; `blocks/` builders are tested against them too.
 */
import {
  type BlockProblem,
  checkElement,
  checkImage,
  checkText,
  ELEMENTS_IN,
  isObject,
  type Json,
  Problems,
} from './block-checks.ts';
import { SLACK_LIMITS as L } from './slack-limit-values.ts';

export type { BlockProblem } from './block-checks.ts';
export { SLACK_LIMITS } from './slack-limit-values.ts';

export type Surface = 'message' | 'modal' | 'home';

/** Slack's own wording: `must be at most 3000 characters [json-pointer:/blocks/0/text/text]`. */
export function describeProblem(problem: BlockProblem): string {
  return `${problem.message} [json-pointer:${problem.pointer}]`;
}

/**
 * Problems with `blocks` on one surface: block count (50 a message, 100 a modal or Home tab),
 * known block types, text and element limits, unique block_ids, input blocks only in modals.
 */
export function validateBlocks(
  blocks: unknown,
  surface: Surface,
  pointer = '/blocks',
): BlockProblem[] {
  const p = new Problems();
  const max = surface === 'message' ? L.messageBlocks : L.viewBlocks;
  if (!p.items(blocks, pointer, max, 0)) return p.list;
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `${pointer}/${i}`;
    if (!isObject(block)) {
      p.add(at, 'must be a block object');
      return;
    }
    p.string(block.block_id, `${at}/block_id`, L.id);
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) p.add(`${at}/block_id`, 'duplicate block_id');
      blockIds.add(block.block_id);
    }
    checkBlock(p, block, at, surface);
  });
  return p.list;
}

function checkBlock(p: Problems, block: Json, at: string, surface: Surface): void {
  const actionIds = new Set<string>();
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) {
        p.add(at, 'must provide text or fields');
      }
      checkText(p, block.text, `${at}/text`, { max: L.sectionText, required: false });
      if (block.fields !== undefined && p.items(block.fields, `${at}/fields`, L.sectionFields)) {
        block.fields.forEach((field, i) => {
          checkText(p, field, `${at}/fields/${i}`, { max: L.sectionFieldText });
        });
      }
      if (block.accessory !== undefined) {
        checkElement(p, block.accessory, `${at}/accessory`, ELEMENTS_IN.accessory, actionIds);
      }
      return;
    case 'header':
      checkText(p, block.text, `${at}/text`, { max: L.headerText, plainOnly: true });
      return;
    case 'context':
      if (!p.items(block.elements, `${at}/elements`, L.contextElements)) return;
      block.elements.forEach((element, i) => {
        const where = `${at}/elements/${i}`;
        if (isObject(element) && element.type === 'image') checkImage(p, element, where);
        else checkText(p, element, where, { max: L.contextText });
      });
      return;
    case 'divider':
      return;
    case 'actions':
      if (!p.items(block.elements, `${at}/elements`, L.actionsElements)) return;
      block.elements.forEach((element, i) => {
        checkElement(p, element, `${at}/elements/${i}`, ELEMENTS_IN.actions, actionIds);
      });
      return;
    case 'input':
      if (surface !== 'modal') p.add(`${at}/type`, 'input blocks are only allowed in modals');
      checkText(p, block.label, `${at}/label`, { max: L.inputLabel, plainOnly: true });
      checkText(p, block.hint, `${at}/hint`, {
        max: L.inputHint,
        plainOnly: true,
        required: false,
      });
      if (block.element === undefined) {
        p.add(`${at}/element`, 'is required');
        return;
      }
      checkElement(p, block.element, `${at}/element`, ELEMENTS_IN.input, actionIds);
      return;
    case 'image':
      checkImage(p, block, at);
      checkText(p, block.title, `${at}/title`, {
        max: L.imageTitle,
        plainOnly: true,
        required: false,
      });
      return;
    case 'rich_text':
      p.items(block.elements, `${at}/elements`, Number.POSITIVE_INFINITY);
      return;
    case 'file':
      p.string(block.external_id, `${at}/external_id`, L.id, true);
      if (block.source !== 'remote') p.add(`${at}/source`, 'must be remote');
      return;
    default:
      p.add(`${at}/type`, `unknown block type ${String(block.type)}`);
  }
}

/**
 * Problems with a view: a modal needs type `modal`, a plain_text title of at most 24
 * characters (submit and close likewise), a submit button when it has input blocks; any view
 * keeps private_metadata within 3000 and callback_id/external_id within 255 characters.
 */
export function validateView(view: unknown): BlockProblem[] {
  const p = new Problems();
  if (!isObject(view)) {
    p.add('/view', 'must be a view object');
    return p.list;
  }
  if (view.type !== 'modal' && view.type !== 'home') {
    p.add('/view/type', 'must be modal or home');
    return p.list;
  }
  if (view.type === 'modal') {
    const title = { max: L.viewTitle, plainOnly: true };
    checkText(p, view.title, '/view/title', title);
    checkText(p, view.submit, '/view/submit', { ...title, required: false });
    checkText(p, view.close, '/view/close', { ...title, required: false });
    const hasInput =
      Array.isArray(view.blocks) &&
      view.blocks.some((block) => isObject(block) && block.type === 'input');
    if (hasInput && view.submit === undefined) {
      p.add('/view/submit', 'is required when the view has input blocks');
    }
  }
  p.string(view.private_metadata, '/view/private_metadata', L.privateMetadata);
  p.string(view.callback_id, '/view/callback_id', L.id);
  p.string(view.external_id, '/view/external_id', L.id);
  p.list.push(...validateBlocks(view.blocks, view.type, '/view/blocks'));
  return p.list;
}

/** All text a message's blocks carry: what Slack counts for `msg_blocks_too_long`. */
export function blockTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + blockTextLength(v), 0);
  if (!isObject(value)) return 0;
  let sum = typeof value.text === 'string' ? value.text.length : 0;
  for (const [key, child] of Object.entries(value)) {
    if (key !== 'text' || typeof child !== 'string') sum += blockTextLength(child);
  }
  return sum;
}

export interface SlackErrorBody {
  ok: false;
  error: string;
  errors?: string[];
}

/**
 * The error Slack answers for a message (chat.postMessage, postEphemeral, update, or a
 * response_url post), or undefined when it would be accepted.
 */
export function checkMessage(args: Json, requireContent = true): SlackErrorBody | undefined {
  const { text, blocks, attachments } = args;
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasText = typeof text === 'string' && text.length > 0;
  if (requireContent && !hasText && !hasBlocks && !Array.isArray(attachments)) {
    return { ok: false, error: 'no_text' };
  }
  if (typeof text === 'string' && text.length > L.messageText) {
    return { ok: false, error: 'msg_too_long' };
  }
  if (blocks === undefined) return undefined;
  const problems = validateBlocks(blocks, 'message');
  if (problems.length > 0) {
    return { ok: false, error: 'invalid_blocks', errors: problems.map(describeProblem) };
  }
  if (blockTextLength(blocks) > L.messageBlockText)
    return { ok: false, error: 'msg_blocks_too_long' };
  return undefined;
}
