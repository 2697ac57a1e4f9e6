/**
 * The buttons in a workflow thread: each acks first, reads `executionId:stepIndex` (the
 * checklist carries it in its block_id), calls one service and delivers what it enqueued. A
 * stale click (the step moved on, the workflow is done, someone else's) gets the service's
 * explanation as an ephemeral note.
 */
import { z } from 'zod';
import { parseThreadValue, type ThreadRef } from '../../../blocks/thread-ids.ts';
import { csmToday } from '../../engine/digest.ts';
import { completeWorkflow } from '../../workflows/executions-complete.ts';
import {
  continueStep,
  decidePrice,
  recordChecks,
  type StepRef,
  type StepResult,
} from '../../workflows/executions-steps.ts';
import { type ButtonArgs, type Click, readClick, tell } from '../listeners/actions/context.ts';
import { publishHome, type SlackServices } from '../services.ts';

const BAD_BUTTON = 'That button is not one I know any more; nothing was changed.';

type Ref = ThreadRef & { ticked?: string[] };
type Handler = (
  services: SlackServices,
  ref: StepRef,
  click: Click,
  thread: Ref,
) => Promise<StepResult>;
type RefOf = (args: ButtonArgs, click: Click) => Ref | null;

/** ack → who → which step → one service → deliver; a stale click is told why. */
function stepButton(services: SlackServices, handle: Handler, refOf: RefOf = valueRef) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const click = await readClick(services, args);
    if (!click) return;
    const thread = refOf(args, click);
    if (!thread) {
      await tell(args, BAD_BUTTON);
      return;
    }
    const { executionId, stepIndex } = thread;
    const ref = {
      executionId,
      stepIndex,
      csmId: click.csm.id,
      slackUserId: click.userId,
      now: services.clock.now(),
      source: 'button' as const,
    };
    const result = await handle(services, ref, click, thread);
    if (!result.ok) {
      await tell(args, result.reason);
      return;
    }
    services.nudgeOutbox?.();
    if (result.completed !== undefined)
      await publishHome(args.client, services, click.csm, click.userId);
  };
}

const valueRef: RefOf = (_args, click) => parseThreadValue(click.value);

const checkboxSchema = z.object({
  block_id: z.string(),
  selected_options: z.array(z.object({ value: z.string() })).default([]),
});

/** The checklist: its selected options replace the stored ticks. */
export function checklistChanged(services: SlackServices) {
  return stepButton(
    services,
    (s, ref, _click, thread) => recordChecks(s.sql, ref, thread.ticked ?? []),
    (args) => {
      const action = checkboxSchema.parse(args.action);
      const thread = parseThreadValue(action.block_id.replace(/^check:/, ''));
      return thread && { ...thread, ticked: action.selected_options.map((o) => o.value) };
    },
  );
}

export const nextClicked = (services: SlackServices) =>
  stepButton(services, (s, ref) => continueStep(s.sql, ref));

export const acceptClicked = (services: SlackServices) =>
  stepButton(services, (s, ref, _click, thread) =>
    decidePrice(s.sql, ref, { scenario: thread.extra ?? '' }),
  );

export const completeClicked = (services: SlackServices) =>
  stepButton(services, (s, ref, click) =>
    completeWorkflow(s.sql, { ...ref, today: csmToday(click.csm, ref.now) }),
  );
