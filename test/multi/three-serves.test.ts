/**
 * Many processes, one database (issue 14, item 5): three real `renubu serve` processes on one
 * database and one fake Slack, each on its own port, share the work. Each job runs once (the
 * morning DM of each CSM, the wake-up of a snoozed step), each event is handled once whichever
 * process receives it, a click or a Slack retry that lands on another process acts once, and
 * every DM is sent once (the fake's chat.postMessage calls carry unique outbox keys). Time is
 * the test's clock, shared by the three through a file (test/multi/serve-worker.ts).
 * Found here: a job run late leased its DM as of its due time, so another process took the
 * row over and sent it again (test/multi/job-lease.test.ts pins it down).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACTION } from '../../blocks/action-ids.ts';
import { DAILY_RUN } from '../../jobs/daily-run.ts';
import { signEvent } from '../../src/events/signature.ts';
import { findElement } from '../../src/sandbox/slack/slack-payloads.ts';
import { OUTBOX_EVENT_TYPE } from '../../src/slack/outbox-sender.ts';
import { applyStepAction } from '../../src/workflows/step-actions.ts';
import {
  createSlackDriver,
  type FakeSlack,
  type RecordedCall,
  type SlackDriver,
} from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { type Seeded, seedExecution } from '../jobs/fixture.ts';
import { NOON, SECRET, slackEnv, startWorldSlack, USERS } from '../slack/world.ts';

const WEBHOOK_SECRET = 'events-webhook-secret-for-three-serves';
/** Ana's current step is snoozed until an hour after noon (her wake-up job). */
const WAKE_AT = new Date(NOON.getTime() + 60 * 60_000);
/** The next morning after 06:00 for Ana (New York) and Ben (UTC): every daily run is due. */
const NEXT_MORNING = new Date('2026-11-26T11:00:30Z');
/** Sunday after the weekly review (05:00 UTC) and every CSM's morning. */
const SUNDAY = new Date('2026-11-29T12:00:00Z');

interface Server {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

let db: TestDatabase;
let fake: FakeSlack;
let seeded: Seeded;
let clockDir: string;
let clockFile: string;
let servers: Server[] = [];
/** Every process started, also one whose start-up failed: all are ended after the tests. */
const children: { child: ChildProcess; exited: Promise<unknown> }[] = [];
let drivers: SlackDriver[] = [];

async function setClock(at: Date): Promise<void> {
  // written whole, then renamed: a process never reads half an instant
  const next = `${clockFile}.next`;
  await writeFile(next, at.toISOString());
  await rename(next, clockFile);
}

/** `renubu serve --port 0` as its own process; resolves once it says which port it serves. */
function startServer(n: number): Promise<Server> {
  const env = slackEnv(db.url, fake, {
    EVENTS_WEBHOOK_SECRET: WEBHOOK_SECRET,
    DATABASE_POOL_MAX: '6',
    LOG_LEVEL: 'warn',
    RENUBU_TEST_CLOCK_FILE: clockFile,
    RENUBU_HOME: path.join(clockDir, `home-${n}`),
  });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/multi/serve-worker.ts', 'serve', '--port', '0'],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  children.push({ child, exited });
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /serving on port (\d+)/.exec(output)?.[1];
      if (port) resolve({ child, port: Number(port), output: () => output, exited });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then((code) => reject(new Error(`serve ${n} exited (${code}):\n${output}`)));
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startWorldSlack();
  seeded = await seedExecution(db.sql);
  await db.sql`update csms set slack_user_id = ${USERS.ana.id} where id = ${seeded.anaId}`;
  // Ana's current step snoozed: each process finds the wake-up when it starts
  await applyStepAction(
    db.sql,
    {
      executionId: seeded.executionId,
      stepIndex: 2,
      actorCsmId: seeded.anaId,
      now: NOON,
      source: 'command' as const,
    },
    { action: 'snooze', until: WAKE_AT, event: null, reason: 'waiting for finance' },
  );
  clockDir = await mkdtemp(path.join(tmpdir(), 'renubu-three-'));
  clockFile = path.join(clockDir, 'clock');
  await setClock(NOON);
  servers = await Promise.all([1, 2, 3].map(startServer));
  drivers = servers.map(({ port }) =>
    createSlackDriver({ baseUrl: `http://127.0.0.1:${port}`, signingSecret: SECRET, fake }),
  );
}, 40_000);

