/**
 * `renubu serve` (PRODUCT.md §10): the Slack app, the health endpoint and the outbox
 * deliverers (Slack, and email whether Slack is on or off), until SIGTERM or SIGINT: then it
 * stops accepting and claiming, waits at most SHUTDOWN_GRACE_MS for what is in flight,
 * gives the outbox rows it still holds back to the next process (due at once), closes the
 * database and exits 0, also when Slack, SMTP or the database does not answer: within the
 * grace plus about 2 s, whatever ran before.
 */
import { parseArgs } from 'node:util';
import { serverBudget } from '../db/budget.ts';
import { startEmailDelivery } from '../email/email-loop.ts';
import { type ReplyListener, startReplyListener } from '../email/inbound/smtp-listener.ts';
import { lastResult } from '../health.ts';
import { createLogger } from '../logger.ts';
import { type Running, type StartOptions, startRenubu } from '../main.ts';
import { type CommandContext, UsageError } from './context.ts';

/** After a stop, how long the process may take to end on its own before it is ended. */
const EXIT_MARGIN_MS = 250;
/** After the grace: giving back held outbox rows, then closing the pool (ms each, at most). */
const RELEASE_MS = 1000;
const CLOSE_MS = 1000;
const EMBEDDED_CLOSE_MS = 10_000;

export const usage =
  'renubu serve [--port N]                  Slack app, health endpoint, outbox, jobs';

export interface Serving {
  port: number;
  /** The SMTP listener's port for email replies (SMTP_INBOUND_PORT), when it runs. */
  smtpInboundPort: number | null;
  running: Running;
  /** Stop as on SIGTERM; resolves when everything is closed. */
  stop(): Promise<void>;
}

