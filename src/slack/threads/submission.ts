/**
 * What the thread's modal submissions share: the payload narrowed with zod (who submitted,
 * the view's metadata and state) and a short private note in the CSM's DM with the bot,
 * for what happens after the ack (a submission has no response URL).
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { escapeMrkdwn } from '../../../blocks/format.ts';

export type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const inputState = z.object({
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
});

const submissionSchema = z.object({
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    id: z.string().optional(),
    private_metadata: z.string(),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), inputState)) }),
  }),
});

export type Submission = z.infer<typeof submissionSchema>;

export function submission(body: unknown): Submission {
  return submissionSchema.parse(body);
}

/** An ephemeral note to the CSM in their DM with the bot; `text` is plain, escaped here. */
export async function whisper(client: WebClient, userId: string, text: string): Promise<void> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (channel) {
    await client.chat.postEphemeral({ channel, user: userId, text: escapeMrkdwn(text) });
  }
}
