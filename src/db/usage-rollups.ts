/**
 * Incremental usage (migrations/0012_usage_rollups.sql): per customer, the sums of daily
 * active users over the two usage windows before an as-of day, kept for the few as-of days
 * `usage_rollup_days` lists. A trigger on usage_daily applies every insert, update and
 * delete to them in the writer's transaction, so late, out-of-order and re-imported days
 * keep them exact; `ensureUsageRollups` adds a new day's sums by sliding the last day's
 * (three days of usage read per day slid, not sixty), or by one full read the first time.
 * The daily run then reads one row per customer (`rollupsCover` says when it may).
 */
import { addDays, daysBetween } from '../domain/dates.ts';
import type { Sql, TransactionSql } from './connection.ts';
import type { CustomerRange } from './daily-facts.ts';
import { allOrNone } from './parts.ts';
import { allowPlans } from './planner.ts';

/**
 * Taken shared by the trigger (per company, for each statement writing usage) and
 * exclusively while a company's new day is built: no usage change lands between the
 * build's snapshot and its commit unseen.
 */
export const ROLLUP_LOCK = 7_240_119;

/**
 * As-of days kept behind the newest: a company's CSMs are on up to three local days at once
 * (time zones), and each day kept costs every usage write in its window one more row.
 */
export const ROLLUP_KEEP_DAYS = 2;

/**
 * Make the company's rollups cover each of `asOfs` for windows of `windowDays`, in a short
 * transaction of its own. An as-of day older than the kept ones is left uncovered (the run
 * reads usage_daily for it); older days are dropped. With several `ranges` of customers (a
 * large company's run, src/engine/daily-run.ts), each range's sums are built in a
 * transaction of its own, side by side, all committed together while this one holds the
 * rollup lock.
 */
export async function ensureUsageRollups(
  sql: Sql,
  companyId: number,
  asOfs: readonly string[],
  windowDays: number,
  ranges: readonly (CustomerRange | null)[] = [null],
): Promise<void> {
  await sql.begin(async (tx) => {
    const rows = await tx<{ as_of: string }[]>`
      select as_of::text as as_of from usage_rollup_days
       where company_id = ${companyId} and window_days = ${windowDays} order by as_of`;
    const covered = rows.map((row) => row.as_of);
    const missing = [...new Set(asOfs)].sort().filter((day) => !covered.includes(day));
    if (missing.length === 0) return;
    await tx`select pg_advisory_xact_lock(${ROLLUP_LOCK}, ${companyId}::int)`;
    // read again under the lock: another process may have built the day meanwhile
    const again = await tx<{ as_of: string }[]>`
      select as_of::text as as_of from usage_rollup_days
       where company_id = ${companyId} and window_days = ${windowDays} order by as_of`;
    const days = again.map((row) => row.as_of);
    const steps: RollupStep[] = [];
    for (const asOf of missing) {
      if (days.includes(asOf)) continue;
      const newest = days.at(-1);
      if (newest && asOf < addDays(newest, -ROLLUP_KEEP_DAYS)) continue;
      const from = days.filter((day) => day < asOf).at(-1);
      const slide = from !== undefined && 3 * daysBetween(from, asOf) < 2 * windowDays;
      steps.push({ asOf, from: slide ? from : null });
      days.push(asOf);
      days.sort();
    }
    const cutoff = addDays(days.at(-1)!, -ROLLUP_KEEP_DAYS);
    const build = { companyId, windowDays, steps, cutoff };
    if (ranges.length === 1) {
      await buildSteps(tx, build, ranges[0] ?? null, true);
    } else {
      // the lock, held here, keeps usage writers waiting until every part has committed
      await allOrNone(sql, ranges, (part, range) =>
        buildSteps(part, build, range, range === ranges[0]),
      );
    }
  });
}

/** A day to add: slid from the sums of `from`, or read in full (null). */
interface RollupStep {
  asOf: string;
  from: string | null;
}

/**
 * Add the steps' days to the rollups of the customers in `range` (all when null) and drop
 * their days before `cutoff`; the part that `records` also lists the days in
 * usage_rollup_days (one part of a split build).
 */
