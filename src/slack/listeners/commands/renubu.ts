/**
 * `/renubu` (PRODUCT.md §5): help, today, list. Answers are ephemeral and only about the
 * CSM who typed it; anyone else gets a polite "not a CSM" and no data. snooze, skip and
 * resume act on workflow steps, which arrive with the workflow threads: until then they show
 * the help.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import {
  helpReply,
  listReply,
  notACsmReply,
  todayReply,
  unknownCommandReply,
} from '../../../../blocks/index.ts';
import { csmToday, loadDigest, loadHomeState } from '../../digest.ts';
import type { SlackServices } from '../../services.ts';

const commandSchema = z.object({
  user_id: z.string().min(1),
  text: z.string().default(''),
});

/** Sub-commands that need step actions (a later change); they show the help for now. */
const STEP_COMMANDS = new Set(['snooze', 'skip', 'resume']);

type Reply = { text: string; blocks?: unknown[] };

export function renubuCommand(services: SlackServices) {
  return async ({ ack, command, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    const { user_id: userId, text } = commandSchema.parse(command);
    const word = text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    const reply = await answer(services, userId, word);
    await respond({ response_type: 'ephemeral', ...(reply as { text: string }) });
  };
}

async function answer(services: SlackServices, userId: string, word: string): Promise<Reply> {
  const csm = await services.identity.csmOf(userId);
  if (!csm) return notACsmReply();
  const today = csmToday(csm, services.clock.now());
  if (word === '' || word === 'help' || STEP_COMMANDS.has(word)) return helpReply();
  if (word === 'today') return todayReply(await loadDigest(services.sql, csm, today));
  if (word === 'list') return listReply(await loadHomeState(services.sql, csm, today));
  return unknownCommandReply(word);
}
