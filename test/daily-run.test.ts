/**
 * `renubu daily-run` end to end on a real database: the JSON contract of PRODUCT.md §10,
 * no duplicates across runs, stage moves recorded, stale workflows closed, dry runs inert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/index.ts';
import { fixedClock } from '../src/clock.ts';
import type { Sql } from '../src/db/connection.ts';
import { csmsOfCompany } from '../src/db/work-queue.ts';
import { loadDigest } from '../src/engine/digest.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { captureOutput } from './helpers/output.ts';

let db: TestDatabase;
let sql: Sql;

interface DailyJson {
  asOf: string;
  customers: {
    customerId: string;
    csm: string;
    stage: string | null;
    contractStatus: string | null;
    daysToRenewal: number | null;
    healthScore: number;
    riskScore: number;
    opportunityScore: number;
    usageTrendPct: number;
    sentiment: string;
    workflows: { type: string; priorityScore: number; factors: Record<string, number> }[];
  }[];
  summaries: {
    csm: string;
    oneThing: { customerId: string; type: string; priorityScore: number } | null;
    priorityList: { customerId: string; type: string; priorityScore: number; also?: string[] }[];
    snoozedDueToday: { customerId: string; type: string; step: string; snoozedUntil: string }[];
  }[];
}

/** The runs' clock: the day after the world's 25 Nov, whatever the machine's date. */
const RUN_CLOCK = fixedClock(new Date('2026-11-26T15:00:00Z'));

/** Runs the command; `json` is the parsed output, and a failure shows its message. */
async function dailyRun(
  ...args: string[]
): Promise<{ code: number; json: DailyJson; err: string }> {
  const out = captureOutput();
  const err = captureOutput();
  const code = await runCli(['daily-run', '--json', ...args], {
    env: { DATABASE_URL: db.url },
    cwd: '/tmp',
    out,
    err,
    clock: RUN_CLOCK,
  });
  const expectFailure = args.includes('nobody') || args.includes('2026-13-01');
  if (!expectFailure) expect(code, err.text()).toBe(0);
  return { code, json: code === 0 ? JSON.parse(out.text()) : null, err: err.text() };
}

/** Usage for `days` days before `asOf`: `prev` users a day, then `last` for the last 30. */
async function usage(customer: number, asOf: string, prev: number, last: number) {
  await sql`
    insert into usage_daily (company_id, customer_id, day, active_users)
    select 1, ${customer}, ${asOf}::date - d, case when d <= 30 then ${last}::int else ${prev}::int end
      from generate_series(1, 60) d
    on conflict (customer_id, day) do update set active_users = excluded.active_users`;
}

async function customer(
  ext: string,
  csm: number,
  fields: { arr: number; seats: number; plan?: string; strategic?: boolean; renewal: string },
) {
  const [row] = await sql`
    insert into customers (company_id, external_id, name, csm_id, arr, seats, account_plan, strategic)
    values (1, ${ext}, ${ext.replace(/-/g, ' ')}, ${csm}, ${fields.arr}, ${fields.seats},
            ${fields.plan ?? null}, ${fields.strategic ?? false})
    returning id`;
  await sql`
    insert into contracts (company_id, external_id, customer_id, start_date, renewal_date, arr)
    values (1, ${`k-${ext}`}, ${row!.id}, '2025-01-01', ${fields.renewal}, ${fields.arr})`;
  return row!.id as number;
}

beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
  await sql`insert into companies (external_id, name) values ('acme', 'Acme')`;
  const [justin] = await sql`
    insert into csms (company_id, external_id, name, email, timezone)
    values (1, 'csm-justin', 'Justin', 'justin@example.com', 'America/New_York') returning id`;
  await sql`
    insert into csms (company_id, external_id, name, email)
    values (1, 'csm-idle', 'Idle', 'idle@example.com')`;
  const obsidian = await customer('obsidian-black', justin!.id, {
    arr: 185000,
    seats: 100,
    plan: 'expand',
    strategic: true,
    renewal: '2027-11-25',
  });
  await usage(obsidian, '2026-11-25', 70, 84);
  await sql`
    insert into contacts (company_id, external_id, customer_id, name, role, active)
    values (1, 'marcus', ${obsidian}, 'Marcus Chen', 'champion', true),
           (1, 'exec', ${obsidian}, 'Exec', 'executive', true)`;
  await sql`
    insert into tickets (company_id, external_id, customer_id, opened_at, priority, status, sentiment)
    values (1, 't1', ${obsidian}, '2026-11-01', 'normal', 'solved', 0.6)`;
  // 61 days out today (negotiate), 60 tomorrow (finalize).
  const moving = await customer('moving-co', justin!.id, {
    arr: 40000,
    seats: 50,
    renewal: '2027-01-25',
  });
  await usage(moving, '2026-11-25', 30, 30);
  const dropping = await customer('dropping-co', justin!.id, {
    arr: 90000,
    seats: 80,
    renewal: '2027-01-09',
  });
  await usage(dropping, '2026-11-25', 60, 20);
  await sql`
    insert into tickets (company_id, external_id, customer_id, opened_at, priority, status, sentiment)
    values (1, 't2', ${dropping}, '2026-11-20', 'urgent', 'open', -0.9),
           (1, 't3', ${dropping}, '2026-11-21', 'high', 'open', -0.8)`;
});
afterAll(() => db.drop());

