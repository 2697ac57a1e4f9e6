/**
 * What every Slack listener gets: the database, who-is-who, the clock and the logger. The
 * listeners stay thin: ack, validate, call one service, render with blocks/.
 */
import type { WebClient } from '@slack/web-api';
import { appHome } from '../../blocks/index.ts';
import type { Clock } from '../clock.ts';
import type { Sql } from '../db/connection.ts';
import type { CsmRow } from '../db/work-queue.ts';
import { csmToday, loadHomeState } from '../engine/digest.ts';
import type { Logger } from '../logger.ts';
import type { Identity } from './identity.ts';

/** The CSM a listener acts for, as `identity` finds them (listeners import nothing of db/). */
export type { CsmRow };

export interface SlackServices {
  sql: Sql;
  identity: Identity;
  clock: Clock;
  logger: Logger;
  /** Tell the outbox deliverer there is something to send (serve's loop), if running. */
  nudgeOutbox?: () => void;
  /** One workspace, one bot token (SLACK_BOT_TOKEN) serving every company: no OAuth store. */
  oneToken?: boolean;
}

/** Publish the CSM's App Home tab as it is now (after every change, and when opened). */
export async function publishHome(
  client: WebClient,
  services: SlackServices,
  csm: CsmRow,
  slackUserId: string,
): Promise<void> {
  const state = await loadHomeState(services.sql, csm, csmToday(csm, services.clock.now()));
  await client.views.publish({ user_id: slackUserId, view: appHome(state) as never });
}
