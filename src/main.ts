/**
 * Wiring only (ARCHITECTURE.md): settings → database → Slack app → outbox deliverer → HTTP
 * routes. One node:http server on PORT answers `GET /healthz` and `GET /readyz`
 * (src/health.ts), Slack (HTTP mode), and the signed `POST /events` webhook when
 * EVENTS_WEBHOOK_SECRET is set. Nothing waits for Slack before serving.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { RetryOptions } from '@slack/web-api';
import { type Jobs, startJobs } from '../jobs/agenda.ts';
import { syncSchedules } from '../jobs/schedules.ts';
import { reconcileWakeups, setProcessAgenda } from '../jobs/wakeups.ts';
import type { Clock } from './clock.ts';
import type { Settings } from './config.ts';
import { applicationName, serverBudget } from './db/budget.ts';
import type { Database } from './db/connection.ts';
import { createEmailInboundHandler, EMAIL_INBOUND_PATH } from './email/inbound/http.ts';
import type { RenubuError } from './errors.ts';
import { createEventsHandler } from './events/http.ts';
import { createHealth, type LastResult, lastResult } from './health.ts';
import { listen } from './listen.ts';
import type { Logger } from './logger.ts';
import { createSlackApp, type SlackApp } from './slack/app.ts';
import { slackTokenRefusal } from './slack/auth-refusal.ts';
import { createIdentity } from './slack/identity.ts';
import { type OutboxLoop, startOutboxLoop } from './slack/outbox-loop.ts';

export interface StartOptions {
  settings: Settings;
  database: Database;
  clock: Clock;
  logger: Logger;
  /** Where to listen; tests pass port 0 and 127.0.0.1. */
  port?: number;
  host?: string;
  botIds?: { botId: string; botUserId: string };
  retryConfig?: RetryOptions;
  outboxIntervalMs?: number;
  /** Start the job worker (default true); tests of the Slack surface alone pass false. */
  jobs?: boolean;
  /** A crashed worker's job runs again after this (ms); tests shorten it. */
  jobsLockLifetimeMs?: number;
  /** How often due jobs are looked for (ms; default 5 s). */
  jobsProcessEveryMs?: number;
  /** The email deliverer's last outcome, for /readyz (serve passes it; default "off"). */
  smtpHealth?: LastResult;
  /** Told when an email reply queued something (serve wakes its email deliverer). */
  onEmailQueued?: () => void;
}

