/**
 * After a step action from the thread's menu or /renubu has committed. The thread moved with
 * the action, in its own transaction (the step service wrote the note, the next step's reply
 * and the parent's update to the outbox: src/workflows/step-thread.ts); here only what
 * follows the commit: the wake-up job follows the step (the same after-commit function as
 * `/renubu snooze`), the outbox is delivered, App Home republished.
 */
import type { WebClient } from '@slack/web-api';
import { followStepChange } from '../../../jobs/wakeups.ts';
import type { StepChange } from '../../workflows/step-actions.ts';
import type { CsmRow } from '../services.ts';
import { publishHome, type SlackServices } from '../services.ts';

/** Everything after the commit: wake-up job, delivery, App Home. */
export async function afterMenuAction(
  client: WebClient,
  services: SlackServices,
  csm: CsmRow,
  slackUserId: string,
  done: StepChange,
): Promise<void> {
  if (!(await followStepChange(done))) {
    services.logger.warn({ executionId: done.executionId }, 'jobs not running here: wake-up later');
  }
  // Each follow-up stands alone: an outbox not delivered now still gets Home refreshed.
  const warn = (what: string) => (error: unknown) => services.logger.warn({ err: error }, what);
  services.nudgeOutbox?.();
  await publishHome(client, services, csm, slackUserId).catch(warn('App Home not republished'));
}
