/**
 * Buttons that, for now, bring the Home tab up to date: "Refresh", and "Let's begin" /
 * "Open" on a workflow card. Launching the workflow's thread is the next change (workflow
 * executions and slides); until then the click is acknowledged and Home shows the latest.
 */
import { publishHome, type SlackServices } from '../../services.ts';
import { type ButtonArgs, readClick } from './context.ts';

export function refreshHomeClicked(services: SlackServices) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const click = await readClick(services, args);
    if (!click) return;
    await publishHome(args.client, services, click.csm, click.userId);
  };
}
