/**
 * Purging a tenant (issue 18 item 4, PRODUCT.md §13): every row of one company, in one
 * transaction, by `renubu tenant purge COMPANY --yes` or by the nightly purge once the company
 * has been uninstalled longer than RETENTION_TENANT_DAYS. Every table with a `company_id`
 * goes with the company: their foreign keys cascade from `companies`, and the workflow tables
 * and tasks, which refer to a CSM without cascading, are deleted first. The tables are read
 * from the catalog, so a new tenant table is counted and checked without a change here; and
 * so go the company's scheduled jobs (`agenda_jobs`, whose data names the company, one of its
 * CSMs or one of its workflow executions). `slack_events_seen` holds no company: it is
 * trimmed by age every night (src/db/retention.ts).
 */
import type { Sql, TransactionSql } from './connection.ts';
import { DAILY_RUN_LOCK } from './daily-writes.ts';

export interface TenantRef {
  id: number;
  external_id: string;
  name: string;
  uninstalled_at: Date | null;
}

/** Rows of the company, by table (`companies` itself, and `agenda_jobs` for its jobs). */
export type TenantCounts = Record<string, number>;

export async function findCompanyByExternalId(
  sql: Sql,
  externalId: string,
): Promise<TenantRef | undefined> {
  const [row] = await sql<TenantRef[]>`
    select id, external_id, name, uninstalled_at from companies where external_id = ${externalId}`;
  return row ? { ...row, id: Number(row.id) } : undefined;
}

/** Tables holding a `company_id`, from the catalog, in name order. */
async function tenantTables(sql: Sql | TransactionSql): Promise<string[]> {
  const rows = await sql<{ table_name: string }[]>`
    select c.table_name from information_schema.columns c
      join information_schema.tables t
        on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = current_schema() and c.column_name = 'company_id'
       and t.table_type = 'BASE TABLE' and c.table_name <> 'companies'
     order by c.table_name`;
  return rows.map((row) => row.table_name);
}

/** The company's scheduled jobs: by company, by one of its CSMs, by one of its executions. */
function jobsOf(sql: Sql | TransactionSql, companyId: number) {
  return sql`
    j.data->>'companyId' = ${String(companyId)}
    or j.data->>'csmId' in (select id::text from csms where company_id = ${companyId})
    or j.data->>'executionId' in
       (select id::text from workflow_executions where company_id = ${companyId})`;
}

/** How many rows of each table belong to the company (tables with none are left out). */
export async function countTenantRows(
  sql: Sql | TransactionSql,
  companyId: number,
): Promise<TenantCounts> {
  const counts: TenantCounts = {};
  const [company] = await sql`select 1 from companies where id = ${companyId}`;
  if (company) counts.companies = 1;
  for (const table of await tenantTables(sql)) {
    const [row] = await sql<{ count: number }[]>`
      select count(*)::int as count from ${sql(table)} where company_id = ${companyId}`;
    if (row && row.count > 0) counts[table] = row.count;
  }
  const [jobs] = await sql<{ count: number }[]>`
    select count(*)::int as count from agenda_jobs j where ${jobsOf(sql, companyId)}`;
  if (jobs && jobs.count > 0) counts.agenda_jobs = jobs.count;
  return counts;
}

/**
 * Delete every row of the company in one transaction; returns what was deleted, by table.
 * Throws (and deletes nothing) if any row of the company would be left behind.
 */
export async function purgeTenant(sql: Sql, companyId: number): Promise<TenantCounts> {
  return sql.begin(async (tx) => {
    // no daily run of the company is writing (or starts) while its rows go
    await tx`select pg_advisory_xact_lock(${DAILY_RUN_LOCK}, ${companyId}::int)`;
    const counts = await countTenantRows(tx, companyId);
    await tx`delete from agenda_jobs j where ${jobsOf(tx, companyId)}`;
    // these refer to a CSM without cascading (a CSM with work is never deleted by an import):
    // they go first, with what cascades from them (step states, actions, metrics)
    await tx`delete from tasks where company_id = ${companyId}`;
    await tx`delete from workflow_executions where company_id = ${companyId}`;
    await tx`delete from workflow_instances where company_id = ${companyId}`;
    await tx`delete from companies where id = ${companyId}`;
    const left = await countTenantRows(tx, companyId);
    if (Object.keys(left).length > 0) {
      throw new Error(`purging company ${companyId} left rows behind: ${JSON.stringify(left)}`);
    }
    return counts;
  });
}

/** Companies uninstalled before `before` (their retention period has passed), oldest first. */
export async function companiesUninstalledBefore(sql: Sql, before: Date): Promise<TenantRef[]> {
  const rows = await sql<TenantRef[]>`
    select id, external_id, name, uninstalled_at from companies
     where uninstalled_at is not null and uninstalled_at < ${before}
     order by uninstalled_at, id`;
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}
