/**
 * `npm run bench:daily -- --customers N`: builds a portfolio of N customers (60 days of daily
 * usage, tickets, contacts, one CSM per 200 customers) in a fresh database, runs the daily
 * run once, and prints `daily-run: N customers in S s (R customers/s), peak RSS M MiB`.
 * Uses DATABASE_URL's server when set (creating and dropping its own database), else a
 * throwaway embedded PostgreSQL.
 *
 * `--keep` keeps the built portfolio (one database per customer count and date) and reuses
 * it on the next run with `--keep`: the rows the daily run wrote are emptied first, so each
 * run starts from the same state as a fresh build, without the minutes of building.
 *
 * `--parts N` splits the run into N transactions side by side (`DailyRunOptions.parts`; by
 * default the run decides: two at this size), `--parts 1` measures it in one.
 */
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Sql } from '../src/db/connection.ts';
import { ensureUsageRollups } from '../src/db/usage-rollups.ts';
import { addDays } from '../src/domain/dates.ts';
import { DEFAULT_SETTINGS } from '../src/domain/index.ts';
import { runDaily } from '../src/engine/daily-run.ts';
import { createScratchDatabase } from './scratch-db.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    'as-of': { type: 'string', default: '2026-11-25' },
    keep: { type: 'boolean', default: false },
    dump: { type: 'string' },
    'next-day': { type: 'boolean', default: false },
    parts: { type: 'string' },
  },
});
const customers = Number(values.customers);
const parts = values.parts === undefined ? undefined : Number(values.parts);
const asOf = values['as-of'];
if (!Number.isInteger(customers) || customers < 1) {
  console.error('--customers takes a whole number above 0');
  process.exit(2);
}
if (parts !== undefined && (!Number.isInteger(parts) || parts < 1)) {
  console.error(
    '--parts takes a whole number above 0 (transactions side by side; default: the run decides)',
  );
  process.exit(2);
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);

async function buildPortfolio(db: Sql, n: number) {
  // Bulk-building the portfolio is not what is measured: skip per-row FK triggers for it.
  await db.begin(async (sql) => {
    await sql`set local session_replication_role = replica`;
    await buildRows(sql as unknown as Sql, n);
    await sql`create table bench_portfolio (customers int not null, as_of date not null)`;
    await sql`insert into bench_portfolio values (${n}, ${asOf})`;
  });
  await priorDays(db);
  await settle(db);
}

/**
 * The usage rollups as the three days before leave them (src/db/usage-rollups.ts): the
 * timed run slides them one day, as a daily run does every day, and drops the oldest.
 */
async function priorDays(db: Sql) {
  await db`truncate usage_rollups, usage_rollup_days`;
  const days = [3, 2, 1].map((n) => addDays(asOf, -n));
  await ensureUsageRollups(db, 1, days, DEFAULT_SETTINGS.windows.usageDays);
}

/**
 * The floor the run is measured against: one plain statement that reads the run's inputs
 * (60 days of usage, the tickets of 90 days, the current contract) and writes one score row
 * per customer, shaped as score_history, into a scratch table. Seconds it took.
 */
async function floorSeconds(db: Sql): Promise<number> {
  const w = DEFAULT_SETTINGS.windows.usageDays;
  await db`drop table if exists bench_floor_scores`;
  await db`create table bench_floor_scores (like score_history including all)`;
  const start = performance.now();
  await db.begin(async (sql) => {
    await sql`select set_config('work_mem', '128MB', true)`;
    await sql`
      insert into bench_floor_scores (
        company_id, customer_id, as_of, health_score, risk_score, opportunity_score,
        usage_trend_pct, sentiment, contract_status, days_to_renewal)
      select c.company_id, c.id, ${asOf}::date,
             least(100, greatest(0, 50 + coalesce(u.last30 - u.prev30, 0) / greatest(u.prev30, 1) * 50)),
             least(10, greatest(0, 5 - coalesce(t.sentiment, 0) * 5)),
             least(10, greatest(0, coalesce(u.last30, 0) / greatest(c.seats * ${w}, 1) * 10)),
             coalesce((u.last30 - u.prev30) / greatest(u.prev30, 1) * 100, 0),
             case when t.sentiment > 0.2 then 'positive' when t.sentiment < -0.2 then 'negative'
                  else 'neutral' end,
             coalesce(k.status, 'none'), k.renewal_date - ${asOf}::date
        from customers c
        left join (
          select customer_id,
                 sum(active_users) filter (where day >= ${addDays(asOf, -w)}::date)::float8 as last30,
                 sum(active_users) filter (where day < ${addDays(asOf, -w)}::date)::float8 as prev30
            from usage_daily
           where company_id = 1 and day >= ${addDays(asOf, -2 * w)}::date and day < ${asOf}::date
           group by customer_id) u on u.customer_id = c.id
        left join (
          select customer_id, avg(sentiment) as sentiment
            from tickets
           where opened_at >= ${addDays(asOf, -DEFAULT_SETTINGS.windows.sentimentDays)}::date
             and opened_at < ${asOf}::date
           group by customer_id) t on t.customer_id = c.id
        left join (
          select distinct on (customer_id) customer_id, status, renewal_date
            from contracts order by customer_id, renewal_date desc) k on k.customer_id = c.id
       where c.company_id = 1`;
  });
  return (performance.now() - start) / 1000;
}

