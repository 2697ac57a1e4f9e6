/**
 * `npm run bench:events -- [--seconds 60] [--rate 500] [--warm-up 5] [--customers 1000] [--concurrency 64]`:
 * builds a portfolio in a fresh database, serves POST /events from a child process on
 * loopback, drives signed events (ticket, usage and contact, 5% re-sent on purpose) at the
 * target rate with bounded concurrency, then checks the database (every distinct event stored
 * once, no duplicate workflow or DM) and prints
 * `events: N sent in S s (R/s), p99 L ms, lost X, duplicated Y`.
 *
 * The target is a sustained rate, so the latencies are those after a warm-up at the same rate
 * (its own p99 is printed too: a freshly started server and its new PostgreSQL connections
 * are slower for their first seconds). Every event of both phases counts for lost and
 * duplicated. A latency runs from when the event was due to be sent, not from when the
 * driver got round to sending it, so a server that falls behind is not flattered.
 * Uses DATABASE_URL's server when set (its own database, dropped after), else an embedded one.
 * One file on purpose (longer than most): portfolio, server child, load driver and check are
 * only meaningful together, and `npm run bench:events` runs exactly this file.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/clock.ts';
import { connect, type Sql } from '../src/db/connection.ts';
import { createEventsHandler } from '../src/events/http.ts';
import { signEvent } from '../src/events/signature.ts';
import { createScratchDatabase } from './scratch-db.ts';

const SECRET = 'bench-secret-0123456789';
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    'warm-up': { type: 'string', default: '5' },
    rate: { type: 'string', default: '500' },
    customers: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '64' },
    pool: { type: 'string', default: '16' },
    serve: { type: 'string' },
  },
});

if (values.serve) await serve(values.serve, Number(values.pool));
else await main();

/** Child: the webhook on loopback, its port sent to the parent. */
async function serve(url: string, pool: number) {
  const sql = await connect(url, pool);
  const handler = createEventsHandler({ sql, secret: SECRET, clock: systemClock });
  const server = http.createServer({ keepAlive: true }, (req, res) => void handler(req, res));
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as { port: number }).port));
  // the parent asks how busy the server was: event-loop utilisation and CPU seconds
  process.on('message', () => {
    const cpu = process.cpuUsage();
    process.send?.({
      elu: performance.eventLoopUtilization().utilization,
      cpu: (cpu.user + cpu.system) / 1e6,
    });
  });
  process.on('disconnect', () => {
    server.close();
    void sql.end();
  });
}

async function buildPortfolio(sql: Sql, n: number) {
  await sql`insert into companies (external_id, name) values ('bench', 'Bench Co')`;
  await sql`
    insert into csms (company_id, external_id, name, email)
    select 1, 'csm-' || i, 'CSM ' || i, 'csm' || i || '@bench.example' from generate_series(1, 5) i`;
  await sql`
    insert into customers (company_id, external_id, name, csm_id, arr, seats, strategic)
    select 1, 'cust-' || i, 'Customer ' || i, 1 + i % 5, 5000 + (hashint4(i) & 1023) * 500,
           20 + (hashint4(i * 7) & 127), (i % 16) = 0
      from generate_series(1, ${n}) i`;
  await sql`
    insert into contracts (company_id, external_id, customer_id, start_date, renewal_date, arr)
    select 1, 'k-' || id, id, current_date - 300, current_date + (hashint4(id::int) & 255), arr
      from customers`;
  await sql`
    insert into contacts (company_id, external_id, customer_id, name, role, active)
    select 1, 'p-' || id || '-' || r, id, 'Contact ' || r, r, true
      from customers, unnest(array['champion', 'executive', 'user']) r`;
  await sql`
    insert into usage_daily (company_id, customer_id, day, active_users)
    select 1, id, current_date - d, seats / 2 from customers, generate_series(1, 60) d`;
  await sql`analyze`;
}

/** A deterministic stream of events: mostly new, some re-sent on purpose. */
function eventMaker(customers: number) {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const sent: string[] = [];
  let next = 0;
  const today = new Date().toISOString().slice(0, 10);
  return (): { id: string; body: string; repeat: boolean } => {
    if (sent.length > 10 && random() < 0.05) {
      const body = pick(sent);
      return { id: JSON.parse(body).id, body, repeat: true };
    }
    next += 1;
    const id = `bench-${next}`;
    const customer = `cust-${1 + Math.floor(random() * customers)}`;
    const occurred_at = new Date().toISOString();
    const kind = random();
    const [type, data] =
      kind < 0.4
        ? ['ticket.created', { priority: pick(['low', 'normal', 'normal', 'high', 'urgent']) }]
        : kind < 0.8
          ? ['usage.reported', { date: today, active_users: Math.floor(random() * 150) }]
          : [
              'contact.changed',
              {
                external_id: `p-${customer.slice(5)}-${pick(['champion', 'executive', 'user'])}`,
                active: random() < 0.5,
              },
            ];
    const body = JSON.stringify({ type, id, customer, occurred_at, data });
    sent.push(body);
    return { id, body, repeat: false };
  };
}

