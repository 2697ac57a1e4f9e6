/**
 * What every job handler gets: the database, the clock, the logger and, when Slack is on, a
 * client and who-is-who to deliver the outbox. Handlers write outbox rows in their
 * transactions and then `deliver()`; a re-run finds the same keys and sends nothing twice.
 */
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../src/clock.ts';
import type { RetentionSettings } from '../src/config.ts';
import type { Sql } from '../src/db/connection.ts';
import type { Logger } from '../src/logger.ts';
import type { Identity } from '../src/slack/identity.ts';
import {
  type DeliveryReport,
  deliverSlackOutbox,
  type OutboxDeps,
} from '../src/slack/outbox-sender.ts';
import type { SlackTenant, SlackTenants } from '../src/slack/tenants.ts';

export interface JobDeps {
  sql: Sql;
  /** The time the job runs as of (jobs/due.ts: its due time, which may be long past). */
  clock: Clock;
  /**
   * The process's own clock, that deliveries and their leases go by (default `clock`). A lease
   * taken as of a past due time would look expired to every other process at once, and another
   * `renubu serve` would send the same DM again while this one is sending it.
   */
  processClock?: Clock;
  logger: Logger;
  /**
   * null: Slack is off; rows stay in the outbox until a process with Slack delivers them.
   * `tenants` (OAuth installs): each company's own workspace, token and who-is-who.
   */
  slack: { client: WebClient; identity: Identity; tenants?: SlackTenants } | null;
  allClearDm: boolean;
  retry?: OutboxDeps['retry'];
  /** How long old rows are kept (RETENTION_*_DAYS); the defaults when not given. */
  retention?: RetentionSettings;
}

/** Deliver whatever the Slack outbox has due (a no-op without Slack). */
export async function deliver(deps: JobDeps): Promise<DeliveryReport | null> {
  if (!deps.slack) return null;
  return deliverSlackOutbox({
    sql: deps.sql,
    client: deps.slack.client,
    tenants: deps.slack.tenants,
    clock: deps.processClock ?? deps.clock,
    logger: deps.logger,
    ...(deps.retry ? { retry: deps.retry } : {}),
  });
}

/** The workspace a company's DMs go to: its installation's, or the one workspace's. */
export async function slackOf(
  slack: NonNullable<JobDeps['slack']>,
  companyId: number,
): Promise<SlackTenant> {
  if (slack.tenants) return slack.tenants.forCompany(companyId);
  return { companyId: null, client: slack.client, identity: slack.identity };
}

/** Agenda's unique index (migrations/0004_job_keys.sql) refused a concurrent duplicate. */
export function isAlreadyScheduled(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}