/**
 * Leave the bulk-built tables as a day of imports and autovacuum leave them, not as the
 * first reader after an 8-minute bulk load finds them: vacuumed (hint bits and visibility
 * map set) and analysed, and the build's dirty pages checkpointed, so the timed run does
 * not pay for the build (at 1M customers that was 20 s of a 114 s run, all in the first
 * read of usage_daily).
 */
async function settle(db: Sql) {
  await db`vacuum (analyze)`;
  // needs superuser or pg_checkpoint on a DATABASE_URL server; without it, skip
  await db`checkpoint`.catch(() => undefined);
}

async function buildRows(sql: Sql, n: number) {
  const csms = Math.max(1, Math.ceil(n / 200));
  const zones = ['America/New_York', 'Europe/London', 'Asia/Singapore', 'America/Los_Angeles'];
  await sql`insert into companies (external_id, name) values ('bench', 'Bench Co')`;
  await sql`
    insert into csms (company_id, external_id, name, email, timezone)
    select 1, 'csm-' || i, 'CSM ' || i, 'csm' || i || '@bench.example',
           (${zones}::text[])[1 + i % 4]
      from generate_series(1, ${csms}) i`;
  await sql`
    insert into customers (company_id, external_id, name, csm_id, arr, seats, account_plan, strategic)
    select 1, 'cust-' || i, 'Customer ' || i, 1 + (i - 1) / 200,
           (5000 + (hashint4(i) & 1023) * 500)::numeric, 10 + (hashint4(i * 7) & 255),
           (array['maintain', 'invest', 'expand', 'at_risk', null])[1 + (hashint4(i * 3) & 3)],
           (hashint4(i * 11) & 15) = 0
      from generate_series(1, ${n}) i`;
  await sql`
    insert into contracts (company_id, external_id, customer_id, start_date, renewal_date, arr, status)
    select 1, 'k-' || id, id, ${asOf}::date - 300,
           ${asOf}::date - 20 + (hashint4(id::int * 13) & 511), arr,
           (array['active', 'active', 'active', 'active', 'active', 'active', 'renewed', 'churned'])
             [1 + (hashint4(id::int * 17) & 7)]
      from customers`;
  await sql`
    insert into contacts (company_id, external_id, customer_id, name, role, active)
    select 1, 'p-' || id || '-' || r, id, 'Contact ' || r, r, (hashint4(id::int * 19 + length(r)) & 7) <> 0
      from customers, unnest(array['champion', 'executive', 'user']) r`;
  await sql`
    insert into tickets (company_id, external_id, customer_id, opened_at, priority, status, sentiment)
    select 1, 't-' || id || '-' || j, id, ${asOf}::date - (hashint4(id::int * 23 + j) & 63),
           (array['low', 'normal', 'high', 'urgent'])[1 + (hashint4(id::int * 29 + j) & 3)],
           (array['open', 'pending', 'solved', 'solved'])[1 + (hashint4(id::int * 31 + j) & 3)],
           ((hashint4(id::int * 37 + j) & 200) - 100) / 100.0
      from customers, generate_series(1, 2) j`;
  // A day at a time, oldest first, as daily imports and usage events leave it: each day's
  // rows together on disk (what sliding the rollups by a day reads), not spread over every page.
  for (let d = 60; d >= 1; d -= 1) {
    await sql`
      insert into usage_daily (company_id, customer_id, day, active_users, events)
      select 1, c.id, ${asOf}::date - ${d}::int,
             greatest(0, (c.seats * 0.6 * (1 + ((hashint4(c.id::int) & 63) - 32) / 100.0 * (60 - ${d}::int) / 60))::int),
             c.seats * 12
        from customers c order by c.id`;
  }
}

