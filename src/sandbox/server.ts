/**
 * `renubu sandbox` (PRODUCT.md §10, §11): the real bot, its Slack played by an in-process
 * workspace (src/sandbox/slack/, the same one the tests use), and a page on localhost that
 * shows that workspace as Slack would and turns clicks into signed Slack requests.
 *
 * One process, three loopback servers: the sandbox Slack Web API (the bot's SLACK_API_URL),
 * the bot itself (`startRenubu`, Slack over HTTP, its jobs run when the sandbox moves its
 * own clock, src/sandbox/time.ts), and the page. Emails never leave the machine: they are
 * written as .eml files and shown in the page.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Settings } from '../config.ts';
import { listCompanies } from '../db/companies.ts';
import type { Database } from '../db/connection.ts';
import { csmsOfCompany } from '../db/work-queue.ts';
import { JUSTIN as DEMO_LEAD_CSM } from '../demo/csms.ts';
import { startEmailDelivery } from '../email/email-loop.ts';
import { listen } from '../listen.ts';
import type { Logger } from '../logger.ts';
import { startRenubu } from '../main.ts';
import { createIdentity } from '../slack/identity.ts';
import { createPageHandler, sendJson } from './page.ts';
import { DEFAULT_BOT_TOKEN, startFakeSlack } from './slack/fake-slack.ts';
import type { FakeSlack } from './slack/fake-slack-api.ts';
import { createSlackDriver } from './slack/slack-driver.ts';
import type { SnapshotUser } from './snapshot.ts';
import { createTimeMachine, runningClock, type SandboxClock } from './time.ts';

/** The sandbox's reply addresses' domain when EMAIL_REPLY_DOMAIN is not set. */
const SANDBOX_REPLY_DOMAIN = 'reply.sandbox.localhost';

export interface SandboxOptions {
  settings: Settings;
  /** The sandbox's own database, loaded and migrated; the caller closes it. */
  database: Database;
  logger: Logger;
  port: number;
  host?: string;
  /** Where the sandbox writes its .eml files. */
  outboxDir: string;
}

export interface Sandbox {
  url: string;
  port: number;
  fake: FakeSlack;
  clock: SandboxClock;
  users: SnapshotUser[];
  /** The first morning: every CSM's daily run and DM as of now. */
  runMorning(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * The CSMs of every company as Slack users: `U0CSM001`… with their email and zone. The
 * demo's story starts with Justin, so he comes first (and is the page's default).
 */
async function workspaceUsers(database: Database): Promise<SnapshotUser[]> {
  const csms = [];
  for (const company of await listCompanies(database.sql)) {
    csms.push(...(await csmsOfCompany(database.sql, company.id)));
  }
  const first = (csm: { external_id: string }) => (csm.external_id === DEMO_LEAD_CSM ? 0 : 1);
  csms.sort((a, b) => first(a) - first(b));
  return csms.map((csm, i) => ({
    id: `U0CSM${String(i + 1).padStart(3, '0')}`,
    name: csm.name,
    email: csm.email,
    tz: csm.timezone,
  }));
}

/** The runner's own look for due jobs, as good as never: jobs run when time is moved. */
const JOBS_ONLY_ON_MOVES_MS = 2 ** 31 - 1;

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const { database, logger } = options;
  const sql = database.sql;
  const users = await workspaceUsers(database);
  if (users.length === 0) throw new Error('the sandbox has no CSMs to show (load a portfolio)');
  const clock = runningClock();
  const fake = await startFakeSlack({
    users: users.map((u) => ({ id: u.id, email: u.email, name: u.name, tz: u.tz })),
    identity: { teamDomain: 'renubu-sandbox' },
    now: () => clock.now().getTime(),
    clockTimestamps: true,
  });
  const signingSecret = randomBytes(16).toString('hex');
  const settings: Settings = {
    ...options.settings,
    slack: { botToken: DEFAULT_BOT_TOKEN, signingSecret, appToken: undefined, apiUrl: fake.url },
    // Never a real SMTP server: the sandbox's emails stay on this machine.
    smtpUrl: undefined,
    outboxDir: options.outboxDir,
    // the Outbox's Reply box needs reply addresses, also without EMAIL_REPLY_DOMAIN
    emailReply: {
      domain: options.settings.emailReply.domain ?? SANDBOX_REPLY_DOMAIN,
      smtpInboundPort: undefined,
    },
  };
  const stops: Array<() => Promise<void>> = [() => fake.close()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const running = await startRenubu({
      settings,
      database,
      clock,
      logger,
      port: 0,
      host: '127.0.0.1',
      botIds: { botId: fake.identity.botId, botUserId: fake.identity.botUserId },
      // Agenda keeps the schedules; jobs run when the sandbox's time is moved (time.ts)
      jobsProcessEveryMs: JOBS_ONLY_ON_MOVES_MS,
      outboxIntervalMs: 500,
    });
    stops.push(() => running.stop());
    const email = startEmailDelivery({ settings, sql, clock, logger, intervalMs: 500 });
    stops.push(() => email.stop());
    const client = running.slackApp?.client;
    if (!client) throw new Error('the sandbox bot started without Slack');
    const driver = createSlackDriver({
      baseUrl: `http://127.0.0.1:${running.port}`,
      signingSecret,
      fake,
    });
    const slack = { client, identity: createIdentity({ sql, client, clock, logger }) };
    const jobDeps = { sql, clock, logger, slack, allClearDm: settings.allClearDm };
    if (!running.jobs) throw new Error('the sandbox bot started without its jobs');
    const time = createTimeMachine(jobDeps, clock, running.jobs);

    const reply = {
      domain: settings.emailReply.domain ?? SANDBOX_REPLY_DOMAIN,
      from: settings.emailFrom,
      onQueued: () => {
        email.nudge();
        running.nudgeOutbox();
      },
    };
    const page = createPageHandler({ sql, fake, driver, clock, time, users, logger, reply });

    const server = createServer((request, response) => {
      page.route(request, response).catch((error: unknown) => {
        const bad = error instanceof SyntaxError || error instanceof RangeError;
        if (!bad) logger.error({ err: error }, 'sandbox request failed');
        if (response.headersSent) return void response.end();
        const message = bad ? `bad request: ${(error as Error).message}` : 'the sandbox failed';
        sendJson(response, bad ? 400 : 500, { ok: false, error: message });
      });
    });
    const host = options.host ?? '127.0.0.1';
    const port = await listen(server, options.port, host);
    stops.push(async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    });
    return {
      url: `http://${host}:${port}/`,
      port,
      fake,
      clock,
      users,
      async runMorning() {
        const ran = await time.runMorningNow();
        page.noteJobs(ran);
        return ran;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
