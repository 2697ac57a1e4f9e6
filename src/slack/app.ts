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
import { createInstallationStore, slackRefresher } from './installation-store.ts';
import { registerActions } from './listeners/actions/index.ts';
import { registerCommands } from './listeners/commands/index.ts';
import { registerEvents } from './listeners/events/index.ts';
import { registerViews } from './listeners/views/index.ts';
import { manifestBotScopes } from './manifest-scopes.ts';
import { SLACK_CLIENT_OPTIONS } from './outbox-timing.ts';
import type { SlackServices } from './services.ts';
import {
  installedWorkspaces,
  oneWorkspace,
  type SlackTenants,
  tenantIdentity,
  withTenant,
} from './tenants.ts';
import { type SlackCallResult, WatchedWebClient } from './watch.ts';

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
  /** Told the outcome of every Web API call of `client` (readiness, src/health.ts). */
  onSlackResult?: ((result: SlackCallResult) => void) | undefined;
}

/**
 * The bot's ids: given, or auth.test's answer, kept once Slack has given it (a failure is not
 * kept: the next request asks again). `ask()` calls auth.test now whatever is kept.
 */
function botIdsOnce(client: WebClient, known?: { botId: string; botUserId: string }) {
  let ids: Promise<{ botId: string; botUserId: string }> | undefined = known
    ? Promise.resolve(known)
    : undefined;
  const ask = () => {
    const asked = client.auth.test().then((result) => ({
      botId: known?.botId ?? result.bot_id ?? '',
      botUserId: known?.botUserId ?? result.user_id ?? '',
    }));
    ids = asked;
    asked.catch(() => {
      if (ids === asked) ids = undefined;
    });
    return asked;
  };
  return { get: () => ids ?? ask(), ask };
}

/** Where the OAuth install starts and where Slack sends the installer back (PUBLIC_URL + path). */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface SlackApp {
  app: App;
  /** The bot token's client (one-token mode); tokenless with OAuth installs (use `tenants`). */
  client: WebClient;
  /** Each company's workspace and token (the outbox and jobs send through it). */
  tenants: SlackTenants;
  /** The HTTP receiver (serve its `requestListener`), or null in Socket Mode. */
  receiver: HTTPReceiver | null;
  services: SlackServices;
  /** Ask Slack who the bot is (auth.test), now: a probe of Slack for /readyz. */
  checkAuth(): Promise<void>;
  /** Let the listeners wake the outbox deliverer once it runs. */
  setNudge(nudge: () => void): void;
  /** Resolves when every listener still running (after its ack) has finished. */
  drain(): Promise<void>;
}

/** Build the app (no network, not at `app.init()` either: Slack may be down at start). */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  if (options.slack.oauth) return createInstalledApp(options, options.slack.oauth);
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
  const clientOptions = {
    ...SLACK_CLIENT_OPTIONS,
    slackApiUrl: slack.apiUrl,
    ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
  };
  const botToken = slack.botToken;
  const client: WebClient = new WatchedWebClient(botToken, {
    ...clientOptions,
    logger: boltLog,
    onResult: options.onSlackResult,
  });
  const botIds = botIdsOnce(client, options.botIds);
  // No auth.test before serving (Slack may be down at start): the bot's ids are asked for on
  // the first request that needs them, and asked again after a failure, never cached failed.
  const app = new App({
    authorize: async () => ({ botToken, ...(await botIds.get()) }),
    ...(receiver ? { receiver } : { socketMode: true, appToken: slack.appToken }),
    logger: boltLog,
    logLevel: LogLevel.WARN,
    deferInitialization: true,
    extendedErrorHandler: true,
    clientOptions,
  });
  const identity = createIdentity({
    sql: options.sql,
    client,
    clock: options.clock,
    logger,
    ...(options.identityTtlMs === undefined ? {} : { ttlMs: options.identityTtlMs }),
  });
  const services: SlackServices = {
    oneToken: Boolean(slack.botToken),
    sql: options.sql,
    clock: options.clock,
    logger,
    identity,
  };
  return finishApp(app, {
    client,
    receiver,
    services,
    tenants: oneWorkspace(client, identity),
    checkAuth: async () => {
      await botIds.ask();
    },
  });
}

/**
 * Many workspaces (PRODUCT.md §13): Bolt's installer on the HTTP receiver (/slack/install,
 * /slack/oauth_redirect on PUBLIC_URL), the installations in PostgreSQL, and each request
 * handled as its installation's company (`withTenant`): Bolt hands the listeners a client
 * with that workspace's token, and who-is-who looks only among that company's CSMs.
 */
function createInstalledApp(
  options: SlackAppOptions,
  oauth: NonNullable<Settings['slack']['oauth']>,
): SlackApp {
  const { slack, logger, sql, clock } = options;
  const boltLog = boltLogger(logger);
  const clientOptions = {
    ...SLACK_CLIENT_OPTIONS,
    slackApiUrl: slack.apiUrl,
    ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
  };
  const store = createInstallationStore({
    sql,
    key: oauth.encryptionKey,
    clock,
    logger,
    refresh: slackRefresher({
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      clientOptions: { ...clientOptions, logger: boltLog },
    }),
  });
  const base = oauth.publicUrl.replace(/\/+$/, '');
  const receiver = new HTTPReceiver({
    signingSecret: slack.signingSecret ?? '',
    logger: boltLog,
    customRoutes: options.customRoutes ?? [],
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    scopes: manifestBotScopes(),
    installationStore: store,
    redirectUri: `${base}${REDIRECT_PATH}`,
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // /slack/install sends the browser straight on to Slack's consent screen (no page)
      directInstall: true,
      clientOptions,
    },
  });
  const app = new App({
    receiver,
    logger: boltLog,
    logLevel: LogLevel.WARN,
    deferInitialization: true,
    extendedErrorHandler: true,
    clientOptions,
  });
  const tenants = installedWorkspaces({
    sql,
    store,
    clock,
    logger,
    clientOptions: { ...clientOptions, logger: boltLog },
    onResult: options.onSlackResult,
    identityTtlMs: options.identityTtlMs,
  });
  const services: SlackServices = {
    oneToken: false,
    sql,
    clock,
    logger,
    identity: tenantIdentity(),
  };
  // every listener runs as the company of the installation its request came from
  app.use(async ({ context, next }) => {
    const tenant = await tenants.forRequest({
      teamId: context.teamId,
      enterpriseId: context.enterpriseId,
      isEnterpriseInstall: context.isEnterpriseInstall === true,
    });
    await withTenant(tenant, next);
  });
  const client: WebClient = new WatchedWebClient(undefined, { ...clientOptions, logger: boltLog });
  return finishApp(app, {
    client,
    receiver,
    services,
    tenants,
    // no one token to probe: each workspace's calls report to /readyz as they go
    checkAuth: async () => {},
  });
}

/** The listeners, the error handler and the in-flight count, the same in both modes. */
function finishApp(
  app: App,
  parts: Pick<SlackApp, 'client' | 'receiver' | 'services' | 'tenants' | 'checkAuth'>,
): SlackApp {
  const { client, services } = parts;
  const logger = services.logger;
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
  app.error(appErrorHandler(logger, client));
  registerCommands(app, services);
  registerEvents(app, services);
  registerActions(app, services);
  registerViews(app, services);
  return {
    app,
    ...parts,
    setNudge: (nudge) => {
      services.nudgeOutbox = nudge;
    },
    drain: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
