/**
 * The Bolt app, built from settings: HTTP (Bolt verifies Slack's signature; a stale or wrong
 * one gets 401) or Socket Mode when SLACK_APP_TOKEN is set. Listeners are registered per
 * surface from listeners/{commands,events,actions,views}/index.ts.
 */
import { App, type CustomRoute, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { RetryOptions, WebClient } from '@slack/web-api';
import type { Clock } from '../clock.ts';
import type { Settings } from '../config.ts';
import type { Sql } from '../db/connection.ts';
import type { Logger } from '../logger.ts';
import { appErrorHandler } from './app-error.ts';
import { boltLogger } from './bolt-logger.ts';
import { createIdentity } from './identity.ts';
import { registerActions } from './listeners/actions/index.ts';
import { registerCommands } from './listeners/commands/index.ts';
import { registerEvents } from './listeners/events/index.ts';
import { registerViews } from './listeners/views/index.ts';
import { SLACK_CLIENT_OPTIONS } from './outbox-timing.ts';
import type { SlackServices } from './services.ts';

export interface SlackAppOptions {
  slack: Settings['slack'];
  sql: Sql;
  clock: Clock;
  logger: Logger;
  /** Known bot ids (tests, or a cached auth.test): Bolt then skips auth.test at start. */
  botIds?: { botId: string; botUserId: string };
  /**
   * The WebClient's retries (default none: one attempt with a timeout; the outbox deliverer
   * owns retries, src/slack/outbox-timing.ts). Tests only.
   */
  retryConfig?: RetryOptions;
  /** Extra HTTP routes on the same server (GET /healthz). HTTP mode only. */
  customRoutes?: CustomRoute[];
  identityTtlMs?: number;
}

export interface SlackApp {
  app: App;
  client: WebClient;
  /** The HTTP receiver (serve its `requestListener`), or null in Socket Mode. */
  receiver: HTTPReceiver | null;
  services: SlackServices;
  /** Let the listeners wake the outbox deliverer once it runs. */
  setNudge(nudge: () => void): void;
  /** Resolves when every listener still running (after its ack) has finished. */
  drain(): Promise<void>;
}

/** Build the app (no network yet: call `app.init()` before serving). */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { slack, logger } = options;
  if (!slack.botToken) throw new Error('createSlackApp needs settings.slack.botToken');
  const socketMode = Boolean(slack.appToken);
  const boltLog = boltLogger(logger);
  const receiver = socketMode
    ? null
    : new HTTPReceiver({
        signingSecret: slack.signingSecret ?? '',
        logger: boltLog,
        customRoutes: options.customRoutes ?? [],
      });
  const app = new App({
    token: slack.botToken,
    ...(receiver ? { receiver } : { socketMode: true, appToken: slack.appToken }),
    ...(options.botIds ?? {}),
    logger: boltLog,
    logLevel: LogLevel.WARN,
    deferInitialization: true,
    extendedErrorHandler: true,
    clientOptions: {
      ...SLACK_CLIENT_OPTIONS,
      slackApiUrl: slack.apiUrl,
      ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
    },
  });
  const services: SlackServices = {
    sql: options.sql,
    clock: options.clock,
    logger,
    identity: createIdentity({
      sql: options.sql,
      client: app.client,
      clock: options.clock,
      logger,
      ...(options.identityTtlMs === undefined ? {} : { ttlMs: options.identityTtlMs }),
    }),
  };
  // Listeners go on after their ack; a stopping server waits for them.
  const inFlight = new Set<Promise<unknown>>();
  app.use(async ({ next }) => {
    const running = next();
    inFlight.add(running);
    try {
      await running;
    } finally {
      inFlight.delete(running);
    }
  });
  app.error(appErrorHandler(logger, app.client));
  registerCommands(app, services);
  registerEvents(app, services);
  registerActions(app, services);
  registerViews(app, services);
  return {
    app,
    client: app.client,
    receiver,
    services,
    setNudge: (nudge) => {
      services.nudgeOutbox = nudge;
    },
    drain: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
