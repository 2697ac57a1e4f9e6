/**
 * `renubu sandbox` (PRODUCT.md §10, §11): the real bot, its Slack played by an in-process
 * workspace (src/sandbox/slack/, the same one the tests use), and a page on localhost that
 * shows that workspace as Slack would and turns clicks into signed Slack requests.
 *
 * One process, three loopback servers: the sandbox Slack Web API (the bot's SLACK_API_URL),
 * the bot itself (`startRenubu`, Slack over HTTP, jobs off: the sandbox runs them as of its
 * own clock, src/sandbox/time.ts), and the page. Emails never leave the machine: they are
 * written as .eml files and shown in the page.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { z } from 'zod';
import type { Settings } from '../config.ts';
import { listCompanies } from '../db/companies.ts';
import type { Database } from '../db/connection.ts';
import { csmsOfCompany } from '../db/work-queue.ts';
import { JUSTIN as DEMO_LEAD_CSM } from '../demo/csms.ts';
import { startEmailDelivery } from '../email/email-loop.ts';
import { RenubuError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { startRenubu } from '../main.ts';
import { createIdentity } from '../slack/identity.ts';
import { act, actionSchema } from './act.ts';
import { DEFAULT_BOT_TOKEN, startFakeSlack } from './slack/fake-slack.ts';
import type { FakeSlack } from './slack/fake-slack-api.ts';
import { createSlackDriver } from './slack/slack-driver.ts';
import type { ActResult, Pane, SnapshotEmail, SnapshotUser, TimeResult } from './snapshot.ts';
import { buildSnapshot, emailHtml, loadEmails, newestTs, type Selection } from './state.ts';
import { createTimeMachine, runningClock, type SandboxClock } from './time.ts';
import { pageHtml, renderSections, STATIC_DIR } from './ui/index.ts';

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

/** How long `GET /sandbox/ui?since=N` waits for something new. */
const LONG_POLL_MS = 25_000;
const POLL_STEP_MS = 150;

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
};

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

