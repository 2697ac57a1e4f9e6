/**
 * The fake Slack checks scopes as Slack does (issue 18 item 1): a call whose scope the
 * manifest does not grant answers `missing_scope` with `needed` and `provided`, and a token
 * Slack no longer accepts answers `token_revoked` / `account_inactive` / `invalid_auth`.
 */
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { manifestBotScopes } from '../../src/sandbox/slack/slack-scopes.ts';
import {
  DEFAULT_APP_TOKEN,
  DEFAULT_BOT_TOKEN,
  type FakeSlack,
  startFakeSlack,
} from '../harness/index.ts';

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const USER = { id: 'U0ANA', email: 'ana@acme.test', name: 'Ana' };

function clientOf(slack: FakeSlack, token = DEFAULT_BOT_TOKEN) {
  return new WebClient(token, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
}

describe('scopes in the fake Slack', () => {
  it('grants the manifest scopes: the quote upload and a DM go through', async () => {
    fake = await startFakeSlack({ users: [USER] });
    const client = clientOf(fake);
    const opened = await client.conversations.open({ users: USER.id });
    const posted = await client.chat.postMessage({ channel: opened.channel!.id!, text: 'hi' });
    expect(posted.ok).toBe(true);
    const uploaded = await client.filesUploadV2({
      channel_id: opened.channel!.id!,
      file: Buffer.from('%PDF-1.4 quote'),
      filename: 'quote.pdf',
    });
    expect(uploaded.ok).toBe(true);
  });

  it('answers missing_scope, naming the scope, when the manifest copy lacks it', async () => {
    const scopes = manifestBotScopes().filter((scope) => scope !== 'files:write');
    fake = await startFakeSlack({ users: [USER], scopes });
    const client = clientOf(fake);
    const opened = await client.conversations.open({ users: USER.id });
    const upload = client.filesUploadV2({
      channel_id: opened.channel!.id!,
      file: Buffer.from('%PDF-1.4 quote'),
      filename: 'quote.pdf',
    });
    await expect(upload).rejects.toMatchObject({ data: { error: 'missing_scope' } });
    const call = fake.callsTo('files.getUploadURLExternal')[0]!;
    expect(call.response).toMatchObject({
      ok: false,
      error: 'missing_scope',
      needed: 'files:write',
      provided: scopes.join(','),
    });
    // what the other scopes cover still works
    await expect(
      client.chat.postMessage({ channel: opened.channel!.id!, text: 'x' }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('refuses a revoked token, an inactive account and an unknown token', async () => {
    fake = await startFakeSlack({ users: [USER] });
    const client = clientOf(fake);
    for (const error of ['token_revoked', 'account_inactive', 'invalid_auth'] as const) {
      fake.refuseToken(DEFAULT_BOT_TOKEN, error);
      await expect(client.auth.test()).rejects.toMatchObject({ data: { error } });
    }
    fake.refuseToken(DEFAULT_BOT_TOKEN, null);
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
    await expect(clientOf(fake, 'xoxb-unknown').auth.test()).rejects.toMatchObject({
      data: { error: 'invalid_auth' },
    });
  });

  it('opens a Socket Mode connection only with an app-level token', async () => {
    fake = await startFakeSlack();
    await expect(clientOf(fake).apps.connections.open()).rejects.toMatchObject({
      data: { error: 'not_allowed_token_type' },
    });
    const app = clientOf(fake, DEFAULT_APP_TOKEN);
    await expect(app.apps.connections.open()).rejects.toMatchObject({
      data: { error: 'socket_mode_not_enabled' },
    });
    fake.acceptSocketMode(() => 'ws://127.0.0.1:1/link');
    await expect(app.apps.connections.open()).resolves.toMatchObject({
      url: 'ws://127.0.0.1:1/link',
    });
  });
});
