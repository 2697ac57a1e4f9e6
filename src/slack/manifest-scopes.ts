/**
 * The bot scopes the OAuth install asks for: manifest.yml's, the one list (test/slack/
 * manifest.test.ts holds it to the methods src/slack/ calls).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const MANIFEST = path.resolve(import.meta.dirname, '../../manifest.yml');

export function manifestBotScopes(file = MANIFEST): string[] {
  const manifest = parse(readFileSync(file, 'utf8')) as {
    oauth_config?: { scopes?: { bot?: unknown } };
  };
  const scopes = manifest.oauth_config?.scopes?.bot;
  if (
    !Array.isArray(scopes) ||
    scopes.length === 0 ||
    !scopes.every((s) => typeof s === 'string')
  ) {
    throw new Error(`${file}: oauth_config.scopes.bot must list the bot scopes`);
  }
  return scopes;
}
