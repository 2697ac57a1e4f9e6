/**
 * `npm run bench:conversation -- [--seconds 60] [--rate 20]`: the demo portfolio in a fresh
 * database, `renubu sandbox`'s real bot (Bolt over HTTP, the outbox deliverer, the jobs) with
 * its fake Slack on loopback, and CSMs writing to Renubu in their DMs at the target rate:
 * questions and answers a CSM would write ("today", "list", "what's snoozed", "how is X
 * doing?", "why is X first?", "renewals this month", "help", a typo). Each message is sent as
 * the page's box sends it (POST /sandbox/act: a signed `message` event) and its reply is the
 * bot's next top-level message in that CSM's DM (the outbox keeps one DM's rows in order). A
 * latency runs from when the message was due, so a bot that falls behind is not flattered.
 * Prints `conversation: N messages in S s, reply p50 A ms, p99 B ms, unanswered U`.
 * Targets (issue 16): p50 under 100 ms, p99 under 500 ms, unanswered 0.
 * Uses DATABASE_URL's server when set (its own database, dropped after), else an embedded one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDemo } from '../src/cli/demo.ts';
import { loadSettings } from '../src/config.ts';
import { localDay } from '../src/domain/dates.ts';
import { createLogger } from '../src/logger.ts';
import { startSandbox } from '../src/sandbox/server.ts';
import { prepareDatabase } from '../src/workflows/default-definitions-sync.ts';
import { createScratchDatabase } from './scratch-db.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '20' },
  },
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
/** How long after the last message an answer may still come before it counts as unanswered. */
const DRAIN_MS = 5000;

const db = await createScratchDatabase('conversation', 8);
const home = await mkdtemp(join(tmpdir(), 'renubu-bench-conversation-'));
await prepareDatabase(db.sql);
const today = localDay(new Date(), 'UTC');
await loadDemo(db.sql, today, 'UTC');
const sandbox = await startSandbox({
  settings: loadSettings({ RENUBU_HOME: home, LOG_LEVEL: 'silent' }, home),
  database: { sql: db.sql, url: db.url, embedded: false, describe: 'bench', close: async () => {} },
  logger: createLogger('silent'),
  port: 0,
  outboxDir: join(home, 'outbox'),
});
await sandbox.runMorning();

// each CSM asks about customers of their own book (names are matched there only)
const rows = await db.sql<{ email: string; name: string }[]>`
  select m.email, c.name from customers c join csms m on m.id = c.csm_id order by c.id`;
const book = new Map<string, string[]>();
for (const row of rows) book.set(row.email, [...(book.get(row.email) ?? []), row.name]);
const phrases = (i: number, email: string): string => {
  const names = book.get(email) ?? ['Obsidian Black'];
  const name = names[Math.floor(i / 8) % names.length];
  const all = [
    'today',
    'list',
    "what's snoozed?",
    `how is ${name} doing?`,
    `why is ${name} first?`,
    'renewals this month',
    'help',
    'todya',
  ];
  return all[i % all.length] as string;
};

const botTopLevel = (user: string) =>
  sandbox.fake
    .messagesIn(user)
    .filter((m) => m.bot_id !== undefined && m.thread_ts === undefined && !m.files).length;

// Each CSM's messages waiting for their reply (due times), in the order they were written.
const waiting = new Map<string, number[]>();
const seen = new Map<string, number>();
for (const user of sandbox.users) seen.set(user.id, botTopLevel(user.id));
const latencies: number[] = [];
const watcher = setInterval(() => {
  for (const [user, due] of waiting) {
    const count = botTopLevel(user);
    const before = seen.get(user) ?? 0;
    for (let n = before; n < count && due.length > 0; n++) {
      latencies.push(performance.now() - (due.shift() as number));
    }
    seen.set(user, count);
  }
}, 2);

const act = async (user: string, text: string) => {
  const response = await fetch(new URL('/sandbox/act', sandbox.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', user, text }),
  });
  if (!response.ok) throw new Error(`act answered ${response.status}: ${await response.text()}`);
};

const total = Math.round(seconds * rate);
const started = performance.now();
const sends: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  const due = started + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const asker = sandbox.users[i % sandbox.users.length]!;
  const queue = waiting.get(asker.id) ?? [];
  queue.push(due);
  waiting.set(asker.id, queue);
  sends.push(act(asker.id, phrases(i, asker.email)));
}
await Promise.all(sends);
const sentFor = (performance.now() - started) / 1000;
const drainUntil = performance.now() + DRAIN_MS;
const left = () => [...waiting.values()].reduce((n, q) => n + q.length, 0);
while (left() > 0 && performance.now() < drainUntil) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
clearInterval(watcher);

const sorted = [...latencies].sort((a, b) => a - b);
const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
console.log(
  `conversation: ${total} messages in ${sentFor.toFixed(1)} s, reply p50 ${at(0.5).toFixed(0)} ms, ` +
    `p99 ${at(0.99).toFixed(0)} ms, unanswered ${left()}`,
);
await sandbox.stop();
await db.drop();
await rm(home, { recursive: true, force: true });
