/** The fake Slack against the real @slack/web-api WebClient, as Bolt uses it. */
import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SLACK_CLIENT_OPTIONS } from '../../src/slack/outbox-timing.ts';
import { DEFAULT_BOT_TOKEN, FAST_RETRIES, startFakeSlack } from './index.ts';

const ana = { id: 'U0ANA', email: 'ana@acme.test', name: 'ana', tz: 'America/New_York' };
const fake = await startFakeSlack({ users: [ana] });
const client = new WebClient(DEFAULT_BOT_TOKEN, {
  slackApiUrl: fake.url,
  retryConfig: FAST_RETRIES,
  logLevel: LogLevel.ERROR,
});
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

beforeEach(() => fake.reset());
afterAll(() => fake.close());

describe('fake Slack with the real WebClient', () => {
  it('posts a message, updates it in place and keeps its history', async () => {
    const posted = await client.chat.postMessage({
      channel: 'C0GENERAL',
      text: 'Renewal for Acme',
      blocks: [section('*Acme* renews in 12 days')],
    });
    expect(posted).toMatchObject({ ok: true, channel: 'C0GENERAL', ts: '1700000000.000100' });
    expect(posted.message?.blocks).toEqual([section('*Acme* renews in 12 days')]);
    expect(fake.calls[0]).toMatchObject({ method: 'chat.postMessage', token: DEFAULT_BOT_TOKEN });
    expect(fake.calls[0]?.args.blocks).toEqual([section('*Acme* renews in 12 days')]);

    const updated = await client.chat.update({
      channel: 'C0GENERAL',
      ts: posted.ts!,
      text: 'Renewal for Acme: done',
    });
    expect(updated).toMatchObject({ ok: true, ts: posted.ts, text: 'Renewal for Acme: done' });
    const [message] = fake.messagesIn('C0GENERAL');
    expect(message?.text).toBe('Renewal for Acme: done');
    expect(message?.blocks).toEqual([section('*Acme* renews in 12 days')]);
    expect(message?.history.map((version) => version.text)).toEqual(['Renewal for Acme']);
    const missing = client.chat.update({ channel: 'C0GENERAL', ts: '1.000000', text: 'x' });
    await expect(missing).rejects.toMatchObject({ data: { error: 'message_not_found' } });
  });

  it('opens a stable DM per user and finds a sent message by its metadata', async () => {
    const opened = await client.conversations.open({ users: ana.id });
    const again = await client.conversations.open({ users: ana.id });
    expect(opened.channel?.id).toMatch(/^D/);
    expect(again).toMatchObject({ channel: { id: opened.channel?.id }, already_open: true });
    const metadata = { event_type: 'renubu_outbox', event_payload: { key: 'daily:2024-05-01' } };
    const sent = await client.chat.postMessage({ channel: ana.id, text: 'Morning', metadata });
    expect(sent.channel).toBe(opened.channel?.id);
    await client.chat.postMessage({ channel: sent.channel!, text: 'Reply', thread_ts: sent.ts });

    const history = await client.conversations.history({
      channel: sent.channel!,
      include_all_metadata: true,
    });
    expect(history.messages).toHaveLength(1);
    expect(history.messages?.[0]).toMatchObject({ ts: sent.ts, metadata, reply_count: 1 });
    const plain = await client.conversations.history({ channel: sent.channel! });
    expect(plain.messages?.[0]?.metadata).toBeUndefined();
    const thread = await client.conversations.replies({ channel: sent.channel!, ts: sent.ts! });
    expect(thread.messages?.map((m) => m.text)).toEqual(['Morning', 'Reply']);
    expect(fake.messagesIn(ana.id)).toHaveLength(2);
  });

  it('uploads a file into a thread with files.uploadV2 (three steps)', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'Quote' });
    const bytes = Buffer.from('%PDF-1.4 quote for Acme');
    const result = await client.files.uploadV2({
      channel_id: 'C0GENERAL',
      thread_ts: parent.ts!,
      file: bytes,
      filename: 'quote.pdf',
      title: 'Acme quote',
      initial_comment: 'Here is the quote',
    });
    expect(result.ok).toBe(true);
    const methods = fake.calls.map((call) => call.method);
    expect(methods).toEqual([
      'chat.postMessage',
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    const fileId = String(fake.callsTo('files.getUploadURLExternal')[0]?.response.file_id);
    expect(fake.fileBytes(fileId)).toEqual(bytes);
    const share = fake.messagesIn('C0GENERAL')[1];
    expect(share).toMatchObject({ thread_ts: parent.ts, text: 'Here is the quote', upload: true });
    expect(share?.files?.[0]).toMatchObject({
      id: fileId,
      title: 'Acme quote',
      size: bytes.length,
    });
  });

  it('rejects a 51-block message and a modal title over 24 characters as invalid_blocks', async () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(`line ${i}`));
    await expect(
      client.chat.postMessage({ channel: 'C0GENERAL', text: 'x', blocks }),
    ).rejects.toMatchObject({
      data: { error: 'invalid_blocks', errors: [expect.stringContaining('/blocks')] },
    });
    await client.chat.postMessage({ channel: 'C0GENERAL', text: 'x', blocks: blocks.slice(1) });
    expect(fake.messagesIn('C0GENERAL')).toHaveLength(1);

    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'x'.repeat(25) },
      blocks: [section('Snooze this step')],
    };
    const opening = client.views.open({ trigger_id: fake.issueTrigger(ana.id), view });
    await expect(opening).rejects.toMatchObject({
      data: { error: 'invalid_blocks', errors: [expect.stringContaining('/view/title/text')] },
    });
    expect(fake.modalsOf(ana.id)).toEqual([]);
  });

  it("with Renubu's client options, makes one attempt and throws a 429 at once", async () => {
    // the outbox deliverer owns retries (test/slack/rate-limit.test.ts): no hidden waiting here
    const once = new WebClient(DEFAULT_BOT_TOKEN, {
      ...SLACK_CLIENT_OPTIONS,
      slackApiUrl: fake.url,
      logLevel: LogLevel.ERROR,
    });
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    const started = Date.now();
    const posting = once.chat.postMessage({ channel: 'C0GENERAL', text: 'Once' });
    await expect(posting).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 30,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    fake.failNext('chat.postMessage', { status: 500 });
    await expect(once.chat.postMessage({ channel: 'C0GENERAL', text: 'Once' })).rejects.toThrow();
    const attempts = fake.callsTo('chat.postMessage');
    expect(attempts.map((call) => call.status)).toEqual([429, 500]);
    expect(attempts[0]?.response).toEqual({ ok: false, error: 'ratelimited' });
    expect(fake.messagesIn('C0GENERAL')).toEqual([]);
  });

  it("gives up on a Slack that never answers after the client's timeout", async () => {
    const once = new WebClient(DEFAULT_BOT_TOKEN, {
      ...SLACK_CLIENT_OPTIONS,
      timeout: 300,
      slackApiUrl: fake.url,
      logLevel: LogLevel.ERROR,
    });
    fake.hang('chat.postMessage', { processed: false });
    const started = Date.now();
    await expect(once.chat.postMessage({ channel: 'C0GENERAL', text: 'x' })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    fake.hang('chat.postMessage', null);
    await once.chat.postMessage({ channel: 'C0GENERAL', text: 'y' });
    expect(fake.messagesIn('C0GENERAL').map((m) => m.text)).toEqual(['y']);
  });

  it('answers a wrong token, an unknown channel and an unknown method as Slack does', async () => {
    const stranger = new WebClient('xoxb-wrong', {
      slackApiUrl: fake.url,
      retryConfig: FAST_RETRIES,
    });
    await expect(stranger.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    await expect(client.auth.test()).resolves.toMatchObject({ user_id: fake.identity.botUserId });
    const nowhere = client.chat.postMessage({ channel: 'C0NOWHERE', text: 'x' });
    await expect(nowhere).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(client.apiCall('chat.nothing')).rejects.toMatchObject({
      data: { error: 'unknown_method' },
    });
    const whisper = await client.chat.postEphemeral({
      channel: 'C0GENERAL',
      user: ana.id,
      text: 'psst',
    });
    expect(whisper.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(fake.ephemeralsFor(ana.id)).toMatchObject([{ channel: 'C0GENERAL', text: 'psst' }]);
    const found = await client.users.lookupByEmail({ email: 'ANA@acme.test' });
    expect(found.user).toMatchObject({ id: ana.id, tz: ana.tz, profile: { email: ana.email } });
    const lookup = client.users.lookupByEmail({ email: 'nobody@acme.test' });
    await expect(lookup).rejects.toMatchObject({ data: { error: 'users_not_found' } });
  });
});
