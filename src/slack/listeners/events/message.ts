/**
 * `message` in the bot's DM (manifest.yml: message.im): a CSM's top-level message, or a reply
 * in a workflow's thread. Bolt has acked already (events are answered before the listener
 * runs); the work follows. Bot messages (ours included), edits, deletions and every other
 * subtype are ignored; a delivery Slack retries (the same event id) is handled once, and the
 * answer's key is the message's own ts, so the same message is never answered twice.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { firstSighting } from '../../../events/slack-seen.ts';
import { answerWritten } from '../../conversation.ts';
import type { SlackServices } from '../../services.ts';

const messageSchema = z.object({
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  user: z.string().optional(),
  text: z.string().default(''),
  ts: z.string().min(1),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  thread_ts: z.string().optional(),
});
const bodySchema = z.object({ event_id: z.string().min(1) });

export function messageReceived(services: SlackServices) {
  return async ({
    event,
    body,
    client,
    context,
  }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs) => {
    const message = messageSchema.parse(event);
    const fromPerson =
      message.subtype === undefined &&
      message.bot_id === undefined &&
      message.user !== undefined &&
      message.user !== context.botUserId;
    if (!fromPerson || message.channel_type !== 'im') return;
    const { event_id: eventId } = bodySchema.parse(body);
    if (!(await firstSighting(services.sql, eventId))) {
      services.logger.debug({ eventId }, 'slack: event seen before, ignored');
      return;
    }
    await answerWritten(client, services, {
      userId: message.user!,
      channel: message.channel,
      // a reply's thread; a top-level message's own ts is no thread
      threadTs: message.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : null,
      key: message.ts,
      text: message.text,
    });
  };
}
