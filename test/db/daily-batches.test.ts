/**
 * The daily run writes batch by batch (issue 19): each batch's scores straight into the score
 * history and its decisions into the workflow instances, by the batch's range of customers;
 * a large company's run is split into ranges of customers written side by side in
 * transactions of their own. The same portfolio run in batches of 7 customers, in one batch,
 * and in two parts of batches of 7 comes out the same, day after day: scores, instances
 * opened, moved, kept and closed, renewals and summaries; and a second run on the same day
 * replaces that day's scores instead of adding to them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/db/connection.ts';
import { runDaily } from '../../src/engine/daily-run.ts';
import { companyDay, seedOneCsmCompany } from '../helpers/daily-options.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedFormulaPortfolio } from '../helpers/formula-portfolio.ts';

const CUSTOMERS = 60;
const DAYS = ['2026-11-24', '2026-11-25', '2026-11-26'];

/** Between days: some contracts renewed, some customers' usage collapses (triggers come and go). */
async function changeBetweenDays(sql: Sql, day: number) {
  await sql`update contracts set status = 'renewed' where customer_id % 9 = ${day}`;
  await sql`update usage_daily set active_users = 0 where customer_id % 7 = ${day}`;
}

/** What the runs wrote, without instance ids (assigned in write order) and record times. */
async function outputs(sql: Sql) {
  const scores = await sql`
    select customer_id, as_of::text, health_score, health_components, risk_score,
           opportunity_score, usage_trend_pct, sentiment, contract_status, days_to_renewal, stage
      from score_history order by customer_id, as_of`;
  const instances = await sql`
    select customer_id, csm_id, type, trigger, cycle_key, stage, status, priority_score, factors,
           created_on::text, updated_on::text, closed_reason, history
      from workflow_instances order by customer_id, trigger, cycle_key, type, created_on`;
  const renewals = await sql`
    select customer_id, contract_id, renewal_date::text, stage, current_arr, status
      from renewals order by contract_id, renewal_date`;
  return { scores, instances, renewals };
}

function withoutIds(summaries: unknown): unknown {
  return JSON.parse(JSON.stringify(summaries), (key, value) =>
    key === 'instanceId' ? undefined : value,
  );
}

interface Trace {
  days: { customers: number; changes: unknown; summaries: unknown }[];
  final: Awaited<ReturnType<typeof outputs>>;
}

async function runDays(
  db: TestDatabase,
  batchSize: number | undefined,
  parts: number,
  ownDays = false,
): Promise<Trace> {
  await seedFormulaPortfolio(db.sql, { csms: 3, customers: CUSTOMERS, zones: ['UTC'] });
  const days: Trace['days'] = [];
  for (const [i, asOf] of DAYS.entries()) {
    if (i > 0) await changeBetweenDays(db.sql, i);
    // twice on the same day: the second run replaces the first's scores and changes nothing
    for (let run = 0; run < 2; run++) {
      const result = await runDaily(db.sql, {
        ...companyDay(asOf, { batchSize, parts }),
        // each CSM's own today at 06:00 UTC (all in UTC): the same day
        ...(ownDays ? { asOf: null } : {}),
      });
      days.push({
        customers: result.customers,
        changes: result.changes,
        summaries: withoutIds(result.summaries),
      });
    }
  }
  return { days, final: await outputs(db.sql) };
}

const dbs: TestDatabase[] = [];
let small: Trace;
let whole: Trace;
let split: Trace;
let splitOwnDays: Trace;

beforeAll(async () => {
  for (let i = 0; i < 4; i++) dbs.push(await createTestDatabase());
  small = await runDays(dbs[0]!, 7, 1);
  whole = await runDays(dbs[1]!, undefined, 1);
  split = await runDays(dbs[2]!, 7, 2);
  splitOwnDays = await runDays(dbs[3]!, 7, 2, true);
}, 180_000);

afterAll(async () => {
  for (const db of dbs) await db.drop();
});

