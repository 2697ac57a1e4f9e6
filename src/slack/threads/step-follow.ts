/**
 * After a step action from the thread's menu has committed: the wake-up job follows the step
 * (the same after-commit function as `/renubu snooze`), the thread goes around the step (when
 * it was the current one, the next pending step becomes current and is posted, so Continue
 * works there), the parent's badges are updated and a short note says what changed, then App
 * Home is republished. The thread's change is its own transaction, keyed on the action's
 * audit row (`thread:<exec>:note:action:<actionId>`), so it is written at most once.
 */
import type { WebClient } from '@slack/web-api';
import { instantInWords } from '../../../blocks/format.ts';
import { STEP_BADGES } from '../../../blocks/thread-header.ts';
import { followStepChange } from '../../../jobs/wakeups.ts';
import type { Sql } from '../../db/connection.ts';
import {
  advanceExecution,
  bumpMetrics,
  findExecution,
  loadStepStates,
  saveContext,
  setStepStatus,
} from '../../db/executions.ts';
import type { CsmRow } from '../../db/work-queue.ts';
import { nextPendingStep } from '../../workflows/executions-steps.ts';
import type { StepChange } from '../../workflows/step-actions.ts';
import {
  type ExecutionContext,
  enqueueNote,
  enqueueParent,
  enqueueStep,
} from '../../workflows/thread-messages.ts';
import { publishHome, type SlackServices } from '../services.ts';

/** `⏸️ Step 3 Pricing strategy snoozed until Fri 27 Nov 09:00: waiting for finance approval` */
export function stepNote(done: StepChange, timeZone: string): string {
  const step = `Step ${done.stepIndex + 1} ${done.stepTitle}`;
  const why = done.reason ? `: ${done.reason}` : '';
  if (done.action === 'snooze' && done.snoozedUntil) {
    const when = instantInWords(done.snoozedUntil.toISOString(), timeZone, '');
    return `${STEP_BADGES.snoozed} ${step} snoozed until ${when}${why}`;
  }
  if (done.action === 'skip') return `${STEP_BADGES.skipped} ${step} skipped${why}`;
  if (done.action === 'escalate') {
    return `${STEP_BADGES.escalated} ${step} escalated to ${done.escalatedTo?.name ?? 'your manager'}${why}`;
  }
  return `${STEP_BADGES.in_progress} ${step} resumed`;
}

/**
 * The thread after `done`: go around the step if it was current, note, parent update.
 * False when the execution has no thread (yet) or this action was already followed.
 */
export function followInThread(
  sql: Sql,
  done: StepChange,
  who: { slackUserId: string; timeZone: string; now: Date },
): Promise<boolean> {
  return sql.begin(async (tx) => {
    const execution = await findExecution(tx, done.executionId, true);
    const threadTs = execution?.slack_thread_ts;
    if (!execution || !threadTs) return false;
    const target = { executionId: execution.id, companyId: execution.company_id, ...who };
    const name = `action:${done.actionId}`;
    if (!(await enqueueNote(tx, target, name, stepNote(done, who.timeZone), threadTs))) {
      return false;
    }
    const ctx = execution.context as ExecutionContext;
    const updated = { ...ctx, version: ctx.version + 1 };
    let states = await loadStepStates(tx, execution.id);
    let current = execution.current_step;
    const state = states.find((s) => s.step_index === done.stepIndex);
    if (current === done.stepIndex && state?.status !== 'in_progress') {
      current = nextPendingStep(states, done.stepIndex, execution.total_steps);
      const finished = states.filter((s) => s.status === 'completed' || s.status === 'skipped');
      const moved = await advanceExecution(tx, {
        id: execution.id,
        expectedStep: done.stepIndex,
        nextStep: current,
        percentage: Math.round((finished.length / execution.total_steps) * 100),
        context: updated,
        now: who.now,
      });
      if (!moved) throw new Error(`execution ${execution.id}: step moved under a lock`);
      if (current < execution.total_steps) {
        await setStepStatus(tx, execution.id, current, 'in_progress', who.now);
        await enqueueStep(tx, target, updated, current, threadTs);
        await bumpMetrics(tx, execution.id, { slides: 1 });
      }
      states = await loadStepStates(tx, execution.id);
    } else {
      await saveContext(tx, execution.id, updated, who.now);
    }
    const view = { ctx: updated, states, current, status: execution.status };
    await enqueueParent(tx, target, view, threadTs);
    return true;
  });
}

/** Everything after the commit: wake-up job, thread, delivery, App Home. */
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
  // Each follow-up stands alone: a thread that cannot be updated still gets Home refreshed.
  const warn = (what: string) => (error: unknown) => services.logger.warn({ err: error }, what);
  const who = { slackUserId, timeZone: csm.timezone, now: services.clock.now() };
  await followInThread(services.sql, done, who).catch(warn('thread not updated'));
  services.nudgeOutbox?.();
  await publishHome(client, services, csm, slackUserId).catch(warn('App Home not republished'));
}