async function buildSteps(
  tx: TransactionSql,
  build: { companyId: number; windowDays: number; steps: RollupStep[]; cutoff: string },
  range: CustomerRange | null,
  records: boolean,
): Promise<void> {
  const { companyId, windowDays } = build;
  for (const { asOf, from } of build.steps) {
    if (from) {
      await slideRollups(tx, companyId, windowDays, from, asOf, range);
    } else {
      await buildRollups(tx, companyId, windowDays, asOf, range);
    }
    if (records) {
      await tx`
        insert into usage_rollup_days (company_id, window_days, as_of)
        values (${companyId}, ${windowDays}, ${asOf})`;
    }
  }
  if (records) {
    await tx`delete from usage_rollup_days where company_id = ${companyId} and as_of < ${build.cutoff}`;
  }
  await tx`
    delete from usage_rollups u
     where u.company_id = ${companyId} and u.as_of < ${build.cutoff}
       and u.customer_id between ${(range ?? ALL).from} and ${(range ?? ALL).to}`;
}

/** Every customer: a range that bounds nothing. */
const ALL: CustomerRange = { from: 0, to: Number.MAX_SAFE_INTEGER };

/**
 * Whether the company's rollups cover every one of `asOfs` (inside the run's transaction).
 * Takes the rollup lock shared, so a build of another day cannot drop them before the run
 * has read them.
 */
export async function rollupsCover(
  tx: TransactionSql,
  companyId: number,
  asOfs: readonly string[],
  windowDays: number,
): Promise<boolean> {
  await tx`select pg_advisory_xact_lock_shared(${ROLLUP_LOCK}, ${companyId}::int)`;
  const wanted = [...new Set(asOfs)];
  const [row] = await tx<{ n: number }[]>`
    select count(*)::int as n from usage_rollup_days
     where company_id = ${companyId} and window_days = ${windowDays}
       and as_of = any(${wanted}::date[])`;
  return wanted.length > 0 && row?.n === wanted.length;
}

/** One full read of the two windows before `asOf` (the first day, or after a long gap). */
async function buildRollups(
  tx: TransactionSql,
  companyId: number,
  w: number,
  asOf: string,
  range: CustomerRange | null,
) {
  const { from: first, to: last } = range ?? ALL;
  await tx`
    insert into usage_rollups (company_id, window_days, as_of, customer_id, last_sum, prev_sum)
    select ${companyId}, ${w}, ${asOf}::date, u.customer_id,
           coalesce(sum(u.active_users) filter (where u.day >= ${addDays(asOf, -w)}::date), 0),
           coalesce(sum(u.active_users) filter (where u.day < ${addDays(asOf, -w)}::date), 0)
      from usage_daily u
     where u.company_id = ${companyId}
       and u.day >= ${addDays(asOf, -2 * w)}::date and u.day < ${asOf}::date and u.customer_id between ${first} and ${last}
     group by u.customer_id`;
}

/**
 * The sums as of `to` from those as of `from`: each usage day adds its users to the windows
 * of `to` it falls in and takes them off those of `from`. Only days in one set of windows
 * and not the other change anything: three ranges of (to - from) days each.
 */
async function slideRollups(
  tx: TransactionSql,
  companyId: number,
  w: number,
  from: string,
  to: string,
  range: CustomerRange | null,
) {
  const { from: first, to: last } = range ?? ALL;
  type Range = readonly [string, string];
  const lastTo: Range = [addDays(to, -w), to];
  const lastFrom: Range = [addDays(from, -w), from];
  const prevTo: Range = [addDays(to, -2 * w), addDays(to, -w)];
  const prevFrom: Range = [addDays(from, -2 * w), addDays(from, -w)];
  const within = ([start, end]: Range) => tx`(u.day >= ${start}::date and u.day < ${end}::date)`;
  // Grouped by sorting, not hashing: the new day's rows then come in customer order and go
  // into the rollups' key at its end, one page after the next. A hash's order scattered them
  // over the key (at a million customers 5.3 s a half where sorted takes 3.3 s, measured).
  await allowPlans(tx, { hashagg: false });
  await tx`
    insert into usage_rollups (company_id, window_days, as_of, customer_id, last_sum, prev_sum)
    select ${companyId}, ${w}, ${to}::date, s.customer_id, sum(s.last_sum), sum(s.prev_sum)
      from (
        select r.customer_id, r.last_sum, r.prev_sum
          from usage_rollups r
         where r.company_id = ${companyId} and r.window_days = ${w} and r.as_of = ${from}::date
               and r.customer_id between ${first} and ${last}
        union all
        select u.customer_id,
               u.active_users * (${within(lastTo)}::int - ${within(lastFrom)}::int),
               u.active_users * (${within(prevTo)}::int - ${within(prevFrom)}::int)
          from usage_daily u
         where u.company_id = ${companyId}
           and (${within([prevFrom[0], prevTo[0]])} or ${within([lastFrom[0], lastTo[0]])}
                or ${within([from, to])}) and u.customer_id between ${first} and ${last}
      ) s
     group by s.customer_id`;
  await allowPlans(tx, { hashagg: true });
}