describe('the daily run in batches', () => {
  it('writes the same scores, instances and renewals in batches of 7 as in one batch', () => {
    expect(small.final.scores).toHaveLength(CUSTOMERS * DAYS.length);
    expect(small.final).toEqual(whole.final);
  });

  it('reports the same changes and summaries, run by run', () => {
    expect(small.days).toEqual(whole.days);
  });

  it('writes and reports the same in two parts side by side as in one', () => {
    expect(split.final).toEqual(whole.final);
    expect(split.days).toEqual(whole.days);
  });

  it("and in two parts on each CSM's own day (no fixed date, as the command line runs)", () => {
    expect(splitOwnDays.final).toEqual(whole.final);
    expect(splitOwnDays.days).toEqual(whole.days);
  });

  it('stores factors and health components as the engine wrote them, not parsed into jsonb', async () => {
    const [row] = await dbs[0]!.sql<{ factors: string; components: string; types: string[] }[]>`
      select w.factors::text as factors, h.health_components::text as components,
             array[pg_typeof(w.factors)::text, pg_typeof(h.health_components)::text] as types
        from workflow_instances w
        join score_history h on h.customer_id = w.customer_id
       order by w.id, h.as_of limit 1`;
    expect(row!.types).toEqual(['json', 'json']);
    // the engine's compact text, its keys in its order (the inputs last): jsonb would have
    // reordered and spaced them
    expect(row!.factors).toBe(JSON.stringify(JSON.parse(row!.factors)));
    expect(Object.keys(JSON.parse(row!.factors)).at(-1)).toBe('inputs');
    expect(row!.components).toBe(JSON.stringify(JSON.parse(row!.components)));
  });

  it('opens, moves and closes instances across the days, and a rerun changes nothing', () => {
    const changes = small.days.map(
      (day) => day.changes as { created: number; closed: number; moved: unknown[] },
    );
    expect(changes[0]!.created).toBeGreaterThan(0);
    for (const rerun of [changes[1]!, changes[3]!, changes[5]!]) {
      expect(rerun.created).toBe(0);
      expect(rerun.closed).toBe(0);
      expect(rerun.moved).toEqual([]);
    }
    expect(changes[2]!.closed + changes[4]!.closed).toBeGreaterThan(0);
    const closed = small.final.instances.filter((row) => row.status === 'closed');
    expect(closed.length).toBeGreaterThan(0);
  });
});

describe('a daily run in two parts', () => {
  it('leaves nothing when one part fails, even what the other had done', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    await seedFormulaPortfolio(db.sql, { csms: 3, customers: CUSTOMERS, zones: ['UTC'] });
    const options = companyDay(DAYS[0]!, { batchSize: 7, parts: 2 });
    // the last batch of the run fails: the other part has written all of its batches by then
    const failing = runDaily(db.sql, {
      ...options,
      onProgress: (done, total) => {
        if (done === total) throw new Error('the last batch failed');
      },
    });
    await expect(failing).rejects.toThrow('the last batch failed');
    const [written] = await db.sql<{ scores: number; instances: number; renewals: number }[]>`
      select (select count(*) from score_history)::int as scores,
             (select count(*) from workflow_instances)::int as instances,
             (select count(*) from renewals)::int as renewals`;
    expect(written).toEqual({ scores: 0, instances: 0, renewals: 0 });
    // nothing is left holding the run's lock: the next run goes through
    const result = await runDaily(db.sql, options);
    expect(result.customers).toBe(CUSTOMERS);
    expect(result.changes.created).toBeGreaterThan(0);
    // stamped with the run's clock, not the server's
    const [stamps] = await db.sql<{ instances: number; renewals: number; off: number }[]>`
      select (select count(*) from workflow_instances)::int as instances,
             (select count(*) from renewals)::int as renewals,
             (select count(*) from workflow_instances
               where created_at <> ${options.now} or updated_at <> ${options.now})::int
           + (select count(*) from renewals
               where created_at <> ${options.now} or updated_at <> ${options.now})::int as off`;
    expect(stamps!.instances).toBeGreaterThan(0);
    expect(stamps!.renewals).toBeGreaterThan(0);
    expect(stamps!.off).toBe(0);
  }, 60_000);
});

describe('a daily run whose write fails', () => {
  it('fails as a whole while the next page is being read, in one part or two', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const { sql } = db;
    await seedFormulaPortfolio(sql, { csms: 3, customers: 35, zones: ['UTC'] });
    // the score COPY of the batch holding customer 30 fails on the server
    await sql`
      create function fail_customer_30() returns trigger language plpgsql as $$
      begin
        if new.customer_id = 30 then raise exception 'customer 30 cannot be written'; end if;
        return new;
      end $$`;
    await sql`
      create trigger fail_customer_30 before insert on score_history
        for each row execute function fail_customer_30()`;
    for (const parts of [1, 2]) {
      const run = runDaily(sql, companyDay(DAYS[0]!, { batchSize: 7, parts }));
      await expect(run).rejects.toThrow('customer 30 cannot be written');
      const [written] = await sql<{ n: number }[]>`
        select (select count(*) from score_history)::int + (select count(*) from workflow_instances)::int
             + (select count(*) from renewals)::int as n`;
      expect(written!.n).toBe(0);
    }
    await sql`drop trigger fail_customer_30 on score_history`;
    const result = await runDaily(sql, companyDay(DAYS[0]!, { batchSize: 7, parts: 2 }));
    expect(result.customers).toBe(35);
  }, 60_000);
});

