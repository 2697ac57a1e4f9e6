/**
 * "Resume step" on a wake-up DM (`snoozed.resume`, value `executionId:stepIndex`): ack, the
 * step-actions service resumes the step (its audit row; the wake-up job goes with it after
 * the commit), then the thread is reopened at that step: its chat text and artifacts again
 * as a new reply (key `thread:<exec>:step:<i>:resume:<actionId>`, so one per resume), the
 * parent's badges updated, App Home republished. A step no longer snoozed gets a short
 * ephemeral explanation and nothing changes.
 */
import { parseStepValue } from '../../../blocks/action-ids.ts';
import { threadStep } from '../../../blocks/thread-step.ts';
import { followStepChange } from '../../../jobs/wakeups.ts';
import type { Sql } from '../../db/connection.ts';
import { bumpMetrics, findExecution, loadStepStates, saveContext } from '../../db/executions.ts';
import { enqueue } from '../../db/outbox.ts';
import { applyStepAction, StepActionError, type StepChange } from '../../workflows/step-actions.ts';
import { type ExecutionContext, enqueueParent } from '../../workflows/thread-messages.ts';
import { type ButtonArgs, readClick, tell } from '../listeners/actions/context.ts';
import { publishHome, type SlackServices } from '../services.ts';
import { deliverNow } from './deliver.ts';
import { whisper } from './submission.ts';

/** The resumed step's reply and the parent's update, in one transaction; false: no thread. */
async function reopenStep(sql: Sql, done: StepChange, slackUserId: string, now: Date) {
  return sql.begin(async (tx) => {
    const execution = await findExecution(tx, done.executionId, true);
    const threadTs = execution?.slack_thread_ts;
    const ctx = execution?.context as ExecutionContext | undefined;
    const step = ctx?.steps[done.stepIndex];
    if (!execution || !threadTs || !ctx || !step) return false;
    const rendered = threadStep({
      executionId: execution.id,
      stepIndex: done.stepIndex,
      slideId: step.slideId,
      title: step.title,
      chatText: step.chatText,
      artifacts: step.artifacts,
      gate: step.gate,
      checked: ctx.checked[String(done.stepIndex)] ?? [],
    });
    const target = { executionId: execution.id, companyId: execution.company_id, slackUserId, now };
    await enqueue(tx, {
      idempotencyKey: `thread:${execution.id}:step:${done.stepIndex}:resume:${done.actionId}`,
      channel: 'slack',
      kind: 'thread-step',
      recipient: slackUserId,
      payload: { ...rendered, thread_ts: threadTs },
      companyId: execution.company_id,
      availableAt: now,
    });
    const updated = { ...ctx, version: ctx.version + 1 };
    await saveContext(tx, execution.id, updated, now);
    const states = await loadStepStates(tx, execution.id);
    const view = {
      ctx: updated,
      states,
      current: execution.current_step,
      status: execution.status,
    };
    await enqueueParent(tx, target, view, threadTs);
    await bumpMetrics(tx, execution.id, { slides: 1 });
    return true;
  });
}

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
    let done: StepChange;
    try {
      const target = { ...ref, actorCsmId: click.csm.id, now };
      done = await applyStepAction(services.sql, target, { action: 'resume' });
    } catch (error) {
      if (!(error instanceof StepActionError)) throw error;
      await say(`${error.userMessage} Nothing was changed.`);
      return;
    }
    if (!(await followStepChange(done))) {
      services.logger.warn(
        { executionId: done.executionId },
        'jobs not running here: wake-up left to the next start',
      );
    }
    await reopenStep(services.sql, done, click.userId, now);
    await deliverNow(args.client, services);
    await publishHome(args.client, services, click.csm, click.userId);
  };
}