afterAll(async () => {
  for (const { child } of children) child.kill('SIGTERM');
  await Promise.all(children.map(({ exited }) => exited));
  await fake?.close();
  await db?.drop();
  if (clockDir) await rm(clockDir, { recursive: true, force: true });
}, 20_000);

const keyOf = (call: RecordedCall) => {
  const metadata = call.args.metadata as
    | { event_type?: string; event_payload?: { key?: string } }
    | undefined;
  return metadata?.event_type === OUTBOX_EVENT_TYPE ? metadata.event_payload?.key : undefined;
};

/** The outbox keys the fake Slack was sent (chat.postMessage), with how often each. */
function sentKeys(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of fake.callsTo('chat.postMessage')) {
    const key = keyOf(call);
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The Continue button (`<slide>.next`) in a message's blocks, if it has one. */
function nextButton(blocks: unknown): { actionId: string; value: string } | undefined {
  const found = /"action_id":"([a-z0-9-]+\.next)"/.exec(JSON.stringify(blocks ?? []));
  const element = found ? findElement(blocks, found[1]!)?.element : undefined;
  return element ? { actionId: found![1]!, value: String(element.value) } : undefined;
}

const twice = () => [...sentKeys()].filter(([, n]) => n > 1).map(([key]) => key);

/**
 * Every DM went out once, and to each recipient in the order it was enqueued (whichever
 * process sent it): the keys of the fake's chat.postMessage calls against the outbox rows.
 */
async function deliveredOnceInOrder(): Promise<void> {
  expect(twice(), 'sent more than once').toEqual([]);
  const rows = await db.sql<{ id: number; key: string; recipient: string }[]>`
    select id::int, idempotency_key as key, recipient from outbox where channel = 'slack'`;
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const order = new Map<string, number[]>();
  for (const call of fake.callsTo('chat.postMessage')) {
    const row = byKey.get(keyOf(call) ?? '');
    if (row) order.set(row.recipient, [...(order.get(row.recipient) ?? []), row.id]);
  }
  for (const [recipient, ids] of order) {
    expect(ids, `the DMs to ${recipient} in order`).toEqual([...ids].sort((a, b) => a - b));
  }
}

/** POST /events, signed, to one process. */
async function postEvent(port: number, body: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signEvent(WEBHOOK_SECRET, body, Math.floor(NOON.getTime() / 1000)),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

function ticket(n: number, customer: string): string {
  return JSON.stringify({
    type: 'ticket.created',
    id: `evt-three-${n}`,
    customer,
    occurred_at: new Date(NOON.getTime() + n * 1000).toISOString(),
    data: { external_id: `tk-three-${n}`, priority: 'urgent', subject: `Outage ${n}` },
  });
}

/** The same body to every process at once. */
function postEverywhere(body: string): Promise<number[]> {
  return Promise.all(servers.map(({ port }) => postEvent(port, body)));
}

/** Nothing is left to send or being sent: every process had its go. */
async function settled(): Promise<void> {
  await vi.waitFor(
    async () => {
      const [row] = await db.sql<{ n: number }[]>`
        select count(*)::int as n from outbox where status <> 'sent'`;
      expect(row!.n).toBe(0);
    },
    { timeout: 15_000, interval: 100 },
  );
  // a process that would send a row again has had time to (each polls within a second)
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

describe('three renubu serve on one database', () => {
  it('handle an event posted to all three at once once: one workflow, one DM', async () => {
    const body = ticket(1, 'umbrella');
    const statuses = await postEverywhere(body);
    expect(
      statuses.every((status) => status === 200 || status === 202),
      String(statuses),
    ).toBe(true);
    const instances = await db.sql`
      select w.id from workflow_instances w join customers c on c.id = w.customer_id
       where c.external_id = 'umbrella' and w.type = 'risk-escalation'`;
    expect(instances).toHaveLength(1);
    const [events] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from events where event_key = 'evt-three-1'`;
    expect(events!.n).toBe(1);
    await settled();
    const dms = fake.messagesIn(USERS.ben.id).filter((m) => m.text?.includes('tk-three-1'));
    expect(dms.map((m) => m.text)).toHaveLength(1);
    await deliveredOnceInOrder();
  }, 30_000);

  it('keep a burst quiet when its events reach different processes: one DM, replies', async () => {
    const statuses = await Promise.all(
      servers.map(({ port }, n) => postEvent(port, ticket(2 + n, 'globex'))),
    );
    expect(statuses).toEqual([200, 200, 200]);
    await settled();
    const rows = await db.sql<{ kind: string; n: number }[]>`
      select kind, count(*)::int as n from outbox
       where idempotency_key in ('event:1:evt-three-2', 'event:1:evt-three-3', 'event:1:evt-three-4')
       group by kind order by kind`;
    expect(rows).toEqual([
      { kind: 'event_burst_reply', n: 2 },
      { kind: 'event_workflow', n: 1 },
    ]);
    const top = fake
      .messagesIn(USERS.ana.id)
      .filter((m) => m.thread_ts === undefined && /tk-three-[234]/.test(m.text ?? ''));
    expect(top.map((m) => m.text)).toHaveLength(1);
    await deliveredOnceInOrder();
  }, 30_000);

  it('run each job once: one morning DM per CSM, one wake-up DM', async () => {
    await setClock(NEXT_MORNING);
    await vi.waitFor(
      async () => {
        // every CSM's daily run done and its next one tomorrow
        const [left] = await db.sql<{ n: number }[]>`
          select count(*)::int as n from agenda_jobs
           where name = ${DAILY_RUN} and (locked_at is not null or next_run_at <= ${NEXT_MORNING})`;
        expect(left!.n).toBe(0);
        const wake = await db.sql`select 1 from agenda_jobs where name = 'snooze-wakeup'`;
        expect(wake).toHaveLength(0);
      },
      { timeout: 25_000, interval: 200 },
    );
    await settled();
    // one morning DM in each CSM's DM with the bot, though three processes ran the jobs
    for (const user of [USERS.ana.id, USERS.ben.id]) {
      const mornings = fake.messagesIn(user).filter((m) => {
        const key = (m.metadata?.event_payload as { key?: string } | undefined)?.key;
        return m.metadata?.event_type === OUTBOX_EVENT_TYPE && key?.startsWith('morning:');
      });
      expect(
        mornings.map((m) => m.text),
        `the morning DM to ${user}`,
      ).toHaveLength(1);
    }
    const keys = [...sentKeys().keys()];
    const wakes = keys.filter((key) => key.startsWith(`wake:${seeded.executionId}:2:`));
    expect(wakes, keys.join(', ')).toHaveLength(1);
    await deliveredOnceInOrder();
    const [runs] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from workflow_step_actions
       where execution_id = ${seeded.executionId} and action_type = 'wake'`;
    expect(runs!.n).toBe(1);
  }, 45_000);

  it('act once on a Slack retry to another process, and on one click that reaches all three', async () => {
    // Slack delivers app_home_opened to one process, then retries it to the other two
    const published = () =>
      fake.callsTo('views.publish').filter((call) => call.args.user_id === USERS.ben.id).length;
    const event = { type: 'app_home_opened', user: USERS.ben.id, channel: 'D0BEN', tab: 'home' };
    const first = await drivers[0]!.event(event, { eventId: 'Ev0THREE001' });
    const retries = await Promise.all(
      drivers.slice(1).map((slack) => slack.event(event, { eventId: 'Ev0THREE001', retryNum: 1 })),
    );
    expect([first, ...retries].map((reply) => reply.status)).toEqual([200, 200, 200]);
    await vi.waitFor(() => expect(published()).toBe(1), { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(published()).toBe(1);

    // "Let's Begin" on the Home tab, the same click arriving at all three processes
    const view = fake.homeOf(USERS.ben.id)!;
    const begin = findElement(view.blocks, ACTION.begin);
    expect(begin, 'the Home tab offers "Let\'s Begin"').toBeDefined();
    const value = begin!.element.value as string;
    const rootsBefore = fake
      .messagesIn(USERS.ben.id)
      .filter((m) => m.thread_ts === undefined).length;
    const replies = await Promise.all(
      drivers.map((slack) =>
        slack.blockAction(USERS.ben.id, { actionId: ACTION.begin, value, view }),
      ),
    );
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
    await vi.waitFor(
      async () => {
        const [row] = await db.sql<{ n: number; threads: number }[]>`
          select count(*)::int as n, count(slack_thread_ts)::int as threads
            from workflow_executions where workflow_instance_id = ${Number(value)}`;
        expect(row).toEqual({ n: 1, threads: 1 });
      },
      { timeout: 10_000, interval: 100 },
    );
    await settled();
    const roots = () => fake.messagesIn(USERS.ben.id).filter((m) => m.thread_ts === undefined);
    expect(
      roots()
        .slice(rootsBefore)
        .map((m) => m.text),
      'one thread opened',
    ).toHaveLength(1);
    await deliveredOnceInOrder();

    // Continue on the thread's first step, clicked once and reaching all three processes
    const [execution] = await db.sql<{ id: number }[]>`
      select id::int from workflow_executions where workflow_instance_id = ${Number(value)}`;
    const step = fake.messagesIn(USERS.ben.id).find((m) => nextButton(m.blocks) !== undefined);
    expect(step, 'the first step offers Continue').toBeDefined();
    const next = nextButton(step!.blocks)!;
    const message = { ts: step!.ts, channel: step!.channel, thread_ts: step!.thread_ts };
    const clicks = await Promise.all(
      drivers.map((slack) =>
        slack.blockAction(USERS.ben.id, { actionId: next.actionId, value: next.value, message }),
      ),
    );
    expect(clicks.map((reply) => reply.status)).toEqual([200, 200, 200]);
    await settled();
    const [moved] = await db.sql<{ current_step: number }[]>`
      select current_step from workflow_executions where id = ${execution!.id}`;
    expect(moved!.current_step, 'the workflow moved one step, not three').toBe(1);
    const done = await db.sql`
      select step_index from workflow_step_states
       where execution_id = ${execution!.id} and status = 'completed'`;
    expect(done).toEqual([{ step_index: 0 }]);
    await deliveredOnceInOrder();
  }, 30_000);

  it('run a week of jobs once when the clock jumps to Sunday', async () => {
    await setClock(SUNDAY);
    await vi.waitFor(
      async () => {
        const [left] = await db.sql<{ n: number }[]>`
          select count(*)::int as n from agenda_jobs
           where locked_at is not null or next_run_at <= ${SUNDAY}`;
        expect(left!.n).toBe(0);
      },
      { timeout: 25_000, interval: 200 },
    );
    await settled();
    const mornings = await db.sql<{ key: string }[]>`
      select idempotency_key as key from outbox where kind = 'morning_dm' order by 1`;
    // Ana and Ben (Ida is all clear), each morning from the 26th to Sunday the 29th
    expect(mornings.length).toBeGreaterThanOrEqual(8);
    // each email written once, by one of the three (no SMTP: .eml files under its home)
    const emails = await db.sql<{ key: string }[]>`
      select idempotency_key as key from outbox where channel = 'email' and status = 'sent'`;
    expect(emails.length, 'the weekly forecast emails').toBeGreaterThan(0);
    const files = (await readdir(clockDir, { recursive: true })).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(emails.length);
    await deliveredOnceInOrder();
  }, 45_000);
});