describe('daily-run --json', () => {
  it('prints the document of PRODUCT.md §10, with a summary for every CSM', async () => {
    const { code, json } = await dailyRun('--as-of', '2026-11-25');
    expect(code).toBe(0);
    expect(json.asOf).toBe('2026-11-25');
    expect(json.customers.map((c) => c.customerId).sort()).toEqual([
      'dropping-co',
      'moving-co',
      'obsidian-black',
    ]);
    const obsidian = json.customers.find((c) => c.customerId === 'obsidian-black')!;
    expect(Object.keys(obsidian).sort()).toEqual(
      [
        'customerId',
        'name',
        'csm',
        'arr',
        'healthScore',
        'usageTrendPct',
        'sentiment',
        'contractStatus',
        'daysToRenewal',
        'stage',
        'riskScore',
        'opportunityScore',
        'workflows',
      ].sort(),
    );
    expect(obsidian).toMatchObject({
      csm: 'csm-justin',
      arr: 185000,
      usageTrendPct: 20,
      sentiment: 'positive',
      contractStatus: 'active',
      daysToRenewal: 365,
      stage: 'strategic',
    });
    expect(obsidian.workflows.map((w) => w.type)).toContain('strategic-planning');
    expect(obsidian.workflows.map((w) => w.type)).not.toContain('risk-out-of-band');
    const moving = json.customers.find((c) => c.customerId === 'moving-co')!;
    expect(moving).toMatchObject({ stage: 'negotiate', daysToRenewal: 61 });
    expect(moving.workflows.map((w) => w.type)).toContain('negotiation-prep');

    expect(json.summaries.map((s) => s.csm)).toEqual(['csm-idle', 'csm-justin']);
    const idle = json.summaries.find((s) => s.csm === 'csm-idle')!;
    expect(idle).toEqual({
      csm: 'csm-idle',
      oneThing: null,
      priorityList: [],
      snoozedDueToday: [],
    });
    const justin = json.summaries.find((s) => s.csm === 'csm-justin')!;
    const { also: _also, ...first } = justin.priorityList[0]!;
    expect(justin.oneThing).toEqual(first);
    const scores = justin.priorityList.map((item) => item.priorityScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(justin.priorityList.length).toBeLessThanOrEqual(10);
    expect(justin.priorityList.slice(0, 5).map((i) => i.customerId)).toContain('obsidian-black');
  });

  it('lists each customer once, its highest workflow first and the others in also', async () => {
    const { json } = await dailyRun('--as-of', '2026-11-25');
    const justin = json.summaries.find((s) => s.csm === 'csm-justin')!;
    const ids = justin.priorityList.map((entry) => entry.customerId);
    expect(new Set(ids).size).toBe(ids.length);
    const several = json.customers.filter((c) => c.workflows.length > 1);
    expect(several.length, 'a customer with more than one workflow').toBeGreaterThan(0);
    for (const entry of justin.priorityList) {
      const { workflows } = json.customers.find((c) => c.customerId === entry.customerId)!;
      const top = Math.max(...workflows.map((w) => w.priorityScore));
      expect(entry.priorityScore).toBe(top);
      const all = [entry.type, ...(entry.also ?? [])];
      expect(all.sort()).toEqual(workflows.map((w) => w.type).sort());
      // `also` is left out, not empty, when the customer has one workflow
      if (workflows.length === 1) expect(entry).not.toHaveProperty('also');
    }
    expect(ids.sort()).toEqual(json.customers.map((c) => c.customerId).sort());

    // The morning DM, App Home and /renubu today read the very same summary.
    const [csm] = await csmsOfCompany(sql, 1).then((all) =>
      all.filter((c) => c.external_id === 'csm-justin'),
    );
    const digest = await loadDigest(sql, csm!, '2026-11-25');
    expect(digest.priorityList.map((item) => [item.customerId, item.type, item.also])).toEqual(
      justin.priorityList.map((entry) => [entry.customerId, entry.type, entry.also ?? []]),
    );
    expect(digest.oneThing?.customerId).toBe(justin.oneThing?.customerId);

    // Shown two days after the run: the reasons count the days as the headline does.
    const later = await loadDigest(sql, csm!, '2026-11-27');
    const renewalReasons = later.priorityList.flatMap((item) =>
      item.reasons.filter((r) => r.startsWith('renewal')).map((r) => [r, item.daysToRenewal]),
    );
    expect(renewalReasons.length).toBeGreaterThan(0);
    for (const [reason, days] of renewalReasons) expect(reason).toBe(`renewal in ${days} days`);
    expect(later.priorityList.find((i) => i.customerId === 'dropping-co')?.daysToRenewal).toBe(43);
  });

  it('creates no duplicates when run twice on the same day', async () => {
    await dailyRun('--as-of', '2026-11-25');
    const before = await sql`select id, type, status from workflow_instances order by id`;
    await dailyRun('--as-of', '2026-11-25');
    const after = await sql`select id, type, status from workflow_instances order by id`;
    expect(after).toEqual(before);
    const [history] = await sql`select count(*)::int as n from score_history`;
    expect(history!.n).toBe(3);
  });

  it('moves a renewal workflow to its new stage the next day and records the move', async () => {
    await dailyRun('--as-of', '2026-11-25');
    const { json } = await dailyRun('--as-of', '2026-11-26');
    const moving = json.customers.find((c) => c.customerId === 'moving-co')!;
    expect(moving.stage).toBe('finalize');
    const rows = await sql`
      select w.type, w.status, w.history from workflow_instances w
        join customers c on c.id = w.customer_id
       where c.external_id = 'moving-co' and w.trigger = 'renewal'`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.type).toBe('contract-finalization');
    expect(rows[0]!.history).toEqual([
      {
        on: '2026-11-26',
        from: 'negotiation-prep',
        to: 'contract-finalization',
        stage: 'finalize',
      },
    ]);
  });

  it('closes the renewal workflow once the contract is renewed', async () => {
    await sql`update contracts set status = 'renewed' where external_id = 'k-moving-co'`;
    const { json } = await dailyRun('--as-of', '2026-11-26');
    const moving = json.customers.find((c) => c.customerId === 'moving-co')!;
    expect(moving.contractStatus).toBe('renewed');
    expect(moving.workflows.map((w) => w.type)).not.toContain('contract-finalization');
    const [row] = await sql`
      select w.status, w.closed_reason from workflow_instances w
        join customers c on c.id = w.customer_id
       where c.external_id = 'moving-co' and w.trigger = 'renewal'`;
    expect(row).toMatchObject({ status: 'closed', closed_reason: 'trigger no longer holds' });
    await sql`update contracts set status = 'active' where external_id = 'k-moving-co'`;
  });

  it('records the outcome of the work done for a cycle once its contract is renewed', async () => {
    await dailyRun('--as-of', '2026-11-25');
    const [instance] = await sql`
      select w.id, w.customer_id, w.csm_id from workflow_instances w
        join customers c on c.id = w.customer_id
       where c.external_id = 'moving-co' and w.trigger = 'renewal'`;
    const [execution] = await sql`
      insert into workflow_executions (company_id, workflow_instance_id, workflow_config_id,
             customer_id, csm_id, total_steps, current_step, status, completed_at)
      values (1, ${instance!.id}, 'negotiation-prep', ${instance!.customer_id}, ${instance!.csm_id},
              6, 6, 'completed', now())
      returning id`;
    await sql`insert into execution_metrics (execution_id, company_id) values (${execution!.id}, 1)`;
    await sql`update contracts set status = 'renewed' where external_id = 'k-moving-co'`;
    await sql`update customers set arr = 46000 where external_id = 'moving-co'`;
    await dailyRun('--as-of', '2026-11-26');
    const [metrics] = await sql`
      select outcome, arr_change, updated_at from execution_metrics
       where execution_id = ${execution!.id}`;
    // stamped by the run's clock, not the database's: the re-tune counts outcomes since a date
    expect(metrics).toEqual({ outcome: 'expanded', arr_change: 6000, updated_at: RUN_CLOCK.now() });
    const [renewal] = await sql`
      select r.status from renewals r join contracts k on k.id = r.contract_id
       where k.external_id = 'k-moving-co'`;
    expect(renewal!.status).toBe('renewed');
    await sql`update contracts set status = 'active' where external_id = 'k-moving-co'`;
    await sql`update customers set arr = 40000 where external_id = 'moving-co'`;
  });

  it('lists the snoozed steps of active workflows due by the end of the CSM day, everywhere alike', async () => {
    await dailyRun('--as-of', '2026-11-25');
    const execution = async (customer: string, status: string) => {
      const [w] = await sql`
        select w.id, w.type, w.customer_id, w.csm_id from workflow_instances w
          join customers c on c.id = w.customer_id
         where c.external_id = ${customer} and w.status = 'open' order by w.id limit 1`;
      const [e] = await sql`
        insert into workflow_executions (company_id, workflow_instance_id, workflow_config_id,
               customer_id, csm_id, total_steps, status, completed_at)
        values (1, ${w!.id}, ${w!.type}, ${w!.customer_id}, ${w!.csm_id}, 3, ${status},
                ${status === 'completed' ? new Date('2026-11-20T12:00:00Z') : null})
        returning id`;
      return { id: e!.id as number, type: w!.type as string };
    };
    const snooze = (executionId: number, index: number, until: string) => sql`
      insert into workflow_step_states (company_id, execution_id, step_index, step_id, status,
             snoozed_until, reason)
      values (1, ${executionId}, ${index}, ${`step-${index}`}, 'snoozed', ${until}, 'waiting on finance')`;
    const active = await execution('dropping-co', 'in_progress');
    const done = await execution('obsidian-black', 'completed');
    // Justin is in New York: his 25 November ends at 05:00 UTC on the 26th.
    await snooze(active.id, 0, '2026-11-26T04:59:00Z');
    await snooze(active.id, 1, '2026-11-26T05:00:00Z');
    await snooze(done.id, 0, '2026-11-25T09:00:00Z');
    try {
      const { json } = await dailyRun('--as-of', '2026-11-25');
      const justin = json.summaries.find((s) => s.csm === 'csm-justin')!;
      const due = {
        customerId: 'dropping-co',
        type: active.type,
        step: 'step-0',
        snoozedUntil: '2026-11-26T04:59:00Z',
      };
      expect(justin.snoozedDueToday).toEqual([due]);
      const [csm] = (await csmsOfCompany(sql, 1)).filter((c) => c.external_id === 'csm-justin');
      const digest = await loadDigest(sql, csm!, '2026-11-25');
      expect(digest.snoozedDueToday).toEqual([
        {
          ...due,
          executionId: active.id,
          stepIndex: 0,
          stepTitle: 'Step 0',
          customerName: 'dropping co',
          reason: 'waiting on finance',
        },
      ]);
    } finally {
      await sql`delete from workflow_executions where id in (${active.id}, ${done.id})`;
    }
  });

  it('writes nothing with --dry-run', async () => {
    const count = async () =>
      (
        await sql`
        select (select count(*) from workflow_instances)::int as w,
               (select count(*) from score_history)::int as h,
               (select max(updated_at) from workflow_instances) as u`
      )[0];
    const before = await count();
    const { code, json } = await dailyRun('--as-of', '2026-12-01', '--dry-run');
    expect(code).toBe(0);
    expect(json.customers).toHaveLength(3);
    expect(await count()).toEqual(before);
  });

  it('runs one CSM alone with --csm, and rejects an unknown one clearly', async () => {
    const { json } = await dailyRun('--as-of', '2026-11-25', '--csm', 'justin@example.com');
    expect(json.summaries.map((s) => s.csm)).toEqual(['csm-justin']);
    const bad = await dailyRun('--csm', 'nobody');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('No CSM with external id or email "nobody"');
    const badDate = await dailyRun('--as-of', '2026-13-01');
    expect(badDate.code).toBe(2);
    expect(badDate.err).toContain('--as-of takes a date as YYYY-MM-DD');
  });

  it("uses each CSM's own today without --as-of", async () => {
    const out = captureOutput();
    const code = await runCli(['daily-run', '--json', '--dry-run'], {
      env: { DATABASE_URL: db.url },
      cwd: '/tmp',
      out,
      err: captureOutput(),
      // 03:00 UTC on the 26th is still the 25th in New York
      clock: { now: () => new Date('2026-11-26T03:00:00Z') },
    });
    expect(code).toBe(0);
    const json = JSON.parse(out.text()) as DailyJson;
    const obsidian = json.customers.find((c) => c.customerId === 'obsidian-black')!;
    expect(obsidian.daysToRenewal).toBe(365);
  });
});
