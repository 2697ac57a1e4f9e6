/** The fake's own rules: encodings, auth, triggers, views, failures, response URLs. */
import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_TOKEN, FAST_RETRIES, startFakeSlack } from './index.ts';

let clock = 1_700_000_000_000;
const ana = { id: 'U0ANA', email: 'ana@acme.test', name: 'ana' };
const fake = await startFakeSlack({ users: [ana], now: () => clock });
const client = new WebClient(DEFAULT_BOT_TOKEN, {
  slackApiUrl: fake.url,
  retryConfig: FAST_RETRIES,
  logLevel: LogLevel.ERROR,
});
const modal = (title: string) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: title },
  blocks: [],
});
const call = (method: string, init: RequestInit) =>
  fetch(`${fake.url}${method}`, { method: 'POST', ...init }).then((r) => r.json());

beforeEach(() => fake.reset());
afterAll(() => fake.close());

describe('fake Slack', () => {
  it('takes JSON bodies and form tokens, and refuses calls without a good token', async () => {
    const json = await call('chat.postMessage', {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEFAULT_BOT_TOKEN}` },
      body: JSON.stringify({ channel: 'general', blocks: [{ type: 'divider' }] }),
    });
    expect(json).toMatchObject({ ok: true, channel: 'C0GENERAL' });
    const form = new URLSearchParams({
      token: DEFAULT_BOT_TOKEN,
      channel: 'C0GENERAL',
      text: 'hi',
    });
    expect(await call('chat.postMessage', { body: form })).toMatchObject({ ok: true });
    expect(fake.calls[1]).toMatchObject({ token: DEFAULT_BOT_TOKEN, args: { text: 'hi' } });
    expect(await call('auth.test', {})).toEqual({ ok: false, error: 'not_authed' });
    expect(fake.messagesIn('C0GENERAL').map((m) => m.ts)).toEqual([
      '1700000000.000100',
      '1700000000.000200',
    ]);
  });

  it('lets a trigger id open one modal within 3 seconds', async () => {
    const open = (trigger_id: string) => client.views.open({ trigger_id, view: modal('Snooze') });
    const trigger = fake.issueTrigger(ana.id);
    const opened = await open(trigger);
    expect(opened.view).toMatchObject({ id: fake.modalsOf(ana.id)[0]?.id, type: 'modal' });
    await expect(open(trigger)).rejects.toMatchObject({ data: { error: 'exchanged_trigger_id' } });
    const late = fake.issueTrigger(ana.id);
    clock += 3001;
    await expect(open(late)).rejects.toMatchObject({ data: { error: 'expired_trigger_id' } });
    await expect(open('1.2.made-up')).rejects.toMatchObject({
      data: { error: 'invalid_trigger_id' },
    });
  });

  it('keeps a modal stack per user and the Home tab, guarded by hashes', async () => {
    const root = await client.views.open({
      trigger_id: fake.issueTrigger(ana.id),
      view: modal('A'),
    });
    await client.views.push({ trigger_id: fake.issueTrigger(ana.id), view: modal('B') });
    const pushed = await client.views.push({
      trigger_id: fake.issueTrigger(ana.id),
      view: modal('C'),
    });
    expect(pushed.view).toMatchObject({ root_view_id: root.view?.id });
    const fourth = client.views.push({ trigger_id: fake.issueTrigger(ana.id), view: modal('D') });
    await expect(fourth).rejects.toMatchObject({ data: { error: 'push_limit_reached' } });
    const stale = client.views.update({ view_id: root.view!.id!, hash: 'old', view: modal('A2') });
    await expect(stale).rejects.toMatchObject({ data: { error: 'hash_conflict' } });
    await client.views.update({
      view_id: root.view!.id!,
      hash: root.view!.hash!,
      view: modal('A2'),
    });
    expect(fake.modalsOf(ana.id).map((v) => (v.title as { text: string }).text)).toEqual([
      'A2',
      'B',
      'C',
    ]);
    fake.settleViewSubmission(ana.id, undefined);
    expect(fake.modalsOf(ana.id)).toHaveLength(2);
    fake.settleViewSubmission(ana.id, { response_action: 'clear' });
    expect(fake.modalsOf(ana.id)).toEqual([]);

    const home = { type: 'home' as const, blocks: [{ type: 'divider' as const }] };
    const first = await client.views.publish({ user_id: ana.id, view: home });
    const second = await client.views.publish({
      user_id: ana.id,
      view: home,
      hash: first.view?.hash,
    });
    expect(second.view?.id).toBe(first.view?.id);
    const asModal = client.views.publish({ user_id: ana.id, view: modal('Home?') as never });
    await expect(asModal).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
  });

  it('injects errors, 500s and rate limit storms', async () => {
    fake.failNext('chat.postMessage', { error: 'is_archived' });
    const archived = client.chat.postMessage({ channel: 'C0GENERAL', text: 'x' });
    await expect(archived).rejects.toMatchObject({ data: { error: 'is_archived' } });
    fake.failNext('chat.postMessage', { status: 500 }, 2);
    await client.chat.postMessage({ channel: 'C0GENERAL', text: 'after two 500s' });
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([200, 500, 500, 200]);

    fake.reset();
    fake.rateLimit('users.info', { everyNth: 2, retryAfter: 0 });
    for (let i = 0; i < 3; i++) await client.users.info({ user: ana.id });
    expect(fake.callsTo('users.info').map((c) => c.status)).toEqual([200, 429, 200, 429, 200]);
    const limited = fake.callsTo('users.info')[1];
    expect(limited?.response).toEqual({ ok: false, error: 'ratelimited' });
    fake.rateLimit('users.info', null);
    await client.users.info({ user: ana.id });
    expect(fake.callsTo('users.info')).toHaveLength(6);
  });

  it('waits for a call that has not happened yet, and times out naming what it saw', async () => {
    // long enough for the two calls below on a loaded machine (the full suite on 2 cores)
    const waiting = fake.waitForCall('chat.delete', (c) => c.args.ts === '1700000000.999900', 1000);
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'bye' });
    await client.chat.delete({ channel: 'C0GENERAL', ts: posted.ts! });
    await expect(waiting).rejects.toThrow(
      /no chat.delete call within 1000 ms \(calls: .*chat.delete/,
    );
    const seen = await fake.waitForCall('chat.delete', (c) => c.args.ts === posted.ts);
    expect(seen.response).toEqual({ ok: true, channel: 'C0GENERAL', ts: posted.ts });
    expect(fake.messagesIn('C0GENERAL')).toEqual([]);
  });

  it('acts on response URL posts: ephemeral, in channel, replace and delete the original', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'Step 1' });
    const url = fake.responseUrl({ user: ana.id, channel: 'C0GENERAL', messageTs: posted.ts });
    const post = (body: object) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ text: 'only you' })).status).toBe(200);
    expect(fake.ephemeralsFor(ana.id).map((m) => m.text)).toEqual(['only you']);
    await post({ text: 'everyone', response_type: 'in_channel' });
    await post({ text: 'Step 1 done', replace_original: true });
    expect(fake.messagesIn('C0GENERAL').map((m) => m.text)).toEqual(['Step 1 done', 'everyone']);
    expect((await post({ blocks: [{ type: 'nope' }] })).status).toBe(400);
    await post({ delete_original: true });
    expect(fake.messagesIn('C0GENERAL').map((m) => m.text)).toEqual(['everyone']);
    expect(fake.responses(url).map((r) => r.error)).toEqual([
      undefined,
      undefined,
      undefined,
      'invalid_blocks',
      undefined,
    ]);
  });
});
