/**
 * The small tools every renderer of the sandbox page uses: HTML escaping (everything in a
 * snapshot is untrusted text: customer names, emails, whatever the bot sent), readers for
 * the loosely typed Block Kit JSON, element ids that are unique on the page and stable
 * from one render to the next, and a guard on the URLs a link may point at.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** ` name="value"` (escaped), or nothing when the value is undefined, null or false. */
export function attr(name: string, value: string | number | boolean | null | undefined): string {
  if (value === undefined || value === null || value === false) return '';
  if (value === true) return ` ${name}`;
  return ` ${name}="${escapeHtml(String(value))}"`;
}

/** A JSON object as Block Kit gives it: anything may be missing or of the wrong type. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `o[key]` when it is a string. */
export function str(o: unknown, key: string): string | undefined {
  const value = isObject(o) ? o[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** `o[key]` when it is an object. */
export function obj(o: unknown, key: string): Json | undefined {
  const value = isObject(o) ? o[key] : undefined;
  return isObject(value) ? value : undefined;
}

/** `o[key]` when it is an array (else empty). */
export function arr(o: unknown, key: string): unknown[] {
  const value = isObject(o) ? o[key] : undefined;
  return Array.isArray(value) ? value : [];
}

/** A fragment of an element id: letters, digits, `_` and `-` only. */
export function idPart(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80) || '_';
}

/**
 * Where a link may go: http(s) and mailto anywhere, and the sandbox's own paths. Anything
 * else (`javascript:`, `data:`) is refused: the text stays, the link does not.
 */
export function safeUrl(url: string): string | null {
  const trimmed = url.trim();
  if (/^(https?:\/\/|mailto:)/i.test(trimmed)) return trimmed;
  if (/^\/(?!\/)/.test(trimmed)) return trimmed;
  return null;
}

/**
 * Where an image may load from: the sandbox itself only, so the page never reaches the
 * internet. Remote images show as a link with their alt text instead.
 */
export function localImageUrl(url: string): string | null {
  return /^\/(?!\/)/.test(url.trim()) ? url.trim() : null;
}