/** A kept portfolio built by an earlier run (its build committed as a whole, or not at all). */
async function builtBefore(db: Sql): Promise<boolean> {
  const [table] = await db`select to_regclass('bench_portfolio') is not null as found`;
  if (!table?.found) return false;
  const [built] = await db`
    select 1 from bench_portfolio where customers = ${customers} and as_of = ${asOf}`;
  return Boolean(built);
}

/** Empty what the daily run writes, as a fresh build leaves it. */
async function resetRunOutputs(db: Sql) {
  await db`truncate score_history, workflow_instances, renewals restart identity cascade`;
  await priorDays(db);
  await settle(db);
}

/**
 * `--dump FILE`: what the run wrote (score history, workflow instances, renewals) and its
 * summaries, sorted, as text: two runs of different code on one portfolio compare with diff.
 */
async function dumpOutputs(sql: Sql, file: string, summaries: unknown) {
  const scores = await sql`
    select customer_id, as_of::text, health_score, health_components, risk_score,
           opportunity_score, usage_trend_pct, sentiment, contract_status, days_to_renewal, stage
      from score_history order by customer_id, as_of`;
  const instances = await sql`
    select customer_id, csm_id, type, trigger, cycle_key, stage, status, priority_score,
           factors, created_on::text, updated_on::text, history
      from workflow_instances order by customer_id, trigger, cycle_key, type`;
  const renewals = await sql`
    select customer_id, contract_id, renewal_date::text, stage, current_arr, status
      from renewals order by contract_id, renewal_date`;
  const lines = [
    ...scores.map((row) => `score ${JSON.stringify(row)}`),
    ...instances.map((row) => `instance ${JSON.stringify(row)}`),
    ...renewals.map((row) => `renewal ${JSON.stringify(row)}`),
    `summaries ${JSON.stringify(summaries)}`,
  ];
  await fs.writeFile(file, `${lines.join('\n')}\n`);
  console.log(`dumped ${lines.length} lines to ${file}`);
}

/** One daily run of the bench company as of `day` at 06:00 UTC, its phases printed; seconds and result. */
async function timedRun(sql: Sql, day: string) {
  const start = performance.now();
  const result = await runDaily(sql, {
    companyId: 1,
    asOf: day,
    now: new Date(`${day}T06:00:00Z`),
    csmId: null,
    dryRun: false,
    settings: DEFAULT_SETTINGS,
    ...(parts === undefined ? {} : { parts }),
    onPhase: (name, ms) => console.log(`  ${name}: ${(ms / 1000).toFixed(2)} s`),
  });
  return { seconds: (performance.now() - start) / 1000, result };
}

/**
 * `--next-day`: the run of the day after, timed the same way, once the first is measured:
 * its workflow instances are mostly there already (updated, moved or closed, few created),
 * as on every day but a portfolio's first. Its usage rollups slide by a day more.
 */
async function nextDay(sql: Sql) {
  const { seconds, result } = await timedRun(sql, addDays(asOf, 1));
  const { created, updated, closed, moved } = result.changes;
  console.log(
    `next day: ${created} created, ${updated} updated (${moved.length} moved), ${closed} closed`,
  );
  console.log(
    `daily-run, next day: ${result.customers} customers in ${seconds.toFixed(2)} s (${Math.round(result.customers / seconds)} customers/s)`,
  );
}

async function main() {
  const key = values.keep ? `${customers}_${asOf}` : undefined;
  const db = await createScratchDatabase('daily', 4, key);
  const sql = db.sql;
  try {
    if (db.reused && (await builtBefore(sql))) {
      await resetRunOutputs(sql);
      console.log(`reusing the kept portfolio of ${customers} customers`);
    } else {
      const buildStart = performance.now();
      await buildPortfolio(sql, customers);
      const buildSeconds = (performance.now() - buildStart) / 1000;
      console.log(
        `built ${customers} customers with 60 days of usage in ${buildSeconds.toFixed(1)} s`,
      );
    }
    peakRss = process.memoryUsage.rss();
    const { seconds, result } = await timedRun(sql, asOf);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    console.log(
      `workflows: ${result.workflows} decided, ${result.changes.created} created; ${result.summaries.length} CSM summaries`,
    );
    console.log(
      `daily-run: ${result.customers} customers in ${seconds.toFixed(2)} s (${Math.round(result.customers / seconds)} customers/s), peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`,
    );
    const floor = await floorSeconds(sql);
    console.log(`floor: ${floor.toFixed(2)} s, ratio ${(seconds / floor).toFixed(2)}`);
    if (values.dump) await dumpOutputs(sql, values.dump, result.summaries);
    if (values['next-day']) await nextDay(sql);
  } finally {
    await db.drop();
  }
}

await main();