function send(agent: http.Agent, port: number, body: string) {
  const headers = signEvent(SECRET, body, Math.floor(Date.now() / 1000));
  return new Promise<{ status: number; replay: boolean }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/events', method: 'POST', agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            replay: res.headers['x-renubu-replay'] === 'true',
          }),
        );
      },
    );
    req.on('error', reject);
    req.setHeader('content-type', 'application/json');
    for (const [name, value] of Object.entries(headers)) req.setHeader(name, value);
    req.end(body);
  });
}

async function drive(
  agent: http.Agent,
  port: number,
  seconds: number,
  rate: number,
  concurrency: number,
  make: ReturnType<typeof eventMaker>,
  firstResults: Map<string, number>, // id → responses that were not replays (across phases)
  label: string,
) {
  const latencies: number[] = [];
  let failures = 0;
  let originals = 0;
  let launched = 0;
  let inFlight = 0;
  const total = Math.round(seconds * rate);
  const start = performance.now();
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      while (launched < due && inFlight < concurrency) {
        launched += 1;
        inFlight += 1;
        const event = make();
        if (!event.repeat) originals += 1;
        // when this event was due: a late send counts against the latency (no coordinated omission)
        const t0 = start + ((launched - 1) / rate) * 1000;
        send(agent, port, event.body)
          .then(({ status, replay }) => {
            latencies.push(performance.now() - t0);
            if (status !== 200) failures += 1;
            else if (!replay) firstResults.set(event.id, (firstResults.get(event.id) ?? 0) + 1);
          })
          .catch(() => {
            failures += 1;
          })
          .finally(() => {
            inFlight -= 1;
            if (launched === total && inFlight === 0) done();
          });
      }
      if (launched < total) setTimeout(tick, 2);
    };
    tick();
  });
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  const p99 = at(0.99);
  console.log(
    `${label}: latency p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${at(1).toFixed(1)} ms; load average ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')} on ${os.cpus().length} CPUs`,
  );
  return { sent: launched, elapsed, p99, failures, originals };
}

async function check(sql: Sql, originals: number, firstResults: Map<string, number>) {
  const [row] = await sql<
    {
      events: number;
      distinct_keys: number;
      extra_instances: number;
      dms: number;
      with_workflows: number;
    }[]
  >`
    select (select count(*)::int from events) as events,
           (select count(distinct event_key)::int from events) as distinct_keys,
           (select coalesce(sum(n - 1), 0)::int from (
              select count(*) as n from workflow_instances
               where status in ('open', 'in_progress', 'snoozed')
               group by customer_id, trigger, cycle_key) g) as extra_instances,
           (select count(*)::int from outbox where kind = 'event_workflow') as dms,
           (select count(*)::int from events where jsonb_array_length(result->'workflows') > 0) as with_workflows`;
  const r = row!;
  const twice = [...firstResults.values()].filter((n) => n > 1).length;
  const lost = Math.max(0, originals - r.distinct_keys);
  const duplicated =
    r.events - r.distinct_keys + r.extra_instances + Math.abs(r.dms - r.with_workflows) + twice;
  console.log(
    `stored ${r.events} events, ${r.with_workflows} with a workflow, ${r.dms} DMs queued`,
  );
  return { lost, duplicated };
}

async function main() {
  const db = await createScratchDatabase('events', 2);
  const { sql, url } = db;
  const child = fork(new URL(import.meta.url).pathname, ['--serve', url, '--pool', values.pool]);
  try {
    await buildPortfolio(sql, Number(values.customers));
    const port = await new Promise<number>((resolve) =>
      child.once('message', (p) => resolve(Number(p))),
    );
    const rate = Number(values.rate);
    const concurrency = Number(values.concurrency);
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const make = eventMaker(Number(values.customers));
    const firstResults = new Map<string, number>();
    const warmUpSeconds = Number(values['warm-up']);
    const warm =
      warmUpSeconds > 0
        ? await drive(agent, port, warmUpSeconds, rate, concurrency, make, firstResults, 'warm-up')
        : { sent: 0, failures: 0, originals: 0, p99: 0 };
    if (warm.sent > 0) {
      console.log(`warm-up: ${warm.sent} sent, p99 ${warm.p99.toFixed(1)} ms (not in the figure)`);
    }
    const run = await drive(
      agent,
      port,
      Number(values.seconds),
      rate,
      concurrency,
      make,
      firstResults,
      'measured',
    );
    agent.destroy();
    child.send('stats');
    const stats = await new Promise<{ elu: number; cpu: number }>((resolve) =>
      child.once('message', resolve as never),
    );
    console.log(
      `server: event loop ${(stats.elu * 100).toFixed(0)}% busy, ${stats.cpu.toFixed(1)} CPU s`,
    );
    const failures = warm.failures + run.failures;
    if (failures > 0) console.log(`${failures} requests failed`);
    const originals = warm.originals + run.originals;
    const { lost, duplicated } = await check(sql, originals, firstResults);
    console.log(
      `events: ${run.sent} sent in ${run.elapsed.toFixed(1)} s (${Math.round(run.sent / run.elapsed)}/s), p99 ${run.p99.toFixed(1)} ms, lost ${lost}, duplicated ${duplicated}`,
    );
  } finally {
    child.disconnect();
    await db.drop();
  }
}
