/**
 * The usage rollups (src/db/usage-rollups.ts, migrations/0012) against a full recount: on
 * random histories of usage written late, out of order, re-written and deleted, in
 * multi-row statements, between the days the rollups are built or slid, every covered
 * as-of day's sums equal the sums read from usage_daily; built in one transaction or split
 * by ranges of customers into transactions side by side (a large company's daily run).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/db/connection.ts';
import { ensureUsageRollups, ROLLUP_KEEP_DAYS } from '../../src/db/usage-rollups.ts';
import { addDays } from '../../src/domain/dates.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
let sql: Sql;
let customers: number[] = [];
const BASE = '2026-10-01';

beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
  await sql`insert into companies (external_id, name) values ('acme', 'Acme'), ('other', 'Other')`;
  await sql`
    insert into csms (company_id, external_id, name, email)
    values (1, 'csm-a', 'A', 'a@example.com'), (2, 'csm-b', 'B', 'b@example.com')`;
  const rows = await sql<{ id: number }[]>`
    insert into customers (company_id, external_id, name, csm_id, arr, seats)
    select case when i <= 3 then 1 else 2 end, 'c-' || i, 'C ' || i,
           case when i <= 3 then 1 else 2 end, 1000, 10
      from generate_series(1, 4) i
    returning id`;
  customers = rows.map((row) => Number(row.id)).sort((a, b) => a - b);
});
afterAll(() => db.drop());

type Op =
  | { kind: 'write'; rows: { customer: number; day: number; users: number }[] }
  | { kind: 'update'; customer: number; day: number; users: number }
  | { kind: 'delete'; customer: number; fromDay: number; days: number }
  | { kind: 'ensure'; days: number[]; split: boolean };

const customerIndex = fc.integer({ min: 0, max: 3 });
const dayOffset = fc.integer({ min: 0, max: 45 });
const users = fc.integer({ min: 0, max: 40 });

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .array(fc.record({ customer: customerIndex, day: dayOffset, users }), {
        minLength: 1,
        maxLength: 12,
      })
      .map((rows) => ({ kind: 'write' as const, rows })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ customer: customerIndex, day: dayOffset, users })
      .map((row) => ({ kind: 'update' as const, ...row })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ customer: customerIndex, fromDay: dayOffset, days: fc.integer({ min: 1, max: 5 }) })
      .map((row) => ({ kind: 'delete' as const, ...row })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ days: fc.array(dayOffset, { minLength: 1, maxLength: 3 }), split: fc.boolean() })
      .map((row) => ({ kind: 'ensure' as const, ...row })),
  },
);

async function apply(step: Op, windowDays: number) {
  const day = (offset: number) => addDays(BASE, offset);
  switch (step.kind) {
    case 'write': {
      // one statement may not write a key twice: the last of a batch wins, as a re-import would
      const byKey = new Map(step.rows.map((row) => [`${row.customer}:${row.day}`, row]));
      const rows = [...byKey.values()];
      await sql`
        insert into usage_daily (company_id, customer_id, day, active_users)
        select case when c <= ${customers[2]!}::bigint then 1 else 2 end, c, d, u
          from unnest(${rows.map((row) => customers[row.customer]!)}::bigint[],
                      ${rows.map((row) => day(row.day))}::date[],
                      ${rows.map((row) => row.users)}::int[]) as t(c, d, u)
        on conflict (customer_id, day) do update set active_users = excluded.active_users`;
      return;
    }
    case 'update':
      await sql`
        update usage_daily set active_users = ${step.users}
         where customer_id = ${customers[step.customer]!} and day = ${day(step.day)}`;
      return;
    case 'delete':
      await sql`
        delete from usage_daily
         where customer_id = ${customers[step.customer]!}
           and day >= ${day(step.fromDay)} and day < ${day(step.fromDay + step.days)}`;
      return;
    case 'ensure': {
      // split: company 1's customers in two ranges (company 2's all in the second)
      const ranges = step.split
        ? [
            { from: 0, to: customers[1]! },
            { from: customers[1]! + 1, to: Number.MAX_SAFE_INTEGER },
          ]
        : [null];
      for (const company of [1, 2]) {
        await ensureUsageRollups(sql, company, step.days.map(day), windowDays, ranges);
      }
      return;
    }
  }
}

/** Every covered day's rollups and the same sums recounted from usage_daily (zeros left out). */
async function compare() {
  const rollups = await sql`
    select r.company_id::int, r.window_days, r.as_of::text, r.customer_id::int,
           r.last_sum::int, r.prev_sum::int
      from usage_rollups r
      join usage_rollup_days k using (company_id, window_days, as_of)
     where r.last_sum <> 0 or r.prev_sum <> 0
     order by 1, 2, 3, 4`;
  const recount = await sql`
    select k.company_id::int, k.window_days, k.as_of::text, u.customer_id::int,
           coalesce(sum(u.active_users) filter (where u.day >= k.as_of - k.window_days), 0)::int
             as last_sum,
           coalesce(sum(u.active_users) filter (where u.day < k.as_of - k.window_days), 0)::int
             as prev_sum
      from usage_rollup_days k
      join usage_daily u on u.company_id = k.company_id
       and u.day >= k.as_of - 2 * k.window_days and u.day < k.as_of
     group by 1, 2, 3, 4
    having sum(u.active_users) <> 0
     order by 1, 2, 3, 4`;
  return { rollups: [...rollups], recount: [...recount] };
}