async function readBody(request: IncomingMessage, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new RangeError('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

const timeSchema = z.object({ to: z.iso.datetime({ offset: true }) });

function zodMessage(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
}

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
      jobs: false,
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
    const time = createTimeMachine(jobDeps, clock);

    const viewErrors = new Map<string, Record<string, string>>();
    const lastSeen = new Map<string, string>();
    let jobLog: string[] = [];
    let moving = false;
    let moves = 0;
    let version = 0;
    let fingerprint = '';
    let emails: SnapshotEmail[] = [];

    /** Bring `version` up when anything changed: Slack calls, responses, emails, time. */
    async function refresh(): Promise<void> {
      emails = await loadEmails(sql);
      const emailState = emails.map((e) => `${e.id}${e.status}`).join(',');
      const slackState = `${fake.calls.length}:${fake.world.responses.length}`;
      const local = `${moves}:${viewErrors.size}:${fake.world.ephemerals.length}`;
      const next = `${slackState}|${emailState}|${local}`;
      if (next !== fingerprint) {
        fingerprint = next;
        version += 1;
      }
    }

    async function ui(url: URL, response: ServerResponse) {
      const since = Number(url.searchParams.get('since') ?? Number.NaN);
      await refresh();
      const deadline = Date.now() + LONG_POLL_MS;
      while (Number.isFinite(since) && version <= since && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, POLL_STEP_MS));
        await refresh();
      }
      const pane = (['dm', 'home', 'mail'] as const).find(
        (p) => p === url.searchParams.get('pane'),
      );
      const emailParam = Number(url.searchParams.get('email'));
      const selection: Selection = {
        user: url.searchParams.get('user') ?? undefined,
        pane: pane ?? ('dm' satisfies Pane),
        thread: url.searchParams.get('thread') || null,
        email: Number.isInteger(emailParam) && emailParam > 0 ? emailParam : null,
      };
      const snapshot = buildSnapshot(
        { world: fake.world, users, now: clock.now(), emails, viewErrors, jobLog, lastSeen },
        selection,
      );
      if (snapshot.pane === 'dm') {
        const seen = newestTs(fake.world, snapshot.user.id);
        if (seen) lastSeen.set(snapshot.user.id, seen);
        snapshot.unread[snapshot.user.id] = 0;
      }
      sendJson(response, 200, { version, now: snapshot.now, sections: renderSections(snapshot) });
    }

    async function postAct(request: IncomingMessage, response: ServerResponse) {
      const parsed = actionSchema.safeParse(JSON.parse(await readBody(request)));
      if (!parsed.success) {
        const result: ActResult = { ok: false, error: zodMessage(parsed.error) };
        return sendJson(response, 400, result);
      }
      const result = await act({ fake, driver, viewErrors }, parsed.data);
      moves += 1;
      sendJson(response, result.ok ? 200 : 409, result);
    }

    async function postTime(request: IncomingMessage, response: ServerResponse) {
      const parsed = timeSchema.safeParse(JSON.parse(await readBody(request)));
      if (!parsed.success) {
        const error = `expected { "to": an ISO-8601 instant such as "2026-11-26T06:00:00Z" } (${zodMessage(parsed.error)})`;
        return sendJson(response, 400, { ok: false, error } satisfies TimeResult);
      }
      if (moving) {
        return sendJson(response, 409, { ok: false, error: 'time is already moving' });
      }
      moving = true;
      try {
        const ran = await time.moveTo(new Date(parsed.data.to));
        jobLog = ran;
        moves += 1;
        sendJson(response, 200, { ok: true, now: clock.now().toISOString(), ran });
      } catch (error) {
        const message = error instanceof RangeError ? error.message : 'a job failed (see the log)';
        if (!(error instanceof RangeError)) logger.error({ err: error }, 'sandbox time move');
        sendJson(response, error instanceof RangeError ? 400 : 500, { ok: false, error: message });
      } finally {
        moving = false;
      }
    }

    async function file(id: string, response: ServerResponse) {
      const stored = fake.world.files.get(id);
      if (!stored?.bytes) return sendJson(response, 404, { error: `no file ${id}` });
      const name = stored.filename.replace(/[^\w.-]/g, '_');
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
        'content-disposition': `inline; filename="${name}"`,
      });
      response.end(stored.bytes);
    }

    async function emailPage(id: number, response: ServerResponse) {
      const html = await emailHtml(sql, id);
      if (html === null) return sendJson(response, 404, { error: `no HTML email ${id}` });
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        // the email is shown, never run: no scripts, no requests out
        'content-security-policy':
          "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
      });
      response.end(html);
    }

    async function staticFile(name: string, response: ServerResponse) {
      if (!/^[\w-]+\.[a-z]+$/.test(name)) return sendJson(response, 404, { error: 'not found' });
      const body = await readFile(join(STATIC_DIR, name)).catch(() => null);
      if (!body) return sendJson(response, 404, { error: `no ${name}` });
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      response.end(body);
    }

    async function route(request: IncomingMessage, response: ServerResponse) {
      const url = new URL(request.url ?? '/', 'http://sandbox');
      const path = url.pathname;
      const get = request.method === 'GET';
      if (get && path === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return response.end(pageHtml());
      }
      if (get && path === '/sandbox/ui') return ui(url, response);
      if (request.method === 'POST' && path === '/sandbox/act') return postAct(request, response);
      if (request.method === 'POST' && path === '/sandbox/time') return postTime(request, response);
      if (get && path.startsWith('/sandbox/static/')) {
        return staticFile(path.slice('/sandbox/static/'.length), response);
      }
      if (get && path.startsWith('/sandbox/files/')) {
        return file(decodeURIComponent(path.slice('/sandbox/files/'.length)), response);
      }
      const emailMatch = /^\/sandbox\/emails\/(\d+)\/html$/.exec(path);
      if (get && emailMatch) return emailPage(Number(emailMatch[1]), response);
      sendJson(response, 404, { error: `nothing at ${request.method} ${path}` });
    }

    const server = createServer((request, response) => {
      route(request, response).catch((error: unknown) => {
        const bad = error instanceof SyntaxError || error instanceof RangeError;
        if (!bad) logger.error({ err: error }, 'sandbox request failed');
        if (response.headersSent) return void response.end();
        const message = bad ? `bad request: ${(error as Error).message}` : 'the sandbox failed';
        sendJson(response, bad ? 400 : 500, { ok: false, error: message });
      });
    });
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        const inUse = error.code === 'EADDRINUSE' || error.code === 'EACCES';
        const why = error.code === 'EACCES' ? 'may not be used here' : 'is in use';
        const message = `Port ${options.port} on ${host} ${why}: stop what uses it, or pick another with --port N.`;
        reject(inUse ? new RenubuError('port_unavailable', message, { cause: error }) : error);
      });
      server.listen(options.port, host, () => resolve());
    });
    stops.push(async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    });
    const port = (server.address() as AddressInfo).port;
    return {
      url: `http://${host}:${port}/`,
      port,
      fake,
      clock,
      users,
      async runMorning() {
        jobLog = await time.runMorningNow();
        moves += 1;
        return jobLog;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
