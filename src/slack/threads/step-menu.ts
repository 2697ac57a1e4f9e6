/**
 * The step menu (`step.menu`, an overflow on each step's reply): Snooze, Skip or Escalate
 * opens its modal right after the ack (a trigger id lives 3 s and is used once), after one
 * quick look that the step is the CSM's and still open. A stale choice (the workflow done,
 * the step done or skipped) and an escalation without a manager get an ephemeral answer.
 */
import { z } from 'zod';
import {
  parseStepMenuValue,
  stepEscalateModal,
  stepSkipModal,
  stepSnoozeModal,
} from '../../../blocks/step-action-modals.ts';
import { bumpMetrics, findExecution, loadStepStates } from '../../db/executions.ts';
import { findPerson } from '../../db/step-states.ts';
import type { ExecutionContext } from '../../workflows/thread-messages.ts';
import { csmToday } from '../digest.ts';
import { type ButtonArgs, readClick, tell } from '../listeners/actions/context.ts';
import type { SlackServices } from '../services.ts';

const overflowSchema = z.object({ selected_option: z.object({ value: z.string() }).nullish() });

export const NO_MANAGER =
  'You have no manager set in Renubu, so there is no one to escalate to. Ask your admin to ' +
  'set one (the manager column of csms.csv); meanwhile snooze or skip the step.';

type Found = { ok: true; stepTitle: string; customerName: string } | { ok: false; why: string };

/** The step when it can still be acted on, else why not. */
async function openStep(
  services: SlackServices,
  ref: { executionId: number; stepIndex: number },
  csmId: number,
): Promise<Found> {
  const execution = await findExecution(services.sql, ref.executionId);
  if (!execution || execution.csm_id !== csmId) {
    return { ok: false, why: 'That menu belongs to a workflow that is not yours.' };
  }
  if (execution.status === 'completed' || execution.status === 'abandoned') {
    return { ok: false, why: `This workflow is already ${execution.status}.` };
  }
  const ctx = execution.context as ExecutionContext;
  const step = ctx.steps[ref.stepIndex];
  const states = await loadStepStates(services.sql, execution.id);
  const status = states.find((s) => s.step_index === ref.stepIndex)?.status;
  if (!step) return { ok: false, why: 'That step is not in this workflow.' };
  if (status === 'completed' || status === 'skipped') {
    return { ok: false, why: `Step ${ref.stepIndex + 1} ${step.title} is already ${status}.` };
  }
  return { ok: true, stepTitle: step.title, customerName: ctx.customerName };
}

export function stepMenuChosen(services: SlackServices) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const click = await readClick(services, args);
    if (!click) return;
    const chosen = parseStepMenuValue(overflowSchema.parse(args.action).selected_option?.value);
    if (!chosen) {
      await tell(args, 'That menu is not one I know any more; nothing was changed.');
      return;
    }
    const found = await openStep(services, chosen, click.csm.id);
    if (!found.ok) {
      await tell(args, `${found.why} Nothing was changed.`);
      return;
    }
    const input = { ...chosen, ...found };
    let view: ReturnType<typeof stepSkipModal>;
    if (chosen.verb === 'snooze') {
      view = stepSnoozeModal({ ...input, today: csmToday(click.csm, services.clock.now()) });
    } else if (chosen.verb === 'skip') {
      view = stepSkipModal(input);
    } else {
      const me = await findPerson(services.sql, click.csm.id);
      const manager = me?.manager_id ? await findPerson(services.sql, me.manager_id) : null;
      if (!manager) {
        await tell(args, NO_MANAGER);
        return;
      }
      view = stepEscalateModal({ ...input, managerName: manager.name });
    }
    await args.client.views.open({ trigger_id: click.triggerId, view: view as never });
    await bumpMetrics(services.sql, chosen.executionId, { modals: 1 });
  };
}
