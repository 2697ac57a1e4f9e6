/**
 * The demo portfolio behind `renubu serve` with a fake Slack: Justin (the seed's CSM) linked
 * to a Slack user, the default definitions stored, and helpers to click in his DM thread.
 */
import { vi } from 'vitest';
import type { Json } from '../harness/block-checks.ts';
import type { FakeSlack, SlackDriver, StoredMessage } from '../harness/index.ts';
import { findElement } from '../harness/slack-payloads.ts';

export const JUSTIN = { id: 'U0JUSTIN', email: 'justin@renubu.example', name: 'Justin Avery' };

/** The Home view with one workflow button, as App Home shows it. */
export function cardView(actionId: string, value: string): Json {
  return {
    id: 'VHOME',
    type: 'home',
    blocks: [
      {
        type: 'actions',
        block_id: 'card',
        elements: [
          { type: 'button', action_id: actionId, value, text: { type: 'plain_text', text: 'Go' } },
        ],
      },
    ],
  };
}

/** Justin's thread: the parent and its replies, oldest first. */
export function threadOf(fake: FakeSlack) {
  const all = fake.messagesIn(JUSTIN.id);
  const parent = all.find((m) => m.thread_ts === undefined);
  const replies = parent ? all.filter((m) => m.thread_ts === parent.ts && m.ts !== parent.ts) : [];
  return { parent, replies, all };
}

/** Wait until the thread has `n` replies; the last one. */
export async function waitForReplies(fake: FakeSlack, n: number): Promise<StoredMessage> {
  await vi.waitFor(() => {
    if (threadOf(fake).replies.length < n) throw new Error(`fewer than ${n} replies`);
  }, 8000);
  return threadOf(fake).replies[n - 1]!;
}

const textOf = (m: StoredMessage | undefined) => JSON.stringify(m?.blocks ?? []);

/** Click `actionId` in a thread message. */
export function click(
  slack: SlackDriver,
  message: StoredMessage,
  actionId: string,
  value?: string,
) {
  return slack.blockAction(JUSTIN.id, {
    actionId,
    ...(value === undefined ? {} : { value }),
    message: { ts: message.ts, channel: message.channel, thread_ts: message.thread_ts },
  });
}

/** Tick checkboxes as Slack sends it: `selected_options` on a `checkboxes` action. */
export function tick(
  slack: SlackDriver,
  fake: FakeSlack,
  message: StoredMessage,
  values: string[],
) {
  const found = findElement(message.blocks, 'account-overview.check');
  if (!found) throw new Error(`no checklist in ${textOf(message)}`);
  const team = { id: fake.identity.teamId, domain: fake.identity.teamDomain };
  const payload = {
    type: 'block_actions',
    user: { id: JUSTIN.id, username: 'justin', name: 'justin', team_id: team.id },
    api_app_id: fake.identity.appId,
    token: 'unused',
    trigger_id: fake.issueTrigger(JUSTIN.id),
    team,
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel },
    channel: { id: message.channel, name: 'directmessage' },
    message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
    response_url: fake.responseUrl({
      user: JUSTIN.id,
      channel: message.channel,
      messageTs: message.ts,
    }),
    state: { values: {} },
    actions: [
      {
        type: 'checkboxes',
        action_id: 'account-overview.check',
        block_id: found.blockId,
        selected_options: values.map((value) => ({
          text: { type: 'plain_text', text: value },
          value,
        })),
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return slack.send(body, 'application/x-www-form-urlencoded');
}
