/**
 * The OAuth scope each Web API method needs, as Slack checks it (issue 18 item 1): a call
 * whose scope the token was not granted answers `missing_scope` with `needed` and `provided`.
 * The fake Slack grants the bot the scopes of manifest.yml, so a method Renubu starts to call
 * without adding its scope to the manifest fails in the tests as it would in a workspace; the
 * manifest test (test/slack/manifest.test.ts) checks every method the code calls is listed here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Json } from './block-checks.ts';

/**
 * Slack's documented bot scope for each method (views.* need none; DMs are `im` channels).
 * `files.uploadV2` is the client's helper: it calls the two `files.*UploadExternal` methods.
 */
export const METHOD_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'conversations.open': ['im:write'],
  'conversations.history': ['im:history'],
  'conversations.replies': ['im:history'],
  'files.uploadV2': ['files:write'],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  'users.info': ['users:read'],
  'users.lookupByEmail': ['users:read.email'],
  'views.open': [],
  'views.push': [],
  'views.publish': [],
  'views.update': [],
};

/** Methods called with the app-level token (`xapp-…`), not a bot token, and their scope. */
export const APP_LEVEL_SCOPES: Readonly<Record<string, string>> = {
  'apps.connections.open': 'connections:write',
};

const MANIFEST = path.resolve(import.meta.dirname, '../../../manifest.yml');

/** The bot scopes manifest.yml asks for (what an install of the app grants). */
export function manifestBotScopes(file = MANIFEST): string[] {
  const manifest = parse(readFileSync(file, 'utf8')) as {
    oauth_config?: { scopes?: { bot?: unknown } };
  };
  const scopes = manifest.oauth_config?.scopes?.bot;
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string')) {
    throw new Error(`${file}: oauth_config.scopes.bot should be a list of scope names`);
  }
  return scopes;
}

/** Slack's `missing_scope` answer when `granted` lacks a scope `method` needs, else null. */
export function missingScope(method: string, granted: ReadonlySet<string>): Json | null {
  const needed = (METHOD_SCOPES[method] ?? []).filter((scope) => !granted.has(scope));
  if (needed.length === 0) return null;
  return {
    ok: false,
    error: 'missing_scope',
    needed: needed.join(','),
    provided: [...granted].join(','),
  };
}
