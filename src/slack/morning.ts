/**
 * The morning DM (PRODUCT.md §3, §6): after a daily run, one outbox row per CSM per day
 * (`morning:<csmId>:<asOf>`), rendered from the CSM's digest, then delivered. Running the
 * day again, or retrying after a crash, finds the same keys and sends nothing twice.
 */
import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import { allClearDm, morningDm } from '../../blocks/index.ts';
import type { CsmDigest } from '../../blocks/types.ts';
import type { Clock } from '../clock.ts';
import type { Sql } from '../db/connection.ts';
import { enqueue } from '../db/outbox.ts';
import type { CsmSummaryRow } from '../db/summaries.ts';
import { type CsmRow, csmsOfCompany } from '../db/work-queue.ts';
import { loadDigest } from '../engine/digest.ts';
import type { Logger } from '../logger.ts';
import type { Identity } from './identity.ts';
import type { OutboxDeps } from './outbox-sender.ts';

export const MORNING_KIND = 'morning_dm';

export function morningKey(csmId: number, asOf: string): string {
  return `morning:${csmId}:${asOf}`;
}

export interface MorningMessage {
  csm: CsmDigest['csm'];
  text: string;
  blocks: unknown[];
}

function hasWork(digest: CsmDigest): boolean {
  return digest.priorityList.length > 0 || digest.snoozedDueToday.length > 0;
}

/** The morning message of one CSM, or null (nothing to do, and all-clear DMs are off). */
async function renderMorning(sql: Sql, csm: CsmRow, asOf: string, allClear: boolean) {
  const digest = await loadDigest(sql, csm, asOf);
  if (hasWork(digest)) return { digest, message: morningDm(digest) };
  return allClear ? { digest, message: allClearDm(digest) } : null;
}

/**
 * Every CSM's morning message of a company as of `asOf`, without Slack: for `renubu demo`,
 * which prints them with `renderText`.
 */
export async function morningMessages(
  sql: Sql,
  companyId: number,
  asOf: string,
  options: { allClearDm?: boolean } = {},
): Promise<MorningMessage[]> {
  const messages: MorningMessage[] = [];
  for (const csm of await csmsOfCompany(sql, companyId)) {
    const rendered = await renderMorning(sql, csm, asOf, options.allClearDm ?? true);
    if (!rendered) continue;
    const { text, blocks } = rendered.message;
    messages.push({ csm: rendered.digest.csm, text, blocks: blocks as unknown[] });
  }
  return messages;
}

export interface MorningDeps {
  sql: Sql;
  client: WebClient;
  identity: Identity;
  clock: Clock;
  logger: Logger;
  allClearDm: boolean;
  retry?: OutboxDeps['retry'];
}

/**
 * Enqueue the morning DM of each summarised CSM (those Slack knows: by slack_user_id, else
 * found by email). Returns how many rows were new; a repeated day adds none.
 */
export async function enqueueMorningDms(
  deps: MorningDeps,
  companyId: number,
  summaries: CsmSummaryRow[],
): Promise<{ enqueued: number; unknownToSlack: string[] }> {
  const byExternalId = new Map(
    (await csmsOfCompany(deps.sql, companyId)).map((c) => [c.external_id, c]),
  );
  let enqueued = 0;
  const unknownToSlack: string[] = [];
  const slack = { answers: true };
  for (const summary of summaries) {
    const csm = byExternalId.get(summary.csm);
    if (!csm) continue;
    const slackUserId = await slackUserOrEmail(deps, csm, slack);
    if (!slackUserId) {
      unknownToSlack.push(csm.external_id);
      continue;
    }
    const rendered = await renderMorning(deps.sql, csm, summary.asOf, deps.allClearDm);
    if (!rendered) continue;
    const inserted = await enqueue(deps.sql, {
      idempotencyKey: morningKey(csm.id, summary.asOf),
      channel: 'slack',
      kind: MORNING_KIND,
      recipient: slackUserId,
      payload: { text: rendered.message.text, blocks: rendered.message.blocks },
      companyId,
      availableAt: deps.clock.now(),
    });
    if (inserted) enqueued += 1;
  }
  if (unknownToSlack.length > 0) {
    deps.logger.warn({ csms: unknownToSlack }, 'morning: CSMs not found in Slack, not DMed');
  }
  return { enqueued, unknownToSlack };
}

/**
 * The CSM's Slack user id; when Slack does not answer the look-up (down, unreachable), their
 * email: the row is queued all the same and the deliverer looks the email up when it sends.
 */
async function slackUserOrEmail(
  deps: MorningDeps,
  csm: CsmRow,
  slack: { answers: boolean },
): Promise<string | null> {
  // once Slack has not answered, the rest are queued by email without asking (each ask
  // could wait out the request timeout)
  if (!slack.answers) return csm.slack_user_id ?? csm.email;
  try {
    return await deps.identity.slackUserOf(csm);
  } catch (error) {
    if (error instanceof WebAPIPlatformError) throw error;
    slack.answers = false;
    deps.logger.warn(
      { err: error, csmId: csm.id },
      'morning: Slack did not answer; queued by email',
    );
    return csm.email;
  }
}
