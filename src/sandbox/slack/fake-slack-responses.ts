/**
 * What the fake does with a POST to a response URL (Bolt's `respond()`): replace or delete
 * the message the user acted on, post in the channel (`response_type: 'in_channel'`), or
 * show an ephemeral message to that user, which is Slack's default.
 */
import { isObject, type Json } from './block-checks.ts';
import { flag } from './fake-slack-chat.ts';
import type { SlackWorld } from './fake-slack-world.ts';
import { checkMessage } from './slack-limits.ts';

export interface ResponseOutcome {
  status: number;
  body: Json;
}

export function postToResponseUrl(world: SlackWorld, url: string, body: unknown): ResponseOutcome {
  const target = world.responseTargets.get(url);
  if (!target) return { status: 404, body: { ok: false, error: 'invalid_url' } };
  const args = isObject(body) ? body : {};
  const deleting = flag(args.delete_original);
  const problem = checkMessage(args, !deleting);
  world.responses.push({ url, body: args, time: world.now(), error: problem?.error });
  if (problem) return { status: 400, body: { ...problem } };

  const original =
    target.messageTs === undefined
      ? undefined
      : world.findMessage(target.channel, target.messageTs);
  const ephemeral = world.ephemerals.find(
    (e) => e.user === target.user && e.message_ts === target.messageTs,
  );
  if (!original && ephemeral && (deleting || flag(args.replace_original))) {
    // Slack replaces or removes the ephemeral message the user acted on.
    if (deleting) world.ephemerals.splice(world.ephemerals.indexOf(ephemeral), 1);
    else {
      ephemeral.text = typeof args.text === 'string' ? args.text : ephemeral.text;
      ephemeral.blocks = args.blocks as unknown[] | undefined;
    }
  } else if (deleting || flag(args.replace_original)) {
    if (!original) return { status: 404, body: { ok: false, error: 'message_not_found' } };
    if (deleting) world.deleteMessage(original);
    else world.editMessage(original, args);
  } else if (args.response_type === 'in_channel') {
    world.addMessage(target.channel, {
      text: typeof args.text === 'string' ? args.text : '',
      blocks: args.blocks as unknown[] | undefined,
      thread_ts: typeof args.thread_ts === 'string' ? args.thread_ts : undefined,
    });
  } else {
    // Slack shows the answer where the user acted: in the thread of a reply they clicked.
    const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : original?.thread_ts;
    world.ephemerals.push({
      channel: target.channel,
      user: target.user,
      message_ts: world.nextTs(),
      text: typeof args.text === 'string' ? args.text : '',
      blocks: args.blocks as unknown[] | undefined,
      thread_ts: threadTs,
    });
  }
  return { status: 200, body: { ok: true } };
}