describe("a renewal record's stage and ARR", () => {
  it('follow the daily scores from day to day, and a changed contract ARR the same day', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const { sql } = db;
    await seedOneCsmCompany(sql, 1);
    // 31 days to renewal on the first day, 30 on the second: a stage boundary (30 | 31)
    await sql`
      insert into contracts (company_id, external_id, customer_id, start_date, renewal_date, arr, status)
      values (1, 'k-1', 1, '2025-12-26', '2026-12-26', 50000, 'active')`;
    const run = (asOf: string) => runDaily(sql, companyDay(asOf));
    const record = async (asOf: string) => {
      const [row] = await sql<{ stage: string; arr: number; scored: string }[]>`
        select r.stage, r.current_arr as arr, h.stage as scored
          from renewals r join score_history h on h.customer_id = r.customer_id
         where h.as_of = ${asOf}`;
      return row!;
    };
    await run('2026-11-25');
    const first = await record('2026-11-25');
    expect(first.stage).toBe(first.scored);
    await run('2026-11-26');
    const second = await record('2026-11-26');
    expect(second.stage).toBe(second.scored);
    expect(second.stage).not.toBe(first.stage);
    await sql`update contracts set arr = 61000 where external_id = 'k-1'`;
    await run('2026-11-26');
    expect((await record('2026-11-26')).arr).toBe(61000);
    const [count] = await sql<{ n: number }[]>`select count(*)::int as n from renewals`;
    expect(count!.n).toBe(1);
  }, 60_000);
});

describe('a batch of customers without workflow instances', () => {
  /**
   * Day 1 opens instances; then some customers' are completed by their CSM, some closed,
   * and some customers have none left but an event's. In batches of two customers (ids 1-2,
   * 3-4, …), pairs of the last two kinds take the straight COPY (no instance to update, close
   * or hold back) and the others the sync, as does a completed one beside a closed one; in
   * one batch everything takes the sync. Both come out the same.
   */
  async function secondDay(batchSize: number | undefined) {
    const db = await createTestDatabase();
    dbs.push(db);
    const { sql } = db;
    await seedFormulaPortfolio(sql, { csms: 3, customers: 15, zones: ['UTC'] });
    const first = await runDaily(sql, companyDay(DAYS[0]!, { batchSize }));
    await sql`update workflow_instances set status = 'completed' where customer_id % 5 = 0`;
    await sql`update workflow_instances set status = 'closed' where customer_id % 5 = 1`;
    await sql`delete from workflow_instances where customer_id % 5 = 2`;
    await sql`
      insert into workflow_instances (company_id, customer_id, csm_id, type, trigger, cycle_key,
                                      created_on, updated_on)
      select company_id, id, csm_id, 'risk-review', 'event', 'evt-' || id, ${DAYS[0]!}, ${DAYS[0]!}
        from customers where id % 5 = 2`;
    const second = await runDaily(sql, companyDay(DAYS[1]!, { batchSize }));
    return { first: first.changes, second: second.changes, final: await outputs(sql) };
  }

  it('creates the same instances straight as through the sync, and never one completed this cycle', async () => {
    const [pairs, whole] = [await secondDay(2), await secondDay(undefined)];
    expect(pairs.final).toEqual(whole.final);
    expect(pairs.first).toEqual(whole.first);
    expect(pairs.second).toEqual(whole.second);
    // the kinds the test means to cover are there
    const statuses = new Set(whole.final.instances.map((row) => `${row.trigger}:${row.status}`));
    expect([...statuses].some((status) => status.endsWith(':completed'))).toBe(true);
    expect([...statuses].some((status) => status.endsWith(':closed'))).toBe(true);
    expect(statuses.has('event:open')).toBe(true);
    const reopened = whole.final.instances.filter(
      (row) => Number(row.customer_id) % 5 === 1 && row.status === 'open',
    );
    expect(reopened.length).toBeGreaterThan(0);
    expect(whole.second.created).toBeGreaterThan(0);
  }, 60_000);
});
