/**
 * "Resume step" on a wake-up DM (`snoozed.resume`, value `executionId:stepIndex`): ack, the
 * step-actions service resumes the step and, in the same transaction, reopens the thread at
 * that step: its chat text and artifacts again as a new reply (key
 * `thread:<exec>:step:<i>:resume:<actionId>`, so one per resume), the parent's badges updated
 * (the wake-up job goes with it after the commit); then App Home is republished. A step the
 * wake-up already put back in progress is reopened once, keyed on that wake's audit row, without a second resume. Any
 * other click (done, reopened already, not snoozed) gets a short ephemeral explanation.
 */
import { parseStepValue } from '../../../blocks/action-ids.ts';
import { followStepChange } from '../../../jobs/wakeups.ts';
import { applyStepAction, StepActionError, type StepChange } from '../../workflows/step-actions.ts';
import { reopenWokenStep } from '../../workflows/step-thread.ts';
import { type ButtonArgs, readClick, tell } from '../listeners/actions/context.ts';
import { publishHome, type SlackServices } from '../services.ts';
import { whisper } from './submission.ts';

export function resumeClicked(services: SlackServices) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const click = await readClick(services, args);
    if (!click) return;
    const say = (text: string) =>
      (args.body as { response_url?: string }).response_url
        ? tell(args, text)
        : whisper(args.client, click.userId, text);
    const ref = parseStepValue(click.value);
    if (!ref) {
      await say('That button is not one I know any more; nothing was changed.');
      return;
    }
    const now = services.clock.now();
    let done: StepChange | null = null;
    try {
      const target = {
        ...ref,
        actorCsmId: click.csm.id,
        now,
        source: 'button' as const,
        thread: 'reopen' as const,
      };
      done = await applyStepAction(services.sql, target, { action: 'resume' });
    } catch (error) {
      if (!(error instanceof StepActionError)) throw error;
      // the wake-up itself puts the step back in progress: its button then only reopens it
      if (error.problem !== 'not_snoozed') {
        await say(`${error.userMessage} Nothing was changed.`);
        return;
      }
    }
    if (done && !(await followStepChange(done))) {
      services.logger.warn({ executionId: done.executionId }, 'jobs not running here');
    }
    // resumed: its thread reopened with it (when it has one); else the wake-up's reopen, once
    const reopened =
      done !== null || (await reopenWokenStep(services.sql, { ...ref, csmId: click.csm.id, now }));
    if (!reopened) {
      await say(
        'That step is not snoozed and was already reopened in its thread. Nothing was changed.',
      );
      return;
    }
    services.nudgeOutbox?.();
    await publishHome(args.client, services, click.csm, click.userId);
  };
}
