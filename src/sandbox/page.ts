/**
 * The sandbox page's HTTP side: the page and its assets, `GET /sandbox/ui` (the snapshot as
 * HTML sections, long-polled on a version that goes up whenever the workspace, the outbox or
 * the clock changed), `POST /sandbox/act` and `POST /sandbox/time` (validated with zod; bad
 * input gets a 400 that says what was expected), quote files and email bodies.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { z } from 'zod';
import type { Sql } from '../db/connection.ts';
import type { Logger } from '../logger.ts';
import { act, actionSchema } from './act.ts';
import { replyInSandbox, type SandboxReplyDeps } from './email-reply.ts';
import type { FakeSlack } from './slack/fake-slack-api.ts';
import type { SlackDriver } from './slack/slack-driver.ts';
import type { ActResult, Pane, SnapshotEmail, SnapshotUser, TimeResult } from './snapshot.ts';
import { buildSnapshot, emailHtml, loadEmails, newestTs, type Selection } from './state.ts';
import type { SandboxClock, TimeMachine } from './time.ts';
import { pageHtml, renderSections, STATIC_DIR } from './ui/index.ts';

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

export function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

const timeSchema = z.object({ to: z.iso.datetime({ offset: true }) });

function zodMessage(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
}

export interface PageDeps {
  sql: Sql;
  fake: FakeSlack;
  driver: SlackDriver;
  clock: SandboxClock;
  time: TimeMachine;
  users: SnapshotUser[];
  logger: Logger;
  /** The Outbox's Reply box (reply domain, EMAIL_FROM); without it, no replies. */
  reply?: Pick<SandboxReplyDeps, 'domain' | 'from' | 'onQueued'>;
}

export interface PageHandler {
  route(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Show what a time move (or the first morning) ran. */
  noteJobs(lines: string[]): void;
}

export function createPageHandler(deps: PageDeps): PageHandler {
  const { sql, fake, driver, clock, time, users, logger } = deps;
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
    const pane = (['dm', 'home', 'mail'] as const).find((p) => p === url.searchParams.get('pane'));
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

  const replySchema = z.object({ text: z.string().trim().min(1, 'write a reply').max(10_000) });

  async function postReply(id: number, request: IncomingMessage, response: ServerResponse) {
    const parsed = replySchema.safeParse(JSON.parse(await readBody(request)));
    if (!parsed.success || !deps.reply) {
      const error = deps.reply ? zodMessage(parsed.error!) : 'replies are off';
      return sendJson(response, 400, { ok: false, error } satisfies ActResult);
    }
    const result = await replyInSandbox(
      { sql, clock, logger, ...deps.reply },
      id,
      parsed.data.text,
    );
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

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sandbox');
    const path = url.pathname;
    const get = request.method === 'GET';
    if (get && path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml());
      return;
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
    const replyMatch = /^\/sandbox\/emails\/(\d+)\/reply$/.exec(path);
    if (request.method === 'POST' && replyMatch) {
      return postReply(Number(replyMatch[1]), request, response);
    }
    const emailMatch = /^\/sandbox\/emails\/(\d+)\/html$/.exec(path);
    if (get && emailMatch) return emailPage(Number(emailMatch[1]), response);
    sendJson(response, 404, { error: `nothing at ${request.method} ${path}` });
  }

  return {
    route,
    noteJobs(lines) {
      jobLog = lines;
      moves += 1;
    },
  };
}