export interface Running {
  port: number;
  slack: 'http' | 'socket' | 'off';
  slackApp: SlackApp | null;
  jobs: Jobs | null;
  /**
   * Stop accepting and claiming, finish what is in flight, stop the deliverer (the caller
   * bounds it by SHUTDOWN_GRACE_MS, then calls `release()`, then closes the db).
   */
  stop(): Promise<void>;
  /** Give back the outbox rows still held and drop open connections (after the grace). */
  release(): Promise<void>;
  /** Wake the Slack deliverer (something was queued by another door: an email reply). */
  nudgeOutbox(): void;
  /**
   * Settles when Slack refuses the bot token at start (invalid_auth and its kin: no call can
   * work until SLACK_BOT_TOKEN is fixed), with the one sentence that says so; never otherwise.
   * A Slack that does not answer is not a refusal: serve goes on and /readyz says so.
   */
  tokenRefused: Promise<RenubuError>;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

function notFound(response: ServerResponse) {
  response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
}

/** While Slack is down, ask it again this often (ms) so /readyz sees it come back. */
const SLACK_REPROBE_MS = 30_000;

export async function startRenubu(options: StartOptions): Promise<Running> {
  const { settings, database, clock, logger } = options;
  let jobs: Jobs | null = null;
  // OAuth installs (many workspaces) run over HTTP; one token over HTTP or Socket Mode
  const slackOn = Boolean(settings.slack.botToken || settings.slack.oauth);
  const mode = !slackOn ? 'off' : settings.slack.appToken ? 'socket' : 'http';
  const slackHealth = lastResult(clock, mode === 'off' ? 'off' : 'on');
  const health = createHealth({
    sql: database.sql,
    clock,
    jobs: () => jobs,
    jobsWanted: options.jobs ?? true,
    slack: slackHealth,
    smtp: options.smtpHealth ?? lastResult(clock, 'off'),
  });
  const routes: Record<string, Handler> = { '/healthz': health.live, '/readyz': health.ready };
  const route = (request: IncomingMessage) =>
    request.method === 'GET' ? routes[request.url?.split('?')[0] ?? ''] : undefined;
  let slackApp: SlackApp | null = null;
  let outbox: OutboxLoop | null = null;
  let slackProbe: NodeJS.Timeout | undefined;
  let refuseToken: (refusal: RenubuError) => void = () => {};
  const tokenRefused = new Promise<RenubuError>((resolve) => {
    refuseToken = resolve;
  });
  let handle: Handler = (_request, response) => notFound(response);
  if (mode === 'off') logger.warn('Slack is off (no SLACK_BOT_TOKEN)');
  else {
    slackApp = createSlackApp({
      slack: settings.slack,
      sql: database.sql,
      clock,
      logger,
      ...(options.botIds ? { botIds: options.botIds } : {}),
      ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
      onSlackResult: (result) => slackHealth.record(result.ok, result.error),
    });
    // no network before serving: Slack may be down; /readyz says so until it answers
    await slackApp.app.init();
    const probeSlack = (app: SlackApp) =>
      app.checkAuth().catch((error: unknown) => {
        const refusal = slackTokenRefusal(error);
        if (refusal) refuseToken(refusal);
        else logger.warn({ err: error }, 'Slack does not answer (auth.test); asking again shortly');
      });
    void probeSlack(slackApp);
    const probed = slackApp;
    slackProbe = setInterval(() => {
      if (!slackHealth.check().ok) void probeSlack(probed);
    }, SLACK_REPROBE_MS);
    slackProbe.unref();
    const deps = {
      sql: database.sql,
      client: slackApp.client,
      // each row to its company's workspace (OAuth installs); one token: the same client
      tenants: slackApp.tenants,
      clock,
      logger,
    };
    outbox = startOutboxLoop(deps, options.outboxIntervalMs);
    slackApp.setNudge(outbox.nudge);
    const receiver = slackApp.receiver;
    if (receiver) {
      handle = (request, response) => {
        try {
          receiver.requestListener(request, response);
        } catch {
          notFound(response);
        }
      };
    }
  }
  if (options.jobs ?? true) {
    jobs = await startJobWorker(options, slackApp);
  }
  // POST /events goes to the webhook before Bolt sees the body (it needs the raw bytes).
  const events = settings.eventsWebhookSecret
    ? createEventsHandler({
        sql: database.sql,
        secret: settings.eventsWebhookSecret,
        clock,
        onError: (error) => logger.error({ err: error }, 'POST /events failed'),
        onStored: () => outbox?.nudge(),
      })
    : null;
  // POST /email/inbound: a raw reply email, signed like /events (PRODUCT.md §12)
  const emailInbound = createEmailInboundHandler({
    sql: database.sql,
    clock,
    logger,
    domain: settings.emailReply.domain,
    secret: settings.eventsWebhookSecret,
    onQueued: () => {
      outbox?.nudge();
      options.onEmailQueued?.();
    },
    onError: (error) => logger.error({ err: error }, 'POST /email/inbound failed'),
  });
  const server = createServer((request, response) => {
    const health = route(request);
    const path = request.url?.split('?')[0];
    if (health) health(request, response);
    else if (events && path === '/events') void events(request, response);
    else if (path === EMAIL_INBOUND_PATH) void emailInbound(request, response);
    else handle(request, response);
  });
  let port: number;
  try {
    port = await listen(server, options.port ?? settings.port, options.host);
  } catch (error) {
    clearInterval(slackProbe);
    setProcessAgenda(null);
    await jobs?.stop();
    await outbox?.stop();
    throw error;
  }
  // Socket Mode connects after serving, in the background: Slack may be down at start
  // (its client retries apps.connections.open for long); /readyz says so meanwhile.
  let socketRetry: NodeJS.Timeout | undefined;
  let stopping = false;
  if (mode === 'socket' && slackApp) {
    const app = slackApp.app;
    const connect = (): void => {
      app.start().then(
        () => {
          slackHealth.record(true);
          logger.info('Slack Socket Mode connected');
        },
        (error: unknown) => {
          slackHealth.record(false, (error as Error).message);
          if (stopping) return;
          logger.warn({ err: error }, 'Slack Socket Mode: cannot connect; trying again shortly');
          socketRetry = setTimeout(connect, SLACK_REPROBE_MS);
          socketRetry.unref();
        },
      );
    };
    connect();
  }
  logger.info({ port, slack: mode }, 'renubu serving');
  return {
    port,
    slack: mode,
    slackApp,
    jobs,
    tokenRefused,
    nudgeOutbox: () => outbox?.nudge(),
    async stop() {
      clearInterval(slackProbe);
      // claim no more outbox rows at once; the attempts in flight end by their deadline
      const delivered = outbox?.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await slackApp?.drain();
      stopping = true;
      clearTimeout(socketRetry);
      // a connection still being tried stops with the app; a failed stop changes nothing
      if (mode === 'socket') await slackApp?.app.stop().catch(() => undefined);
      setProcessAgenda(null);
      await jobs?.stop();
      await delivered;
    },
    async release() {
      server.closeAllConnections();
      await outbox?.release();
    },
  };
}

/** How often serve re-reads the CSMs' time zones for their job schedules (ms). */
const SCHEDULE_RESYNC_MS = 10 * 60_000;

/** Agenda on its own pool, the per-CSM schedules brought in line, missing wake-ups set. */
async function startJobWorker(options: StartOptions, slackApp: SlackApp | null): Promise<Jobs> {
  const { settings, database, clock, logger } = options;
  const sql = database.sql;
  const client = slackApp?.client;
  const slack = client
    ? {
        client,
        identity: createIdentity({ sql, client, clock, logger }),
        // OAuth installs: each company's DMs with its own workspace's token and users
        ...(settings.slack.oauth && slackApp ? { tenants: slackApp.tenants } : {}),
      }
    : null;
  const jobs = await startJobs({
    settings: settings.jobs,
    databaseUrl: database.url,
    poolMax: serverBudget(settings.databasePoolMax).jobs,
    applicationName: `${database.applicationName ?? applicationName('serve')} jobs`,
    deps: {
      sql,
      clock,
      logger,
      slack,
      allClearDm: settings.allClearDm,
      retention: settings.retention,
    },
    ...(options.jobsLockLifetimeMs ? { lockLifetimeMs: options.jobsLockLifetimeMs } : {}),
    ...(options.jobsProcessEveryMs ? { processEvery: options.jobsProcessEveryMs } : {}),
  });
  try {
    const synced = await syncSchedules(sql, jobs.agenda, clock);
    const wakeups = await reconcileWakeups(sql, jobs.agenda);
    logger.info({ ...synced, wakeups }, 'jobs running');
  } catch (error) {
    await jobs.stop();
    throw error;
  }
  setProcessAgenda(jobs.agenda);
  // An import can change a CSM's time zone or add CSMs: bring the schedules in line now and
  // then, so the 06:00 and 23:00 jobs follow without a restart.
  const resync = setInterval(() => {
    syncSchedules(sql, jobs.agenda, clock).catch((error) =>
      logger.warn({ err: error }, 'could not bring the job schedules in line'),
    );
  }, SCHEDULE_RESYNC_MS);
  resync.unref();
  return {
    ...jobs,
    stop: async () => {
      clearInterval(resync);
      await jobs.stop();
    },
  };
}
