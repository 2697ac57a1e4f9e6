/**
 * Commit / At risk / Upside on the weekly forecast check-in DM (blocks/checkin.ts): ack,
 * store the answer on the CSM's own row (the same answer twice changes nothing), and redraw
 * the message in place through its response URL. A button of a row that is not the
 * clicker's, or no longer exists, gets a short ephemeral note.
 */
import type { App } from '@slack/bolt';
import { parseInstanceValue } from '../../../../blocks/action-ids.ts';
import { CHECKIN_ACTION, callOfAction } from '../../../../blocks/checkin.ts';
import { recordCheckinAnswer } from '../../../feedback/checkin-service.ts';
import type { SlackServices } from '../../services.ts';
import { type ButtonArgs, readClick, tell } from './context.ts';

const STALE = 'That check-in is not one of yours, or it is gone; this week’s DM has yours.';

export function checkinClicked(services: SlackServices) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const click = await readClick(services, args);
    if (!click) return;
    const answer = callOfAction(args.action.action_id);
    const checkinId = parseInstanceValue(click.value);
    if (answer === null || checkinId === null) {
      await tell(args, STALE);
      return;
    }
    const outcome = await recordCheckinAnswer(services.sql, {
      checkinId,
      csm: click.csm,
      answer,
      now: services.clock.now(),
    });
    if (outcome.status === 'not_found') {
      await tell(args, STALE);
      return;
    }
    if (!outcome.changed) return;
    if ((args.body as { response_url?: string }).response_url) {
      await args.respond({ replace_original: true, ...outcome.message });
    }
  };
}

/** The three answer buttons, one handler. */
export function registerCheckinActions(app: App, services: SlackServices): void {
  for (const actionId of Object.values(CHECKIN_ACTION)) {
    app.action(actionId, checkinClicked(services));
  }
}
