/**
 * "Let's begin" and "Open" on a workflow card: ack, then launch the instance's execution
 * (or find the one in progress), whose thread the deliverer opens in the CSM's DM. A
 * workflow that cannot be composed gets a short ephemeral answer naming what is wrong, and
 * is logged.
 */
import { parseInstanceValue } from '../../../blocks/action-ids.ts';
import { escapeMrkdwn } from '../../../blocks/format.ts';
import { localHour } from '../../domain/dates.ts';
import { NOT_OPEN_TO_BEGIN } from '../../domain/step-machine.ts';
import { csmToday } from '../../engine/digest.ts';
import { launchExecution } from '../../workflows/executions.ts';
import { type ButtonArgs, readClick, tell } from '../listeners/actions/context.ts';
import { publishHome, type SlackServices } from '../services.ts';

/**
 * A short private note: on the message clicked, or (a Home tab click has no response URL)
 * as an ephemeral in the CSM's DM with the bot.
 */
async function note(args: ButtonArgs, userId: string, text: string): Promise<void> {
  if ((args.body as { response_url?: string }).response_url) {
    await tell(args, text);
    return;
  }
  const opened = await args.client.conversations.open({ users: userId });
  if (opened.channel?.id) {
    const safe = escapeMrkdwn(text);
    await args.client.chat.postEphemeral({ channel: opened.channel.id, user: userId, text: safe });
  }
}

export function launchClicked(services: SlackServices) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const click = await readClick(services, args);
    if (!click) return;
    const instanceId = parseInstanceValue(click.value);
    const now = services.clock.now();
    const result =
      instanceId === null
        ? ({ kind: 'not-found' } as const)
        : await launchExecution(services.sql, {
            instanceId,
            csmId: click.csm.id,
            slackUserId: click.userId,
            asOf: csmToday(click.csm, now),
            localHour: localHour(now, click.csm.timezone),
            now,
            source: 'button',
          });
    if (result.kind === 'not-found') {
      await note(args, click.userId, NOT_OPEN_TO_BEGIN);
      await publishHome(args.client, services, click.csm, click.userId);
      return;
    }
    if (result.kind === 'failed') {
      services.logger.error({ instanceId, problem: result.message }, 'thread: composition failed');
      await note(args, click.userId, `This workflow could not be prepared: ${result.message}`);
      return;
    }
    if (result.threadTs === null) {
      // the parent and its first step are in the outbox: the deliverer posts them in order
      services.nudgeOutbox?.();
    } else if (result.kind === 'existing') {
      await note(
        args,
        click.userId,
        'This workflow is already under way: its thread is in your DM with me.',
      );
    }
    await publishHome(args.client, services, click.csm, click.userId);
  };
}
