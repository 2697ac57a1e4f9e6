/**
 * The morning DMs after `renubu daily-run`: a WebClient from settings, then each company's
 * summaries enqueued and the outbox delivered. Returns one line for the terminal.
 */
import { type RetryOptions, WebClient } from '@slack/web-api';
import type { Clock } from '../clock.ts';
import type { Settings } from '../config.ts';
import type { Sql } from '../db/connection.ts';
import type { CsmSummaryRow } from '../db/summaries.ts';
import { plural } from '../domain/index.ts';
import type { Logger } from '../logger.ts';
import { boltLogger } from './bolt-logger.ts';
import { createIdentity } from './identity.ts';
import { sendMorningDms } from './morning.ts';
import { SLACK_CLIENT_OPTIONS } from './outbox-timing.ts';

export interface MorningRunOptions {
  settings: Settings;
  sql: Sql;
  clock: Clock;
  logger: Logger;
  retryConfig?: RetryOptions;
}

export async function sendMorningAfterRun(
  options: MorningRunOptions,
  companies: { companyId: number; summaries: CsmSummaryRow[] }[],
): Promise<string> {
  const { settings, sql, clock, logger } = options;
  const client = new WebClient(settings.slack.botToken, {
    ...SLACK_CLIENT_OPTIONS,
    // the client's own warnings as JSON lines through pino, like the rest of the log
    logger: boltLogger(logger),
    slackApiUrl: settings.slack.apiUrl,
    ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
  });
  const identity = createIdentity({ sql, client, clock, logger });
  const deps = { sql, client, identity, clock, logger, allClearDm: settings.allClearDm };
  const total = { enqueued: 0, sent: 0, found: 0, retrying: 0, failed: 0, unknown: 0 };
  for (const { companyId, summaries } of companies) {
    const report = await sendMorningDms(deps, companyId, summaries);
    total.enqueued += report.enqueued;
    total.sent += report.sent;
    total.found += report.found;
    total.retrying += report.retrying;
    total.failed += report.failed;
    total.unknown += report.unknownToSlack.length;
  }
  const parts = [`${total.sent} sent`];
  if (total.found > 0) parts.push(`${total.found} found already sent`);
  if (total.retrying > 0) parts.push(`${total.retrying} to retry`);
  if (total.failed > 0) parts.push(`${total.failed} failed`);
  if (total.unknown > 0) parts.push(`${plural(total.unknown, 'CSM')} not found in Slack`);
  return `Slack: ${total.enqueued} morning DMs queued; ${parts.join(', ')}.\n`;
}
