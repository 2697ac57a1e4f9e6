/**
 * The daily run split into jobs (issue 19, item 4): one `daily-run` job per CSM at 06:00 in
 * the CSM's zone (so per company and zone), shared by any number of processes. The same
 * portfolio (CSMs in three zones, two mornings each) is run once by one job runner and once
 * by two runners on their own connections to one database, as two `renubu serve` would: the
 * score history, workflow instances and summaries come out the same, and each morning DM is
 * queued and sent once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Jobs, startJobs } from '../../jobs/agenda.ts';
import { DAILY_RUN } from '../../jobs/daily-run.ts';
import { syncSchedules } from '../../jobs/schedules.ts';
import { fixedClock } from '../../src/clock.ts';
import { connect, type Sql } from '../../src/db/connection.ts';
import { DEFAULT_SETTINGS, resolveSettings } from '../../src/domain/index.ts';
import { runDaily } from '../../src/engine/daily-run.ts';
import { loadCsmSummary } from '../../src/engine/summaries.ts';
import { type FakeSlack, startFakeSlack } from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedFormulaPortfolio } from '../helpers/formula-portfolio.ts';
import { jobDeps } from '../jobs/world.ts';

const ZONES = ['America/New_York', 'UTC', 'Asia/Singapore'];
const CSMS = 6;
const CUSTOMERS = 90;
/** Before anyone's morning of 25 November; then past everyone's morning of the 26th. */
const START = new Date('2026-11-24T12:00:00Z');
const END = new Date('2026-11-26T12:00:00Z');
const USERS = Array.from({ length: CSMS }, (_, i) => ({
  id: `U0CSM${i + 1}`,
  email: `csm${i + 1}@acme.test`,
  name: `CSM ${i + 1}`,
}));

interface World {
  db: TestDatabase;
  fake: FakeSlack;
  extra: Sql[];
  jobs: Jobs[];
}
const worlds: World[] = [];

/** A world run by `runners` job runners, each with its own connections, as its own process. */
async function runWorld(runners: number): Promise<World> {
  const db = await createTestDatabase();
  const fake = await startFakeSlack({ users: USERS });
  const world: World = { db, fake, extra: [], jobs: [] };
  worlds.push(world);
  await seedFormulaPortfolio(db.sql, { csms: CSMS, customers: CUSTOMERS, zones: ZONES });
  const clock = fixedClock(START);
  for (let i = 0; i < runners; i++) {
    const sql = i === 0 ? db.sql : await connect(db.url, 4);
    if (i > 0) world.extra.push(sql);
    const deps = jobDeps(sql, fake, clock);
    world.jobs.push(
      await startJobs({
        settings: { backend: 'postgres', mongodbUrl: undefined },
        databaseUrl: db.url,
        deps,
        processEvery: 60_000,
      }),
    );
  }
  await syncSchedules(db.sql, world.jobs[0]!.agenda, clock);
  clock.set(END);
  const ran = (await Promise.all(world.jobs.map((jobs) => jobs.runDue()))).map((list) =>
    list.filter((job) => job.name === DAILY_RUN),
  );
  // every CSM's two mornings, each run once in all
  expect(ran.flat().filter((job) => job.ok)).toHaveLength(2 * CSMS);
  if (runners > 1) {
    for (const list of ran)
      expect(list.length, 'each process ran some mornings').toBeGreaterThan(0);
  }
  return world;
}

/** What the runs decided, without ids and times that depend on the order they ran in. */
async function outputs(sql: Sql) {
  const scores = await sql`
    select c.external_id, h.as_of::text, h.health_score, h.health_components, h.risk_score,
           h.opportunity_score, h.usage_trend_pct, h.sentiment, h.contract_status,
           h.days_to_renewal, h.stage
      from score_history h join customers c on c.id = h.customer_id
     order by 1, 2`;
  const instances = await sql`
    select c.external_id, w.type, w.trigger, w.cycle_key, w.stage, w.status, w.priority_score,
           w.factors, w.created_on::text, w.updated_on::text, w.history
      from workflow_instances w join customers c on c.id = w.customer_id
     order by 1, 2, 3, 4`;
  const renewals = await sql`
    select c.external_id, r.renewal_date::text, r.stage, r.current_arr, r.status
      from renewals r join customers c on c.id = r.customer_id order by 1, 2`;
  const settings = resolveSettings({});
  const summaries = [];
  for (let id = 1; id <= CSMS; id++) {
    for (const day of ['2026-11-25', '2026-11-26']) {
      const summary = await loadCsmSummary(sql, { id, company_id: 1 }, day, settings);
      summaries.push(
        JSON.parse(JSON.stringify(summary), (key, value) =>
          key === 'instanceId' ? undefined : value,
        ),
      );
    }
  }
  const dms = await sql`
    select idempotency_key as key, status from outbox where kind = 'morning_dm' order by key`;
  return { scores, instances, renewals, summaries, dms };
}

let one: World;
let two: World;

beforeAll(async () => {
  one = await runWorld(1);
  two = await runWorld(2);
}, 120_000);
afterAll(async () => {
  for (const world of worlds) {
    for (const jobs of world.jobs) await jobs.stop();
    for (const sql of world.extra) await sql.end();
    await world.fake.close();
    await world.db.drop();
  }
});

describe('the daily run split into jobs across processes', () => {
  it('gives the same score history, workflows, renewals and summaries as one process', async () => {
    const single = await outputs(one.db.sql);
    const split = await outputs(two.db.sql);
    expect(single.scores).toHaveLength(2 * CUSTOMERS);
    expect(single.instances.length).toBeGreaterThan(0);
    expect(split.scores).toEqual(single.scores);
    expect(split.instances).toEqual(single.instances);
    expect(split.renewals).toEqual(single.renewals);
    expect(split.summaries).toEqual(single.summaries);
    expect(split.dms).toEqual(single.dms);
  });

  it('queues and sends each morning DM once', async () => {
    for (const world of [one, two]) {
      const dms = await world.db.sql<{ key: string; status: string }[]>`
        select idempotency_key as key, status from outbox where kind = 'morning_dm'`;
      expect(dms.length).toBeGreaterThan(0);
      expect(new Set(dms.map((row) => row.key)).size).toBe(dms.length);
      expect(dms.every((row) => row.status === 'sent')).toBe(true);
      const posts = world.fake.callsTo('chat.postMessage');
      expect(posts).toHaveLength(dms.length);
    }
  });

  it("runs one CSM while another CSM's run of the same company holds its locks", async () => {
    const sql = one.db.sql;
    const other = await connect(one.db.url, 1);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // CSM 2's run in another process: the company's lock shared and CSM 2's own
    const holder = other.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock_shared(7240118, 1)`;
      await tx`select pg_advisory_xact_lock(7240120, 2)`;
      locked();
      await held;
    });
    await isLocked;
    const run = (csmId: number | null) =>
      runDaily(sql, {
        companyId: 1,
        asOf: '2026-11-26',
        now: END,
        csmId,
        dryRun: true,
        settings: DEFAULT_SETTINGS,
      });
    const late = () => new Promise<string>((resolve) => setTimeout(() => resolve('waiting'), 5000));
    try {
      const csm1 = await Promise.race([run(1).then(() => 'done'), late()]);
      expect(csm1, 'CSM 1 runs beside CSM 2').toBe('done');
      const whole = run(null).then(() => 'done');
      expect(await Promise.race([whole, late()]), 'the whole company waits').toBe('waiting');
      release();
      expect(await whole).toBe('done');
    } finally {
      release();
      await holder;
      await other.end();
    }
  }, 30_000);
});
