/**
 * `app_home_opened`: publish the CSM's Home tab as it is now. Slack retries an event it
 * thinks was not received, to this process or another; the event id is recorded once
 * (src/events/slack-seen.ts), so a retry does nothing. Someone who is not a CSM sees the
 * polite answer and no data.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { notACsmReply } from '../../../../blocks/index.ts';
import { firstSighting } from '../../../events/slack-seen.ts';
import { publishHome, type SlackServices } from '../../services.ts';

const eventSchema = z.object({ user: z.string().min(1), tab: z.string().optional() });
const bodySchema = z.object({ event_id: z.string().min(1) });

export function appHomeOpened(services: SlackServices) {
  return async ({
    event,
    body,
    client,
  }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    const { user, tab } = eventSchema.parse(event);
    if (tab !== undefined && tab !== 'home') return;
    const { event_id: eventId } = bodySchema.parse(body);
    if (!(await firstSighting(services.sql, eventId))) {
      services.logger.debug({ eventId }, 'slack: event seen before, ignored');
      return;
    }
    const csm = await services.identity.csmOf(user);
    if (!csm) {
      const { blocks } = notACsmReply();
      await client.views.publish({ user_id: user, view: { type: 'home', blocks } as never });
      return;
    }
    await publishHome(client, services, csm, user);
  };
}
