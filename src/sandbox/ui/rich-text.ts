/**
 * Block Kit's rich_text block as HTML: sections, bullet and ordered lists (nested by
 * `indent`), quotes and preformatted runs; text with bold, italic, strike and code styles,
 * links, emoji, user and channel mentions, broadcasts and dates. Rich text carries raw
 * characters (no Slack entities), so each piece is only HTML-escaped.
 */
import { EMOJI } from './emoji.ts';
import { arr, escapeHtml, isObject, obj, safeUrl, str } from './html.ts';
import type { TextContext } from './mrkdwn.ts';

const STYLE_TAGS: Array<[string, string]> = [
  ['code', 'code'],
  ['bold', 'b'],
  ['italic', 'i'],
  ['strike', 's'],
];

function styled(html: string, style: unknown): string {
  let out = html;
  for (const [key, tag] of STYLE_TAGS) {
    if (isObject(style) && style[key] === true) out = `<${tag}>${out}</${tag}>`;
  }
  return out;
}

function emojiOf(element: unknown): string {
  const name = str(element, 'name') ?? '';
  const unicode = str(element, 'unicode');
  if (unicode && /^[0-9a-f]{2,6}(-[0-9a-f]{2,6})*$/i.test(unicode)) {
    return String.fromCodePoint(...unicode.split('-').map((hex) => Number.parseInt(hex, 16)));
  }
  return Object.hasOwn(EMOJI, name) ? (EMOJI[name] ?? `:${name}:`) : `:${name}:`;
}

/** One inline element of a rich text section. */
function inlineHtml(element: unknown, ctx: TextContext): string {
  const style = obj(element, 'style');
  switch (str(element, 'type')) {
    case 'text':
      return styled(escapeHtml(str(element, 'text') ?? '').replace(/\n/g, '<br>'), style);
    case 'link': {
      const url = safeUrl(str(element, 'url') ?? '');
      const text = escapeHtml(str(element, 'text') ?? str(element, 'url') ?? '');
      const link = url
        ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${text}</a>`
        : text;
      return styled(link, style);
    }
    case 'emoji':
      return escapeHtml(emojiOf(element));
    case 'user': {
      const id = str(element, 'user_id') ?? '';
      const name = ctx.userName(id) ?? id;
      return `<span class="mention">@${escapeHtml(name)}</span>`;
    }
    case 'channel':
      return `<span class="mention">#${escapeHtml(str(element, 'channel_id') ?? '')}</span>`;
    case 'usergroup':
      return `<span class="mention">@${escapeHtml(str(element, 'usergroup_id') ?? '')}</span>`;
    case 'broadcast':
      return `<span class="mention">@${escapeHtml(str(element, 'range') ?? '')}</span>`;
    case 'date':
      return escapeHtml(str(element, 'fallback') ?? '');
    default:
      return '';
  }
}

function sectionHtml(section: unknown, ctx: TextContext): string {
  return arr(section, 'elements')
    .map((element) => inlineHtml(element, ctx))
    .join('');
}

/** Consecutive lists nest by `indent`: a deeper list goes inside the last item above it. */
function listsHtml(lists: unknown[], ctx: TextContext): string {
  let html = '';
  const open: Array<{ tag: string; inItem: boolean }> = [];
  const close = () => {
    const list = open.pop();
    if (list) html += `${list.inItem ? '</li>' : ''}</${list.tag}>`;
  };
  for (const list of lists) {
    const depth = Math.max(0, Math.min(6, Number((list as { indent?: unknown }).indent) || 0));
    const tag = str(list, 'style') === 'ordered' ? 'ol' : 'ul';
    while (open.length > depth + 1) close();
    if (open.length === depth + 1 && open[depth]?.tag !== tag) close();
    while (open.length < depth + 1) {
      const level = open.length;
      const parent = open[level - 1];
      if (parent && !parent.inItem) {
        html += '<li class="rt-empty">';
        parent.inItem = true;
      }
      const offset = Number((list as { offset?: unknown }).offset) || 0;
      const start = tag === 'ol' && offset > 0 && level === depth ? ` start="${offset + 1}"` : '';
      html += `<${tag} class="rt-list rt-depth-${level}"${start}>`;
      open.push({ tag, inItem: false });
    }
    const current = open[depth]!;
    for (const item of arr(list, 'elements')) {
      html += `${current.inItem ? '</li>' : ''}<li>${sectionHtml(item, ctx)}`;
      current.inItem = true;
    }
  }
  while (open.length > 0) close();
  return html;
}

/** A rich_text block's elements as HTML. */
export function richTextHtml(block: unknown, ctx: TextContext): string {
  const parts: string[] = [];
  const elements = arr(block, 'elements');
  for (let i = 0; i < elements.length; i += 1) {
    const element = elements[i];
    const type = str(element, 'type');
    if (type === 'rich_text_list') {
      const run: unknown[] = [];
      while (str(elements[i], 'type') === 'rich_text_list') run.push(elements[i++]);
      i -= 1;
      parts.push(listsHtml(run, ctx));
    } else if (type === 'rich_text_quote') {
      parts.push(`<blockquote>${sectionHtml(element, ctx)}</blockquote>`);
    } else if (type === 'rich_text_preformatted') {
      parts.push(`<pre>${sectionHtml(element, ctx)}</pre>`);
    } else if (type === 'rich_text_section') {
      parts.push(`<div class="rt-section">${sectionHtml(element, ctx)}</div>`);
    }
  }
  return parts.join('');
}
