/**
 * `/renubu` (PRODUCT.md §5): help, today, list. Answers are ephemeral and only about the
 * CSM who typed it; anyone else gets a polite "not a CSM" and no data. snooze, skip and
 * resume act on a step of the workflow whose thread it is typed in, else of the CSM's most
 * recent active one: parsed against its steps, applied by the step-actions service, its
 * wake-up job moved after the commit, App Home republished. Bad arguments change nothing.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { escapeMrkdwn, instantInWords, unescapeMrkdwn } from '../../../../blocks/format.ts';
import {
  helpReply,
  listReply,
  notACsmReply,
  todayReply,
  unknownCommandReply,
} from '../../../../blocks/index.ts';
import { parseStepCommand, type STEP_COMMAND_FORMS } from '../../../domain/step-command.ts';
import { csmToday, loadDigest, loadHomeState } from '../../../engine/digest.ts';
import {
  applyStepAction,
  resolveExecution,
  StepActionError,
  type StepChange,
} from '../../../workflows/step-actions.ts';
import type { CsmRow, SlackServices } from '../../services.ts';
import { afterMenuAction } from '../../threads/step-follow.ts';

const commandSchema = z.object({
  user_id: z.string().min(1),
  text: z.string().default(''),
  channel_id: z.string().optional(),
  thread_ts: z.string().optional(),
});
type Command = z.infer<typeof commandSchema>;

/** Sub-commands that act on a workflow step. */
const STEP_COMMANDS = new Set(['snooze', 'skip', 'resume']);

type Reply = { text: string; blocks?: unknown[] };

export function renubuCommand(services: SlackServices) {
  return async (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const { ack, command, respond } = args;
    await ack();
    const parsed = commandSchema.parse(command);
    const { user_id: userId, text } = parsed;
    const word = text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    const csm = STEP_COMMANDS.has(word) ? await services.identity.csmOf(userId) : null;
    const reply = csm
      ? await stepCommand(services, csm, parsed, (done) =>
          afterMenuAction(args.client, services, csm, userId, done),
        )
      : await answer(services, userId, word);
    await respond({ response_type: 'ephemeral', ...(reply as { text: string }) });
  };
}

async function answer(services: SlackServices, userId: string, word: string): Promise<Reply> {
  const csm = await services.identity.csmOf(userId);
  if (!csm) return notACsmReply();
  const today = csmToday(csm, services.clock.now());
  if (word === '' || word === 'help') return helpReply(today);
  if (word === 'today') return todayReply(await loadDigest(services.sql, csm, today));
  if (word === 'list') return listReply(await loadHomeState(services.sql, csm, today));
  return unknownCommandReply(word, today);
}

/** `/renubu snooze|skip|resume …`: parse, act, say what changed (or why nothing did). */
async function stepCommand(
  services: SlackServices,
  csm: CsmRow,
  command: Command,
  /** After the commit (the thread moved with the action): wake-up job, delivery, Home. */
  follow: (done: StepChange) => Promise<void>,
): Promise<Reply> {
  // Slack sends the text with &, < and > as entities: the words as the CSM typed them.
  const [word, ...words] = unescapeMrkdwn(command.text).trim().split(/\s+/);
  const action = word!.toLowerCase() as keyof typeof STEP_COMMAND_FORMS;
  const now = services.clock.now();
  try {
    const execution = await resolveExecution(services.sql, {
      csmId: csm.id,
      channelId: command.channel_id,
      threadTs: command.thread_ts,
    });
    const context = { now, timeZone: csm.timezone, steps: execution.step_ids };
    const parsed = parseStepCommand(action, words, context);
    if (!parsed.ok) return { text: escapeMrkdwn(parsed.message) };
    const { step, ...change } = parsed.command;
    const target = {
      executionId: execution.id,
      stepIndex: step,
      actorCsmId: csm.id,
      now,
      source: 'command' as const,
      thread: 'follow' as const,
    };
    const done = await applyStepAction(services.sql, target, change);
    await follow(done).catch((error) =>
      services.logger.warn({ err: error }, 'step change not followed in Slack'),
    );
    return { text: escapeMrkdwn(describeChange(done, csm.timezone)) };
  } catch (error) {
    if (error instanceof StepActionError) return { text: escapeMrkdwn(error.userMessage) };
    throw error;
  }
}

function describeChange(done: StepChange, timeZone: string): string {
  const step = `step ${done.stepIndex + 1} ${done.stepTitle}`;
  const why = done.reason ? `: ${done.reason}` : '.';
  if (done.action === 'snooze' && done.snoozedUntil) {
    const when = instantInWords(done.snoozedUntil.toISOString(), timeZone, '');
    return `Snoozed ${step} until ${when} (${timeZone})${why}`;
  }
  if (done.action === 'skip') return `Skipped ${step}${why}`;
  if (done.action === 'escalate') return `Escalated ${step} to ${done.escalatedTo?.name}${why}`;
  return `Resumed ${step}: it is back in progress.`;
}
