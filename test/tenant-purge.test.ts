/**
 * Purging a tenant (issue 18 item 4, PRODUCT.md §13): `renubu tenant purge COMPANY --yes`
 * deletes every row of that company in one transaction and not one row of another (every
 * table counted before and after), asks for --yes first, names an unknown company; the
 * nightly purge does it for a company uninstalled longer than RETENTION_TENANT_DAYS, by the
 * injected clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeOldRows } from '../jobs/purge.ts';
import { runCli } from '../src/cli/index.ts';
import { fixedClock } from '../src/clock.ts';
import { DEFAULT_RETENTION } from '../src/config.ts';
import type { Sql } from '../src/db/connection.ts';
import { enqueue } from '../src/db/outbox.ts';
import { countTenantRows, findCompanyByExternalId } from '../src/db/tenant-purge.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { captureOutput } from './helpers/output.ts';
import { jobDeps } from './jobs/world.ts';
import { seedWorld } from './slack/world.ts';

const DAY = '2026-11-25';
const NOW = new Date(`${DAY}T03:30:00Z`);
let db: TestDatabase;

async function cli(...argv: string[]) {
  const out = captureOutput();
  const err = captureOutput();
  const code = await runCli(argv, {
    env: { DATABASE_URL: db.url },
    cwd: '/tmp',
    out,
    err,
    clock: fixedClock(NOW),
  });
  return { code, out: out.text(), err: err.text() };
}

/** Rows in every table of the schema, by table. */
async function everyTable(sql: Sql): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }[]>`
    select table_name from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`;
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row] = await sql<{ count: number }[]>`select count(*)::int as count from ${sql(table)}`;
    counts[table] = row!.count;
  }
  return counts;
}

/** Rows of a company outside the cascade: outbox, an event, jobs by company, CSM, execution. */
async function bookkeeping(sql: Sql, companyId: number, tag: string) {
  const [csm] = await sql<{ id: number }[]>`
    select id from csms where company_id = ${companyId} order by id limit 1`;
  const [customer] = await sql<{ id: number }[]>`
    select id from customers where company_id = ${companyId} order by id limit 1`;
  await enqueue(sql, {
    idempotencyKey: `${tag}:dm`,
    channel: 'slack',
    kind: 'test',
    recipient: 'U0X',
    payload: { text: tag },
    companyId,
    availableAt: NOW,
  });
  await sql`
    insert into events (company_id, customer_id, event_key, type, occurred_at)
    values (${companyId}, ${customer!.id}, ${`${tag}:ev`}, 'ticket.created', ${NOW})`;
  await sql`
    insert into agenda_jobs (name, data) values
      ('daily-run', ${sql.json({ key: `daily-run:${csm!.id}`, csmId: csm!.id, companyId })}),
      ('nightly-digest', ${sql.json({ key: `nightly-digest:${csm!.id}`, csmId: csm!.id })})`;
  const [execution] = await sql<{ id: number }[]>`
    select id from workflow_executions where company_id = ${companyId} order by id limit 1`;
  if (execution) {
    await sql`
      insert into agenda_jobs (name, data)
      values ('snooze-wakeup', ${sql.json({ key: `wake:${execution.id}:0`, executionId: execution.id })})`;
  }
}

let acme: number;
let demo: number;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedWorld(db.sql);
  const ran = await cli('demo', '--as-of', DAY);
  expect(ran.code, ran.err).toBe(0);
  acme = (await findCompanyByExternalId(db.sql, 'acme'))!.id;
  demo = (await findCompanyByExternalId(db.sql, 'demo'))!.id;
  await bookkeeping(db.sql, acme, 'acme');
  await bookkeeping(db.sql, demo, 'demo');
  await db.sql`insert into agenda_jobs (name, data) values ('weekly', ${db.sql.json({ key: 'weekly' })})`;
}, 120_000);
afterAll(() => db.drop());

describe('renubu tenant purge', () => {
  it('says what it would delete, with counts, and deletes nothing without --yes', async () => {
    const before = await everyTable(db.sql);
    const counts = await countTenantRows(db.sql, demo);
    const { code, out, err } = await cli('tenant', 'purge', 'demo');
    expect(code).toBe(1);
    expect(out).toContain(`Would delete every row of `);
    expect(out).toContain(`customers ${counts.customers},`);
    expect(out).toContain(`agenda_jobs ${counts.agenda_jobs},`);
    expect(out).toMatch(/, companies 1\.\n$/);
    expect(err).toContain('run again with --yes');
    expect(await everyTable(db.sql)).toEqual(before);
  });

  it('names an unknown company and the known ones', async () => {
    const { code, err } = await cli('tenant', 'purge', 'initech', '--yes');
    expect(code).toBe(1);
    expect(err).toBe('No company with external id "initech". Known companies: acme, demo.\n');
    expect((await cli('tenant', 'purge')).err).toContain('Say which company to purge');
    expect((await cli('tenant', 'wipe', 'acme')).code).toBe(2);
  });

  it("deletes every row of the company and none of another's", async () => {
    const before = await everyTable(db.sql);
    const acmeBefore = await countTenantRows(db.sql, acme);
    const demoRows = await countTenantRows(db.sql, demo);
    // the demo touches many tables: the check is worth something
    expect(Object.keys(demoRows).length).toBeGreaterThanOrEqual(10);

    const { code, out, err } = await cli('tenant', 'purge', 'demo', '--yes');
    expect(code, err).toBe(0);
    expect(out).toMatch(/^Deleted .*\(demo\): .*, companies 1\.\n$/);

    const after = await everyTable(db.sql);
    const expected = { ...before };
    for (const [table, count] of Object.entries(demoRows)) expected[table]! -= count;
    expect(after).toEqual(expected);
    expect(await countTenantRows(db.sql, demo)).toEqual({});
    expect(await countTenantRows(db.sql, acme)).toEqual(acmeBefore);
    const jobs = await db.sql`select name from agenda_jobs order by name`;
    expect(jobs.map((job) => job.name)).toEqual(['daily-run', 'nightly-digest', 'weekly']);
  });
});

describe('the nightly purge of uninstalled companies', () => {
  it('purges a company uninstalled longer than RETENTION_TENANT_DAYS ago, by the clock', async () => {
    await db.sql`
      insert into companies (external_id, name, uninstalled_at)
      values ('gone', 'Gone', ${new Date(NOW.getTime() - 31 * 86_400_000)}),
             ('recent', 'Recent', ${new Date(NOW.getTime() - 29 * 86_400_000)})`;
    const gone = (await findCompanyByExternalId(db.sql, 'gone'))!.id;
    await db.sql`
      insert into csms (company_id, external_id, name, email)
      values (${gone}, 'csm-gone', 'Gone CSM', 'g@gone.test')`;
    const acmeBefore = await countTenantRows(db.sql, acme);
    const deps = { ...jobDeps(db.sql, null, fixedClock(NOW)), retention: DEFAULT_RETENTION };
    expect(DEFAULT_RETENTION.tenantDays).toBe(30);
    const report = await purgeOldRows(deps);
    expect(report.tenants).toEqual(['gone']);
    const left = await db.sql`select external_id from companies order by id`;
    expect(left.map((row) => row.external_id)).toEqual(['acme', 'recent']);
    expect(await countTenantRows(db.sql, acme)).toEqual(acmeBefore);
    // a shorter setting purges the other one too
    const shorter = { ...deps, retention: { ...DEFAULT_RETENTION, tenantDays: 7 } };
    expect((await purgeOldRows(shorter)).tenants).toEqual(['recent']);
  });
});
