/**
 * Issue 9: `renubu sandbox` over its HTTP API, without a browser: the bot's morning DMs land
 * in the sandbox workspace, the page's acts reach the real bot as signed Slack requests,
 * time moves run the jobs in order (morning, wake-ups, digest), emails are listed and
 * readable, and bad input gets a clear 400. test/sandbox/browser.test.ts clicks the page.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDemo } from '../../src/cli/demo.ts';
import { loadSettings } from '../../src/config.ts';
import { localDay } from '../../src/domain/dates.ts';
import { createLogger } from '../../src/logger.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/server.ts';
import type { Json } from '../../src/sandbox/slack/block-checks.ts';
import { findElement } from '../../src/sandbox/slack/slack-payloads.ts';
import type { ActResult, TimeResult, UiResponse } from '../../src/sandbox/snapshot.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
let sandbox: Sandbox;
let justin: string;

const post = async (path: string, body: unknown) => {
  const response = await fetch(new URL(path, sandbox.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
};
const act = async (body: unknown) => (await post('/sandbox/act', body)).body as ActResult;
const moveTo = async (to: Date) => (await post('/sandbox/time', { to: to.toISOString() })).body;
const ui = async (query: string) =>
  (await (await fetch(new URL(`/sandbox/ui?${query}`, sandbox.url))).json()) as UiResponse;
const dm = () => sandbox.fake.messagesIn(justin);
const parents = () => dm().filter((m) => m.thread_ts === undefined);

/** The sandbox on the test database, its page on `port`, its files in a fresh home. */
async function startOn(port: number): Promise<Sandbox> {
  const home = await mkdtemp(join(tmpdir(), 'renubu-sandbox-'));
  const database = { sql: db.sql, url: db.url, embedded: false, describe: 'test' };
  return startSandbox({
    settings: loadSettings({ RENUBU_HOME: home, LOG_LEVEL: 'silent' }, home),
    database: { ...database, close: async () => {} },
    logger: createLogger('silent'),
    port,
    outboxDir: join(home, 'outbox'),
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  const today = localDay(new Date(), 'UTC');
  await loadDemo(db.sql, today, 'UTC');
  sandbox = await startOn(0);
  justin = sandbox.users.find((u) => u.name === 'Justin Avery')!.id;
}, 120_000);

afterAll(async () => {
  await sandbox?.stop();
  await db?.drop();
});

describe('renubu sandbox: the bot in a local Slack', () => {
  it('gives every CSM their morning DM, through the bot and the Web API it calls', async () => {
    const ran = await sandbox.runMorning();
    expect(ran).toHaveLength(sandbox.users.length);
    await vi.waitFor(() => expect(parents().length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(JSON.stringify(parents()[0]!.blocks)).toContain('Obsidian Black');
    expect(sandbox.fake.callsTo('users.lookupByEmail').length).toBeGreaterThan(0);
    for (const user of sandbox.users) {
      const [row] = await db.sql`select slack_user_id from csms where email = ${user.email}`;
      expect(row?.slack_user_id).toBe(user.id);
    }
  });

  it('serves the page and its sections, and waits on `since` until something changes', async () => {
    const page = await fetch(sandbox.url);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('/sandbox/static/client.js');
    for (const asset of ['client.js', 'style.css']) {
      expect((await fetch(new URL(`/sandbox/static/${asset}`, sandbox.url))).status).toBe(200);
    }
    const first = await ui(`user=${justin}&pane=dm`);
    expect(first.version).toBeGreaterThan(0);
    expect(Object.values(first.sections).join('')).toContain('Obsidian Black');
    const waiting = ui(`user=${justin}&pane=dm&since=${first.version}`);
    const result = await act({ type: 'command', user: justin, text: '/renubu today' });
    expect(result).toEqual({ ok: true, status: 200 });
    expect((await waiting).version).toBeGreaterThan(first.version);
    await vi.waitFor(() => expect(sandbox.fake.ephemeralsFor(justin).length).toBeGreaterThan(0));
  });

  it('refuses bad acts and times with a message that says what is expected', async () => {
    const bad = await post('/sandbox/act', { type: 'block_action', user: justin });
    expect(bad.status).toBe(400);
    expect(String(bad.body.error)).toMatch(/container|actionId/);
    expect((await post('/sandbox/act', '{not json')).status).toBe(400);
    const stranger = await act({ type: 'command', user: 'U0NOBODY', text: 'today' });
    expect(stranger).toEqual({ ok: false, error: 'no user U0NOBODY in the sandbox workspace' });
    const noTime = await post('/sandbox/time', { to: 'tomorrow' });
    expect(noTime.status).toBe(400);
    expect(String(noTime.body.error)).toMatch(/ISO-8601/);
    const past = await post('/sandbox/time', { to: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(String(past.body.error)).toMatch(/only moves forward/);
  });

  it("starts Obsidian Black's workflow from the morning DM and snoozes its step", async () => {
    const morning = parents()[0]!;
    const begin = findElement(morning.blocks, 'digest.begin');
    expect(begin).toBeDefined();
    const result = await act({
      type: 'block_action',
      user: justin,
      container: { type: 'message', channel: morning.channel, ts: morning.ts },
      actionId: 'digest.begin',
      value: String(begin!.element.value),
    });
    expect(result).toEqual({ ok: true, status: 200 });
    await vi.waitFor(() => expect(dm().some((m) => m.thread_ts !== undefined)).toBe(true), {
      timeout: 10_000,
    });
    const thread = dm().find((m) => m.thread_ts !== undefined)!.thread_ts!;
    const snoozed = await act({
      type: 'command',
      user: justin,
      text: 'snooze 2d waiting for finance',
      threadTs: thread,
    });
    expect(snoozed.ok).toBe(true);
    await vi.waitFor(async () => {
      const rows = await db.sql`select status from workflow_step_states where status = 'snoozed'`;
      expect(rows).toHaveLength(1);
    });
  });

  it('sends what is typed as a message, as Slack does: a reply in the thread answered there', async () => {
    const thread = dm().find((m) => m.thread_ts !== undefined)!.thread_ts!;
    const result = await act({ type: 'message', user: justin, text: 'status', threadTs: thread });
    expect(result).toEqual({ ok: true, status: 200 });
    const inThread = () => dm().filter((m) => m.thread_ts === thread);
    expect(inThread().some((m) => m.text === 'status' && m.user === justin && !m.bot_id)).toBe(
      true,
    );
    await vi.waitFor(
      () => expect(inThread().some((m) => m.bot_id && /: step \d+ of \d+/.test(m.text))).toBe(true),
      { timeout: 10_000 },
    );
    expect(await act({ type: 'message', user: justin, text: '  ' })).toMatchObject({ ok: false });
  });

  it('moves time: the 23:00 digest, the wake-up at snoozed_until, the next mornings', async () => {
    const [step] = await db.sql<{ snoozed_until: Date }[]>`
      select snoozed_until from workflow_step_states where status = 'snoozed'`;
    const to = new Date(step!.snoozed_until.getTime() + 60_000);
    const moved = (await moveTo(to)) as TimeResult;
    expect(moved.ok).toBe(true);
    const ran = moved.ok ? moved.ran : [];
    expect(ran.some((line) => /morning run and DM for Justin Avery/.test(line))).toBe(true);
    expect(ran.some((line) => /nightly digest for Justin Avery/.test(line))).toBe(true);
    const wake = ran.findIndex((line) => /wakes/.test(line));
    expect(wake).toBeGreaterThanOrEqual(0);
    expect(new Date(sandbox.clock.now()).getTime()).toBeGreaterThanOrEqual(to.getTime());
    const [state] = await db.sql`select status from workflow_step_states where status = 'snoozed'`;
    expect(state).toBeUndefined();
    await vi.waitFor(() =>
      expect(dm().some((m) => /woke|awake|snooze/i.test(JSON.stringify(m.blocks ?? m.text)))).toBe(
        true,
      ),
    );
  });

  it('says which port is taken when the page cannot listen, and starts nothing', async () => {
    const second = startOn(sandbox.port);
    await expect(second).rejects.toThrow(
      `Port ${sandbox.port} on 127.0.0.1 is in use: stop what uses it, or pick another with --port N (or PORT).`,
    );
  });

  it('lists the emails the bot wrote and shows an HTML one', async () => {
    await vi.waitFor(
      async () => {
        const rows = await db.sql`select id from outbox where channel = 'email'`;
        expect(rows.length).toBeGreaterThan(0);
      },
      { timeout: 5000 },
    );
    const [email] = await db.sql<{ id: number }[]>`
      select id::int from outbox where channel = 'email' order by id limit 1`;
    const mail = await ui(`user=${justin}&pane=mail&email=${email!.id}`);
    expect(Object.values(mail.sections).join('')).toMatch(/digest|due/i);
    const html = await fetch(new URL(`/sandbox/emails/${email!.id}/html`, sandbox.url));
    if (html.status === 200) {
      expect(html.headers.get('content-security-policy')).toMatch(/sandbox/);
    } else expect(html.status).toBe(404);
  });
});
