/**
 * The buttons under Renubu's answers to messages (blocks/message-replies.ts): Undo reverts
 * the CSM's last change in the workflow; a suggestion or confirm button says its words where
 * the answer is (its thread, or the DM), as if the CSM had written them. Each answers once per
 * clicked message and button.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseInstanceValue } from '../../../../blocks/action-ids.ts';
import { answerWritten, undoClickedFrom } from '../../conversation.ts';
import type { SlackServices } from '../../services.ts';
import { type ButtonArgs, readClick, tell } from './context.ts';

const whereSchema = z.object({
  container: z.object({
    message_ts: z.string().min(1),
    channel_id: z.string().min(1),
    thread_ts: z.string().optional(),
  }),
  message: z.object({ thread_ts: z.string().optional() }).optional(),
});

function whereOf(args: ButtonArgs, words: string) {
  const { container, message } = whereSchema.parse(args.body);
  const threadTs = container.thread_ts ?? message?.thread_ts ?? null;
  const hash = createHash('sha256').update(words).digest('hex').slice(0, 16);
  return { channel: container.channel_id, threadTs, key: `${container.message_ts}:${hash}` };
}

export function undoMessageClicked(services: SlackServices) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const click = await readClick(services, args);
    if (!click) return;
    const executionId = parseInstanceValue(click.value);
    if (executionId === null) {
      await tell(args, 'That Undo button is not one I know; nothing was changed.');
      return;
    }
    const where = whereOf(args, 'undo');
    await undoClickedFrom(args.client, services, { userId: click.userId, ...where }, executionId);
  };
}

export function sayClicked(services: SlackServices) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const click = await readClick(services, args);
    if (!click) return;
    const text = click.value ?? '';
    const where = whereOf(args, text);
    await answerWritten(args.client, services, { userId: click.userId, ...where, text });
  };
}
