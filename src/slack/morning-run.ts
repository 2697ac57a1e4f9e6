/**
 * The morning DMs after `renubu daily-run`: a WebClient from settings, then each company's
 * summaries enqueued and the outbox delivered for at most MORNING_SEND_BUDGET_MS; a Slack that
 * does not answer leaves the DMs queued (and due) for `renubu serve`. Returns one line for
 * the terminal.
 */
import type { RetryOptions } from '@slack/web-api';
import type { Clock } from '../clock.ts';
import type { Settings } from '../config.ts';
import type { Sql } from '../db/connection.ts';
import type { CsmSummaryRow } from '../db/summaries.ts';
import { plural } from '../domain/index.ts';
import type { Logger } from '../logger.ts';
import { boltLogger } from './bolt-logger.ts';
import { createIdentity } from './identity.ts';
import { createInstallationStore, slackRefresher } from './installation-store.ts';
import { enqueueMorningDms } from './morning.ts';
import { ClaimsInFlight } from './outbox-claims.ts';
import { deliverSlackOutbox } from './outbox-sender.ts';
import { SLACK_CLIENT_OPTIONS } from './outbox-timing.ts';
import { installedWorkspaces, oneWorkspace, type SlackTenants } from './tenants.ts';
import { type SlackCallResult, WatchedWebClient } from './watch.ts';

export interface MorningRunOptions {
  settings: Settings;
  sql: Sql;
  clock: Clock;
  logger: Logger;
  retryConfig?: RetryOptions;
  /** How long the command tries to send before leaving the rest to serve (ms). */
  sendBudgetMs?: number;
}

/** How long `renubu daily-run` spends sending the morning DMs at most (ms). */
export const MORNING_SEND_BUDGET_MS = 30_000;

export async function sendMorningAfterRun(
  options: MorningRunOptions,
  companies: { companyId: number; summaries: CsmSummaryRow[] }[],
): Promise<string> {
  const { settings, sql, clock, logger } = options;
  let down: SlackCallResult | undefined;
  const client = new WatchedWebClient(settings.slack.botToken, {
    ...SLACK_CLIENT_OPTIONS,
    // the client's own warnings as JSON lines through pino, like the rest of the log
    logger: boltLogger(logger),
    slackApiUrl: settings.slack.apiUrl,
    ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
    onResult: (result) => {
      down = result.ok ? undefined : result;
    },
  });
  const identity = createIdentity({ sql, client, clock, logger });
  const tenants = settings.slack.oauth
    ? installedWorkspacesOf(options, settings.slack.oauth, (result) => {
        down = result.ok ? undefined : result;
      })
    : oneWorkspace(client, identity);
  const deps = { sql, client, tenants, clock, logger, allClearDm: settings.allClearDm };
  const total = { enqueued: 0, sent: 0, found: 0, retrying: 0, failed: 0, unknown: 0 };
  for (const { companyId, summaries } of companies) {
    // each company's DMs with its own workspace's token and users (OAuth installs)
    const workspace = await tenants.forCompany(companyId).catch((error: unknown) => {
      logger.warn({ err: error, companyId }, 'morning DMs: the company has no Slack workspace');
      return null;
    });
    if (!workspace) continue;
    const queued = await enqueueMorningDms(
      { ...deps, client: workspace.client, identity: workspace.identity },
      companyId,
      summaries,
    );
    total.enqueued += queued.enqueued;
    total.unknown += queued.unknownToSlack.length;
  }
  // Bounded: a Slack that does not answer must not hold the command. What is not sent by
  // then is handed back, due at once, for `renubu serve` (or the next run) to send.
  const claims = new ClaimsInFlight();
  const delivery = deliverSlackOutbox({ ...deps, claims });
  delivery.catch(() => undefined);
  const report = await Promise.race([
    delivery,
    new Promise<null>((resolve) => {
      setTimeout(() => resolve(null), options.sendBudgetMs ?? MORNING_SEND_BUDGET_MS).unref();
    }),
  ]);
  if (!report) {
    claims.stopping = true;
    await claims.release(sql, clock.now());
  } else {
    total.sent += report.sent;
    total.found += report.found;
    total.retrying += report.retrying;
    total.failed += report.failed;
  }
  if (!report || (down && total.sent + total.found === 0)) {
    const why = down?.error ? ` (${down.error})` : '';
    return `Slack: ${total.enqueued} morning DMs queued; Slack did not answer${why}, so they stay queued for \`renubu serve\` to send.\n`;
  }
  const parts = [`${total.sent} sent`];
  if (total.found > 0) parts.push(`${total.found} found already sent`);
  if (total.retrying > 0) parts.push(`${total.retrying} to retry`);
  if (total.failed > 0) parts.push(`${total.failed} failed`);
  if (total.unknown > 0) parts.push(`${plural(total.unknown, 'CSM')} not found in Slack`);
  return `Slack: ${total.enqueued} morning DMs queued; ${parts.join(', ')}.\n`;
}

/** Each company's installed workspace (OAuth installs), for a command outside `serve`. */
function installedWorkspacesOf(
  options: MorningRunOptions,
  oauth: NonNullable<Settings['slack']['oauth']>,
  onResult: (result: SlackCallResult) => void,
): SlackTenants {
  const { settings, sql, clock, logger } = options;
  const clientOptions = {
    ...SLACK_CLIENT_OPTIONS,
    logger: boltLogger(logger),
    slackApiUrl: settings.slack.apiUrl,
    ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
  };
  const store = createInstallationStore({
    sql,
    key: oauth.encryptionKey,
    clock,
    logger,
    refresh: slackRefresher({ ...oauth, clientOptions }),
  });
  return installedWorkspaces({ sql, store, clock, logger, clientOptions, onResult });
}
