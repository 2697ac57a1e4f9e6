/**
 * The step menu's modal submissions (snooze, skip, escalate). The answer must be the ack
 * itself (errors name the input block), so the checks and the step-actions service's one
 * transaction run before it; both take milliseconds. A snooze ends at a quick option's span
 * or at the picked date and time in the CSM's zone (src/domain/durations.ts); the thread follows
 * in the same transaction. After the ack: the wake-up job, delivery, App Home (step-follow.ts).
 */
import { z } from 'zod';
import {
  DEFAULT_WAKE_TIME,
  readStepAction,
  readStepMetadata,
  STEP_BLOCKS,
  type StepActionChoice,
  type StepMenuVerb,
} from '../../../blocks/step-action-modals.ts';
import { parseDuration } from '../../domain/durations.ts';
import {
  applyStepAction,
  type StepAction,
  StepActionError,
  type StepChange,
} from '../../workflows/step-actions.ts';
import type { SlackServices } from '../services.ts';
import { afterMenuAction } from './step-follow.ts';
import type { SubmitArgs } from './submission.ts';

type Block = keyof typeof STEP_BLOCKS;

const submissionSchema = z.object({
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    private_metadata: z.string(),
    state: z.object({ values: z.record(z.string(), z.any()) }),
  }),
});

const errors = (block: Block, message: string) => ({
  response_action: 'errors' as const,
  errors: { [STEP_BLOCKS[block].blockId]: message },
});

type Built = { ok: true; change: StepAction } | { ok: false; block: Block; message: string };

/** The service's action from what was filled in, or which input is wrong and why. */
export function buildChange(
  verb: StepMenuVerb,
  choice: StepActionChoice,
  now: Date,
  timeZone: string,
): Built {
  if (verb === 'skip') {
    if (!choice.reason) return { ok: false, block: 'reason', message: 'Say why you skip it.' };
    return { ok: true, change: { action: 'skip', reason: choice.reason } };
  }
  if (verb === 'escalate')
    return { ok: true, change: { action: 'escalate', reason: choice.reason } };
  const block: Block = choice.quick ? 'quick' : 'date';
  const text =
    choice.quick ?? (choice.date && `${choice.date} ${choice.time ?? DEFAULT_WAKE_TIME}`);
  if (!text) {
    return { ok: false, block: 'quick', message: 'Pick 1 day, 2 days or 1 week, or a date below.' };
  }
  const until = parseDuration(text, now, timeZone);
  if (!until.ok) {
    const past = until.message.includes('already past');
    const message = past ? 'That time is already past: pick a later date or time.' : until.message;
    return { ok: false, block, message };
  }
  const reason = choice.reason ?? '';
  return { ok: true, change: { action: 'snooze', until: until.until, event: null, reason } };
}

/** Which input a refusal of the service is shown on. */
function blockOf(verb: StepMenuVerb, error: StepActionError): Block {
  if (verb !== 'snooze' || error.problem === 'rot_needs_reason') return 'reason';
  return 'quick';
}

export function stepMenuSubmitted(services: SlackServices, verb: StepMenuVerb) {
  const first: Block = verb === 'snooze' ? 'quick' : 'reason';
  return async ({ ack, body, client }: SubmitArgs) => {
    const { user, view } = submissionSchema.parse(body);
    const meta = readStepMetadata(view.private_metadata);
    const csm = await services.identity.csmOf(user.id);
    if (!meta || !csm) {
      await ack(errors(first, 'This step is not yours to change. Close the dialog.'));
      return;
    }
    const now = services.clock.now();
    const built = buildChange(verb, readStepAction(view.state.values), now, csm.timezone);
    if (!built.ok) {
      await ack(errors(built.block, built.message));
      return;
    }
    let done: StepChange;
    try {
      const target = {
        ...meta,
        actorCsmId: csm.id,
        now,
        source: 'modal' as const,
        thread: 'follow' as const,
      };
      done = await applyStepAction(services.sql, target, built.change);
    } catch (error) {
      if (!(error instanceof StepActionError)) throw error;
      await ack(errors(blockOf(verb, error), error.userMessage));
      return;
    }
    await ack();
    await afterMenuAction(client, services, csm, user.id, done);
  };
}
