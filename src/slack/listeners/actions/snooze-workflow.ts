/**
 * "Snooze" on a workflow card: open the snooze modal at once (a trigger id lives 3 s and is
 * used once), after one quick look that the workflow is the CSM's and still open.
 */
import { parseInstanceValue } from '../../../../blocks/action-ids.ts';
import { snoozeWorkflowModal } from '../../../../blocks/index.ts';
import { csmToday } from '../../../engine/digest.ts';
import { openInstanceOf } from '../../../workflows/execution-reads.ts';
import { publishHome, type SlackServices } from '../../services.ts';
import { type ButtonArgs, readClick, tell } from './context.ts';

export function snoozeWorkflowClicked(services: SlackServices) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const click = await readClick(services, args);
    if (!click) return;
    const instanceId = parseInstanceValue(click.value);
    const instance =
      instanceId === null ? null : await openInstanceOf(services.sql, instanceId, click.csm.id);
    if (!instance || instanceId === null) {
      await tell(args, 'That workflow is no longer open; your Home tab shows what is.');
      await publishHome(args.client, services, click.csm, click.userId);
      return;
    }
    const view = snoozeWorkflowModal({
      instanceId,
      customerName: instance.customer_name,
      type: instance.type,
      today: csmToday(click.csm, services.clock.now()),
    });
    await args.client.views.open({ trigger_id: click.triggerId, view: view as never });
  };
}
