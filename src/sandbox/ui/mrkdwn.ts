/**
 * Slack's text formats as HTML. mrkdwn: *bold*, _italic_, ~strike~, `code`, ```pre```,
 * `<url|text>` and `<url>` links, `<@U…>` (the user's name when the workspace knows it),
 * `<#C…>`, `<!here>`, `>` quotes, lines starting with `•` or `-` as a list, emoji
 * shortcodes, and Slack's `&lt; &gt; &amp;` escaping. plain_text: escaped, with shortcodes
 * when `emoji` is not false. The input is untrusted: every character of it reaches the
 * HTML escaped; only the tags made here are markup.
 */
import { replaceShortcodes } from './emoji.ts';
import { escapeHtml, safeUrl, str } from './html.ts';

/** What a text needs from the workspace: a user's name by id (null when unknown). */
export interface TextContext {
  userName(id: string): string | null;
}

/** Slack's three entities back to characters (a stray `&` stays as it is). */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (_, name: string) =>
    name === 'lt' ? '<' : name === 'gt' ? '>' : '&',
  );
}

/** Escaped text with its shortcodes as characters. */
function textHtml(raw: string): string {
  return escapeHtml(replaceShortcodes(raw));
}

/** A `<…>` special: link, user, channel, broadcast; anything else is shown as typed. */
function specialHtml(inner: string, ctx: TextContext): string {
  const [target = '', label] = splitOnce(inner, '|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = ctx.userName(id) ?? label ?? id;
    return `<span class="mention">@${escapeHtml(decodeSlackEntities(name))}</span>`;
  }
  if (target.startsWith('#')) {
    const name = label ?? target.slice(1);
    return `<span class="mention">#${escapeHtml(decodeSlackEntities(name))}</span>`;
  }
  if (target.startsWith('!')) {
    const word = label ?? target.slice(1).split('^')[0] ?? '';
    return `<span class="mention">@${escapeHtml(decodeSlackEntities(word))}</span>`;
  }
  const url = safeUrl(decodeSlackEntities(target));
  const text = textHtml(decodeSlackEntities(label ?? target));
  if (!url) return text;
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${text}</a>`;
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

/** Opening marker after start, space or punctuation; closing before end, space or punctuation. */
const STYLES: Array<[RegExp, string]> = [
  [/(^|[\s([{"';\uE001])\*(?=\S)([^*\n]*?\S)\*(?=$|[\s.,:;!?)\]}"'&\uE000])/g, 'b'],
  [/(^|[\s([{"';\uE001])_(?=\S)([^_\n]*?\S)_(?=$|[\s.,:;!?)\]}"'&\uE000])/g, 'i'],
  [/(^|[\s([{"';\uE001])~(?=\S)([^~\n]*?\S)~(?=$|[\s.,:;!?)\]}"'&\uE000])/g, 's'],
];

/**
 * One line of mrkdwn (no code fences) as inline HTML: code spans and `<…>` specials are set
 * aside first so neither styles nor shortcodes reach inside them.
 */
function inlineHtml(line: string, ctx: TextContext): string {
  const held: string[] = [];
  const hold = (html: string) => `\uE000${held.push(html) - 1}\uE001`;
  let text = line.replace(/[\uE000\uE001]/g, '');
  text = text.replace(/`([^`\n]+)`/g, (_, code: string) =>
    hold(`<code>${escapeHtml(decodeSlackEntities(code))}</code>`),
  );
  text = text.replace(/<([^<>\n]+)>/g, (_, inner: string) => hold(specialHtml(inner, ctx)));
  let html = textHtml(decodeSlackEntities(text));
  for (const [pattern, tag] of STYLES) {
    // Twice, so `*_both_*` nests whichever order the markers come in.
    for (let pass = 0; pass < 2; pass += 1) {
      html = html.replace(pattern, (_, before: string, inner: string) => {
        return `${before}${hold(`<${tag}>`)}${inner}${hold(`</${tag}>`)}`;
      });
    }
  }
  // Held pieces may hold others (a style around a link): restore until none is left.
  for (let depth = 0; depth < 4 && html.includes('\uE000'); depth += 1) {
    html = html.replace(/\uE000(\d+)\uE001/g, (_, i: string) => held[Number(i)] ?? '');
  }
  return html;
}

const QUOTE = /^(?:&gt;|>)\s?/;
const LIST_ITEM = /^\s*[•◦▪-]\s+/;

type LineKind = 'quote' | 'list' | 'text';

function runHtml(kind: LineKind, lines: string[]): string {
  if (kind === 'quote') return `<blockquote>${lines.join('<br>')}</blockquote>`;
  if (kind === 'list')
    return `<ul class="mrkdwn-list">${lines.map((l) => `<li>${l}</li>`).join('')}</ul>`;
  return lines.join('<br>');
}

/** Lines of a text without code fences: quotes and lists grouped, the rest with `<br>`. */
function linesHtml(text: string, ctx: TextContext): string {
  const runs: Array<{ kind: LineKind; lines: string[] }> = [];
  for (const line of text.split('\n')) {
    const kind: LineKind = QUOTE.test(line) ? 'quote' : LIST_ITEM.test(line) ? 'list' : 'text';
    const body = kind === 'quote' ? line.replace(QUOTE, '') : line.replace(LIST_ITEM, '');
    const html = inlineHtml(kind === 'text' ? line : body, ctx);
    const last = runs[runs.length - 1];
    if (last?.kind === kind) last.lines.push(html);
    else runs.push({ kind, lines: [html] });
  }
  return runs.map((run) => runHtml(run.kind, run.lines)).join('');
}

/** A mrkdwn string as HTML. */
export function mrkdwnHtml(text: string, ctx: TextContext): string {
  const parts = text.split('```');
  // An odd count of fences leaves the last one open: Slack shows it as typed.
  const closed = parts.length % 2 === 1;
  const last = parts.length - 1;
  return parts
    .map((part, i) => {
      const fenced = i % 2 === 1 && (closed || i < last);
      if (fenced) return `<pre>${escapeHtml(decodeSlackEntities(part.replace(/^\n/, '')))}</pre>`;
      // The newlines around a fence belong to the fence, not to the text beside it.
      let body = i > 0 ? part.replace(/^\n/, '') : part;
      if (i < last) body = body.replace(/\n$/, '');
      return linesHtml(i % 2 === 1 ? `\`\`\`${body}` : body, ctx);
    })
    .join('');
}

/** plain_text as HTML: escaped, shortcodes unless `emoji` is false, newlines kept. */
export function plainHtml(text: string, emoji = true): string {
  const html = escapeHtml(emoji ? replaceShortcodes(text) : text);
  return html.replace(/\n/g, '<br>');
}

/** A text object (`{ type: 'plain_text' | 'mrkdwn', text }`) as HTML; '' when absent. */
export function textObjectHtml(value: unknown, ctx: TextContext): string {
  const text = str(value, 'text');
  if (text === undefined) return '';
  if (str(value, 'type') === 'mrkdwn') return mrkdwnHtml(text, ctx);
  const emoji = (value as { emoji?: unknown }).emoji !== false;
  return plainHtml(text, emoji);
}

/** A text object's words without markup, for attributes (aria-label, confirm dialogs). */
export function textObjectPlain(value: unknown): string {
  const text = str(value, 'text') ?? '';
  const words = str(value, 'type') === 'mrkdwn' ? decodeSlackEntities(text) : text;
  return replaceShortcodes(words);
}
