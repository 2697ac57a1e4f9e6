/**
 * Getting a thread's messages out: the outbox is delivered now (the CSM is waiting), and a
 * new thread's parent must be out before its replies can name its ts, so the launch waits
 * for the parent's row to be sent, records the thread, and delivers again.
 */
import type { WebClient } from '@slack/web-api';
import { outboxByPrefix } from '../../db/outbox.ts';
import { attachThread } from '../../workflows/executions.ts';
import { parentKey } from '../../workflows/thread-messages.ts';
import { deliverSlackOutbox } from '../outbox-sender.ts';
import type { SlackServices } from '../services.ts';

/** How long a launch waits for another deliverer to finish sending the parent. */
const PARENT_WAIT_MS = 10_000;
const POLL_MS = 50;

/** Deliver what is due now (other deliverers may take rows too: rows are claimed once). */
export async function deliverNow(client: WebClient, services: SlackServices): Promise<void> {
  const { sql, clock, logger } = services;
  await deliverSlackOutbox({ sql, client, clock, logger });
  services.nudgeOutbox?.();
}

async function sentParentTs(services: SlackServices, executionId: number): Promise<string | null> {
  const key = parentKey(executionId);
  const deadline = Date.now() + PARENT_WAIT_MS;
  for (;;) {
    const row = (await outboxByPrefix(services.sql, key)).find((r) => r.idempotency_key === key);
    if (row?.status === 'sent' && row.external_ref) return row.external_ref;
    if (!row || row.status === 'failed' || Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Post the parent, then record the thread and post the current step in it. */
export async function openThread(
  client: WebClient,
  services: SlackServices,
  launch: { executionId: number; slackUserId: string },
): Promise<boolean> {
  await deliverNow(client, services);
  const ts = await sentParentTs(services, launch.executionId);
  if (!ts) {
    services.logger.warn({ executionId: launch.executionId }, 'thread: parent not sent yet');
    return false;
  }
  const opened = await client.conversations.open({ users: launch.slackUserId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  await attachThread(services.sql, {
    executionId: launch.executionId,
    channel,
    ts,
    slackUserId: launch.slackUserId,
    now: services.clock.now(),
  });
  await deliverNow(client, services);
  return true;
}
