/**
 * manifest.yml creates the app as it stands: /renubu, App Home, interactivity and events at
 * /slack/events, and exactly the bot scopes of the Web API methods Renubu calls, by the one
 * method→scope table (src/sandbox/slack/slack-scopes.ts) the fake Slack enforces.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { METHOD_SCOPES } from '../../src/sandbox/slack/slack-scopes.ts';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = parse(readFileSync(path.join(root, 'manifest.yml'), 'utf8'));

/** Slack's documented scope for each bot event Renubu subscribes to. */
const EVENT_SCOPES: Record<string, string[]> = {
  app_home_opened: [],
  app_uninstalled: [],
  'message.im': ['im:history'],
  tokens_revoked: [],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Every product file that may call Slack (the fake Slack in src/sandbox/slack/ aside). */
function productFiles(): string[] {
  const fake = path.join(root, 'src/sandbox/slack');
  return ['src', 'jobs', 'blocks', 'slides']
    .flatMap((dir) => sourceFiles(path.join(root, dir)))
    .filter((file) => !file.startsWith(fake));
}

/** Web API methods called on a client (`client.`, `slackClient.`, `args.client.`, …). */
function methodsCalled(): Set<string> {
  const methods = new Set<string>();
  for (const file of productFiles()) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/[cC]lient\.([a-z]+)\.([a-zA-Z]+)\(/g)) {
      methods.add(`${match[1]}.${match[2]}`);
    }
    // the client's helpers named in one word, e.g. `filesUploadV2(` for files.uploadV2
    for (const match of text.matchAll(/[cC]lient\.([a-z]+)([A-Z][a-zA-Z0-9]*)\(/g)) {
      methods.add(`${match[1]}.${match[2]!.charAt(0).toLowerCase()}${match[2]!.slice(1)}`);
    }
  }
  return methods;
}

describe('manifest.yml', () => {
  it('asks for exactly the bot scopes of the Web API methods Renubu calls', () => {
    const methods = [...methodsCalled()];
    expect(methods).toEqual(
      expect.arrayContaining(['chat.postMessage', 'views.publish', 'files.uploadV2']),
    );
    const unknown = methods.filter((method) => !(method in METHOD_SCOPES));
    expect(unknown, 'add these methods and their scopes to METHOD_SCOPES').toEqual([]);
    const needed = new Set(methods.flatMap((method) => METHOD_SCOPES[method] ?? []));
    needed.add('commands'); // the /renubu slash command
    for (const event of manifest.settings.event_subscriptions.bot_events) {
      for (const scope of EVENT_SCOPES[event] ?? []) needed.add(scope);
    }
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });

  it('subscribes to the DM messages it answers, each event with its scope (PRODUCT.md §11)', () => {
    const events: string[] = manifest.settings.event_subscriptions.bot_events;
    expect(events).toContain('message.im');
    expect(
      events.filter((event) => !(event in EVENT_SCOPES)),
      'add to EVENT_SCOPES',
    ).toEqual([]);
    expect(manifest.oauth_config.scopes.bot).toContain('im:history');
    // the Messages tab is where a CSM writes to Renubu
    expect(manifest.features.app_home).toMatchObject({
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
  });

  it('declares /renubu, App Home, interactivity and app_home_opened at /slack/events', () => {
    const [command] = manifest.features.slash_commands;
    expect(command).toMatchObject({
      command: '/renubu',
      usage_hint: '[today | list | snooze STEP 2d reason | skip STEP reason | resume STEP]',
    });
    expect(command.url).toMatch(/\/slack\/events$/);
    expect(manifest.display_information.name).toBe('Renubu');
    expect(manifest.features.bot_user.display_name).toBe('Renubu');
    expect(manifest.features.app_home).toMatchObject({
      home_tab_enabled: true,
      messages_tab_enabled: true,
    });
    expect(manifest.settings.interactivity).toMatchObject({ is_enabled: true });
    expect(manifest.settings.interactivity.request_url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual([
      'app_home_opened',
      'app_uninstalled',
      'message.im',
      'tokens_revoked',
    ]);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