function parse(args: string[]): { port: number | undefined } {
  try {
    const { values } = parseArgs({ args, options: { port: { type: 'string' } }, strict: true });
    if (values.port === undefined) return { port: undefined };
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(`--port takes a whole number from 0 to 65535 (got "${values.port}").`);
    }
    return { port };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

/** Start serving; tests call this and `stop()` instead of sending a signal. */
export async function serve(
  ctx: CommandContext,
  options: Partial<
    Pick<
      StartOptions,
      | 'port'
      | 'host'
      | 'botIds'
      | 'retryConfig'
      | 'outboxIntervalMs'
      | 'jobs'
      | 'jobsLockLifetimeMs'
    >
  > & {
    /** Overrides SMTP_INBOUND_PORT (tests pass 0 for any free port). */
    smtpInboundPort?: number;
  } = {},
): Promise<Serving> {
  const logger = createLogger(ctx.settings.logLevel);
  // Agenda's pool takes the rest of DATABASE_POOL_MAX (src/main.ts, db/budget.ts)
  const database = await ctx.openDatabase({ max: serverBudget(ctx.settings.databasePoolMax).app });
  const smtpHealth = lastResult(ctx.clock, ctx.settings.smtpUrl ? 'on' : 'off');
  let running: Running;
  const { smtpInboundPort: inboundPort, ...startOptions } = options;
  // the email deliverer starts after the app; a reply's answer wakes it once it runs
  let nudgeEmail = () => {};
  try {
    running = await startRenubu({
      settings: ctx.settings,
      database,
      clock: ctx.clock,
      logger,
      smtpHealth,
      onEmailQueued: () => nudgeEmail(),
      ...startOptions,
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  const slack = {
    http: ctx.settings.slack.oauth
      ? `Slack over HTTP at /slack/events, installed from ${ctx.settings.slack.oauth.publicUrl.replace(/\/+$/, '')}/slack/install`
      : 'Slack over HTTP at /slack/events',
    socket: 'Slack over Socket Mode',
    off: 'Slack is off (no SLACK_BOT_TOKEN)',
  }[running.slack];
  ctx.out.write(
    `Renubu is serving on port ${running.port}: ${slack}; health at /healthz and /readyz.\n`,
  );
  // email rows of the outbox go out here, also when Slack is off
  const email = startEmailDelivery({
    settings: ctx.settings,
    sql: database.sql,
    clock: ctx.clock,
    logger,
    onResult: (ok, error) => smtpHealth.record(ok, error),
    ...(options.outboxIntervalMs === undefined ? {} : { intervalMs: options.outboxIntervalMs }),
  });
  ctx.out.write(`Outbox: ${email.describe}.\n`);
  nudgeEmail = email.nudge;
  const listener = await startListener(ctx, {
    sql: database.sql,
    logger,
    port: inboundPort ?? ctx.settings.emailReply.smtpInboundPort,
    host: options.host,
    onQueued: () => {
      email.nudge();
      running.nudgeOutbox();
    },
  }).catch(async (error: unknown) => {
    await Promise.all([running.stop(), email.stop()]);
    await Promise.all([running.release(), email.release()]);
    await database.close();
    throw error;
  });
  let stopping: Promise<void> | undefined;
  return {
    port: running.port,
    smtpInboundPort: listener?.port ?? null,
    running,
    stop() {
      stopping ??= (async () => {
        await listener?.close();
        const graceMs = ctx.settings.shutdownGraceMs;
        const finished = Promise.all([running.stop(), email.stop()]);
        if (!(await within(finished, graceMs))) {
          logger.warn({ graceMs }, 'shutdown: grace ran out; releasing unfinished work');
        }
        // bounded too: a database that is down or frozen must not hold the stop
        const released = Promise.all([running.release(), email.release()]);
        if (!(await within(released, RELEASE_MS))) {
          logger.warn('shutdown: the database did not answer; rows still held are left leased');
        }
        // the embedded server is stopped cleanly when this was its last client (0.1 s usually)
        await within(database.close(), database.embedded ? EMBEDDED_CLOSE_MS : CLOSE_MS);
      })();
      return stopping;
    },
  };
}

/** The SMTP listener for replies when a port is set (EMAIL_REPLY_DOMAIN is then set too). */
async function startListener(
  ctx: CommandContext,
  options: {
    sql: Parameters<typeof startReplyListener>[0]['sql'];
    logger: ReturnType<typeof createLogger>;
    port: number | undefined;
    host: string | undefined;
    onQueued: () => void;
  },
): Promise<ReplyListener | null> {
  const domain = ctx.settings.emailReply.domain;
  if (options.port === undefined || !domain) return null;
  const listener = await startReplyListener({
    sql: options.sql,
    clock: ctx.clock,
    logger: options.logger,
    domain,
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
    onQueued: options.onQueued,
  });
  ctx.out.write(`Email replies: SMTP on port ${listener.port} for reply+…@${domain}.\n`);
  return listener;
}

/** True if `work` settled within `ms`; false once `ms` have passed first. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const done = work.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([done, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function run(ctx: CommandContext, args: string[]): Promise<number> {
  const { port } = parse(args);
  // listen first: a SIGTERM while starting up still shuts down in order once started
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  const serving = await serve(ctx, port === undefined ? {} : { port });
  // a token Slack refuses cannot work until it is fixed: say so in one sentence and end
  const ended = await Promise.race([signalled, serving.running.tokenRefused]);
  const refused = typeof ended === 'string' ? null : ended;
  if (refused) ctx.err.write(`${refused.userMessage}\n`);
  else ctx.out.write(`${ended}: finishing what is in flight, then stopping.\n`);
  await serving.stop();
  ctx.out.write('Stopped.\n');
  // What is ours is closed, but not everything we use lets go: Agenda watches each job it
  // ran with a timer of half the lock lifetime (5 minutes) that nothing can clear, and work
  // abandoned at the grace's end (a request to a silent Slack) holds a socket. Its rows are
  // released, so end now if nothing else ends the process first.
  const code = refused ? refused.exitCode : 0;
  setTimeout(() => process.exit(code), EXIT_MARGIN_MS).unref();
  return code;
}
