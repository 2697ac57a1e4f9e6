/**
 * What the thread's modal submissions share: the payload narrowed with zod (who submitted,
 * the view's metadata and state) and a short private note in the CSM's DM with the bot,
 * for what happens after the ack (a submission has no response URL).
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';

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

/** An ephemeral note to the CSM in their DM with the bot. */
export async function whisper(client: WebClient, userId: string, text: string): Promise<void> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (channel) await client.chat.postEphemeral({ channel, user: userId, text });
}

/** A modal input a validation issue belongs to, and what it holds in words ("a quantity"). */
export interface ModalField {
  block: string;
  label: string;
}

/** A validation issue as zod reports it; only the parts that say what was expected. */
export interface FieldIssue {
  path: readonly PropertyKey[];
  code?: string;
  message: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  expected?: string;
  format?: string;
  divisor?: number | bigint;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * What was wrong with one field and what is expected, in words ("Enter a quantity greater
 * than 0."), whatever bounds the schema sets: they are read from the issue, never its text.
 */
export function describeFieldIssue(label: string, issue: FieldIssue): string {
  const text = issue.origin === 'string' || issue.origin === 'array';
  switch (issue.code) {
    case 'too_small':
      if (text) return `Enter ${label}.`;
      return issue.inclusive === false
        ? `Enter ${label} greater than ${issue.minimum}.`
        : `Enter ${label} of ${issue.minimum} or more.`;
    case 'too_big':
      if (text) return `Shorten ${label} to ${issue.maximum} characters or fewer.`;
      return issue.inclusive === false
        ? `Enter ${label} less than ${issue.maximum}.`
        : `Enter ${label} of ${issue.maximum} or less.`;
    case 'invalid_type':
      if (issue.expected === 'int') return `Enter ${label} as a whole number.`;
      if (issue.expected === 'number') return `Enter ${label} as a number.`;
      return `Enter ${label}.`;
    case 'not_multiple_of':
      return `Enter ${label} in steps of ${issue.divisor}.`;
    case 'invalid_format':
      return issue.format === 'email'
        ? `Enter ${label} as an email address, like name@example.com.`
        : `Enter ${label} in the expected form.`;
    case 'custom':
      // Our own refinements already say what is wrong in words.
      return `${capitalise(label)}: ${issue.message}.`;
    default:
      return `Check ${label}: it is not one of the values this form accepts.`;
  }
}

/**
 * The `response_action: 'errors'` map of a modal: each issue on its field's input block, in
 * words, the first issue of a block kept. `fieldOf` is the modal's one mapping from an issue's
 * path to its input and what that input holds.
 */
export function modalErrors(
  issues: readonly FieldIssue[],
  fieldOf: (path: readonly PropertyKey[]) => ModalField,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    errors[field.block] ??= describeFieldIssue(field.label, issue);
  }
  return errors;
}
