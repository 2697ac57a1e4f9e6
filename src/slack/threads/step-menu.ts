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
import { csmToday } from '../../engine/digest.ts';
import { countModalOpened, managerOf, openStep } from '../../workflows/execution-reads.ts';
import { type ButtonArgs, readClick, tell } from '../listeners/actions/context.ts';
import type { SlackServices } from '../services.ts';

const overflowSchema = z.object({ selected_option: z.object({ value: z.string() }).nullish() });

export const NO_MANAGER =
  'You have no manager set in Renubu, so there is no one to escalate to. Ask your admin to ' +
  'set one (the manager column of csms.csv); meanwhile snooze or skip the step.';

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
    const found = await openStep(services.sql, chosen, click.csm.id);
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
      const manager = await managerOf(services.sql, click.csm.id);
      if (!manager) {
        await tell(args, NO_MANAGER);
        return;
      }
      view = stepEscalateModal({ ...input, managerName: manager.name });
    }
    await args.client.views.open({ trigger_id: click.triggerId, view: view as never });
    await countModalOpened(services.sql, chosen.executionId);
  };
}