describe('usage rollups', () => {
  it('equal a full recount after late, repeated, out-of-order and deleted usage', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 12 }),
        fc.array(op, { minLength: 1, maxLength: 25 }),
        async (windowDays, ops) => {
          await sql`truncate usage_daily, usage_rollups, usage_rollup_days`;
          for (const step of ops) await apply(step, windowDays);
          // and once more at the end, so every history is checked against built rollups
          await apply({ kind: 'ensure', days: [46], split: false }, windowDays);
          const { rollups, recount } = await compare();
          expect(rollups).toEqual(recount);
          const kept = await sql<{ days: number }[]>`
            select (max(as_of) - min(as_of))::int as days from usage_rollup_days group by company_id`;
          for (const row of kept) expect(row.days).toBeLessThanOrEqual(ROLLUP_KEEP_DAYS);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('leaves an as-of day older than the kept ones to the full read', async () => {
    await sql`truncate usage_daily, usage_rollups, usage_rollup_days`;
    await ensureUsageRollups(sql, 1, ['2026-11-20'], 30);
    await ensureUsageRollups(sql, 1, ['2026-11-01'], 30);
    const days = await sql`select as_of::text from usage_rollup_days order by as_of`;
    expect(days.map((row) => row.as_of)).toEqual(['2026-11-20']);
  });

  it('go with their company: a purged tenant leaves no sums behind', async () => {
    const [company] = await sql<{ id: number }[]>`
      insert into companies (external_id, name) values ('gone', 'Gone') returning id`;
    const [csm] = await sql<{ id: number }[]>`
      insert into csms (company_id, external_id, name, email)
      values (${company!.id}, 'csm-g', 'G', 'g@example.com') returning id`;
    const [customer] = await sql<{ id: number }[]>`
      insert into customers (company_id, external_id, name, csm_id, arr, seats)
      values (${company!.id}, 'c-g', 'C G', ${csm!.id}, 1000, 10) returning id`;
    await sql`
      insert into usage_daily (company_id, customer_id, day, active_users)
      select ${company!.id}, ${customer!.id}, date '2026-11-20' - d, 5
        from generate_series(0, 20) d`;
    await ensureUsageRollups(sql, Number(company!.id), ['2026-11-21'], 30);
    const [before] = await sql`
      select last_sum::int from usage_rollups where company_id = ${company!.id}`;
    expect(before?.last_sum).toBe(105);
    await sql`delete from companies where id = ${company!.id}`;
    const left = await sql`select 1 from usage_rollups where company_id = ${company!.id}`;
    expect(left).toHaveLength(0);
  });
});
