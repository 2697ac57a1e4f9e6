/**
 * What every button handler needs first: the clicked value and the CSM who clicked, checked.
 * A click from someone who is not a CSM gets the polite answer (where Slack lets us answer:
 * a message has a response URL, the Home tab does not) and goes no further.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { escapeMrkdwn } from '../../../../blocks/format.ts';
import { notACsmReply } from '../../../../blocks/index.ts';
import type { CsmRow, SlackServices } from '../../services.ts';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

const clickSchema = z.object({
  user: z.object({ id: z.string().min(1) }),
  trigger_id: z.string().min(1),
  response_url: z.string().optional(),
});
const actionSchema = z.object({ value: z.string().optional() });

export interface Click {
  userId: string;
  triggerId: string;
  value: string | undefined;
  csm: CsmRow;
}

/** The click, or null when the user is not a CSM (they have been told). */
export async function readClick(services: SlackServices, args: ButtonArgs): Promise<Click | null> {
  const body = clickSchema.parse(args.body);
  const { value } = actionSchema.parse(args.action);
  const csm = await services.identity.csmOf(body.user.id);
  if (!csm) {
    if (body.response_url) {
      await args.respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...notACsmReply(),
      });
    }
    return null;
  }
  return { userId: body.user.id, triggerId: body.trigger_id, value, csm };
}

/**
 * A short ephemeral note, where the click came from a message. `text` is a plain sentence
 * (it may quote what a person typed): escaped here, once, since Slack reads it as mrkdwn.
 */
export async function tell(args: ButtonArgs, text: string): Promise<void> {
  if ((args.body as { response_url?: string }).response_url) {
    const safe = escapeMrkdwn(text);
    await args.respond({ response_type: 'ephemeral', replace_original: false, text: safe });
  }
}
