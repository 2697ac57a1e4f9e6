/**
 * Block Kit as terminal text, for `renubu demo` and any run with Slack off: headers
 * underlined, sections' mrkdwn kept as written (entities and links made readable), fields
 * two a line, context on one line, dividers as a rule, buttons as `[Let's Begin]`. Output
 * depends on the message only.
 */
import type { KnownBlock } from '@slack/types';

type Json = Record<string, unknown>;

const RULE = '─'.repeat(40);
const FIELD_WIDTH = 36;

const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** mrkdwn as a terminal shows it: `<url|label>` → `label (url)`, `<@U1>` → `@U1`, entities. */
export function mrkdwnToText(text: string): string {
  return text
    .replace(/<([^<>|]+)\|([^<>]+)>/g, '$2 ($1)')
    .replace(/<([^<>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function textOf(value: unknown): string {
  if (!isJson(value) || typeof value.text !== 'string') return '';
  return value.type === 'mrkdwn' ? mrkdwnToText(value.text) : value.text;
}

function optionsOf(element: Json): string[] {
  return Array.isArray(element.options)
    ? element.options.map((o) => (isJson(o) ? textOf(o.text) : ''))
    : [];
}

/** An interactive element in brackets: `[Open]`, `[date: 2026-11-26]`, `( ) 1 day`. */
function elementText(element: unknown): string {
  if (!isJson(element)) return '';
  switch (element.type) {
    case 'button':
      return `[${textOf(element.text)}]`;
    case 'datepicker':
      return `[date: ${typeof element.initial_date === 'string' ? element.initial_date : '…'}]`;
    case 'radio_buttons':
    case 'checkboxes':
      return optionsOf(element)
        .map((o) => `( ) ${o}`)
        .join('  ');
    case 'plain_text_input':
      return `[${textOf(element.placeholder) || 'text'}]`;
    case 'image':
      return `[image: ${String(element.alt_text ?? '')}]`;
    default:
      return `[${String(element.type)}]`;
  }
}

function fieldLines(fields: unknown): string[] {
  if (!Array.isArray(fields)) return [];
  const cells = fields.map((f) => textOf(f).replace(/\s*\n\s*/g, ' '));
  const lines: string[] = [];
  for (let i = 0; i < cells.length; i += 2) {
    const right = cells[i + 1];
    lines.push(right === undefined ? cells[i]! : `${cells[i]!.padEnd(FIELD_WIDTH)} ${right}`);
  }
  return lines;
}

function sectionText(block: Json): string {
  const lines = [textOf(block.text), ...fieldLines(block.fields)].filter((l) => l !== '');
  const body = lines.join('\n');
  return block.accessory === undefined ? body : `${body}  ${elementText(block.accessory)}`;
}

function blockText(block: unknown, after: unknown): string {
  if (!isJson(block)) return '';
  const elements = Array.isArray(block.elements) ? block.elements : [];
  switch (block.type) {
    case 'header': {
      const text = textOf(block.text);
      // A blank line sets a header off, unless it starts the message or follows a rule.
      const gap = after === undefined || (isJson(after) && after.type === 'divider') ? '' : '\n';
      return `${gap}${text}\n${'='.repeat([...text].length)}`;
    }
    case 'section':
      return sectionText(block);
    case 'context':
      return elements
        .map((e) => (isJson(e) && e.type === 'image' ? elementText(e) : textOf(e)))
        .join('  ');
    case 'divider':
      return RULE;
    case 'actions':
      return elements.map(elementText).join(' ');
    case 'input':
      return `${textOf(block.label)}: ${elementText(block.element)}`;
    case 'image':
      return elementText(block);
    default:
      return `[${String(block.type)}]`;
  }
}

/** A message (or a view's blocks with a title as `text`) as plain terminal text. */
export function renderText(message: { text: string; blocks: KnownBlock[] }): string {
  if (message.blocks.length === 0) return mrkdwnToText(message.text);
  return message.blocks.map((block, i) => blockText(block, message.blocks[i - 1])).join('\n');
}
