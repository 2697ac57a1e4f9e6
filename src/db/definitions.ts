/**
 * workflow_definitions (PRODUCT.md §4): global rows (company_id NULL) and a company's own,
 * which override the global one of the same workflow_id. Upserts bump `version` only when
 * the content changed, so storing the same definitions again changes nothing.
 */
import type { Sql, TransactionSql } from './connection.ts';

export interface DefinitionContent {
  workflow_id: string;
  name: string;
  description?: string | undefined;
  slide_sequence: string[];
  slide_contexts: Record<string, unknown>;
}

export interface DefinitionRow {
  id: number;
  workflow_id: string;
  company_id: number | null;
  name: string;
  description: string;
  slide_sequence: string[];
  slide_contexts: Record<string, unknown>;
  version: number;
}

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged';

/**
 * Insert or update one definition: global when `companyId` is null, else that company's.
 * The `where … is distinct from` leaves an identical row (and its version) alone.
 */
export async function upsertDefinition(
  sql: Sql | TransactionSql,
  companyId: number | null,
  d: DefinitionContent,
): Promise<UpsertOutcome> {
  const values = {
    workflow_id: d.workflow_id,
    company_id: companyId,
    name: d.name,
    description: d.description ?? '',
    slide_sequence: sql.array(d.slide_sequence),
    slide_contexts: sql.json(d.slide_contexts as Parameters<Sql['json']>[0]),
  };
  const conflict =
    companyId === null
      ? sql`(workflow_id) where company_id is null`
      : sql`(company_id, workflow_id) where company_id is not null`;
  const rows = await sql<{ inserted: boolean }[]>`
    insert into workflow_definitions ${sql(values)}
    on conflict ${conflict}
    do update set name = excluded.name,
                  description = excluded.description,
                  slide_sequence = excluded.slide_sequence,
                  slide_contexts = excluded.slide_contexts,
                  version = workflow_definitions.version + 1,
                  updated_at = now()
     where (workflow_definitions.name, workflow_definitions.description,
            workflow_definitions.slide_sequence, workflow_definitions.slide_contexts)
           is distinct from
           (excluded.name, excluded.description, excluded.slide_sequence, excluded.slide_contexts)
    returning (xmax = 0) as inserted`;
  const [row] = rows;
  if (!row) return 'unchanged';
  return row.inserted ? 'inserted' : 'updated';
}

/**
 * The definition a company uses for `workflowId`: its own row if it has one, else the global
 * one (the seed's `where workflow_id = … and company_id is null`); null when neither exists.
 */
export async function findDefinition(
  sql: Sql,
  companyId: number,
  workflowId: string,
): Promise<DefinitionRow | null> {
  const [row] = await sql<DefinitionRow[]>`
    select id, workflow_id, company_id, name, description, slide_sequence, slide_contexts, version
      from workflow_definitions
     where workflow_id = ${workflowId} and (company_id = ${companyId} or company_id is null)
     order by company_id nulls last
     limit 1`;
  return row ?? null;
}

export interface GlobalDefinitionRow extends DefinitionContent {
  description: string;
  shipped_hash: string | null;
}

/** The global rows (company_id NULL) of `workflowIds`, keyed by workflow id. */
export async function listGlobalDefinitions(
  sql: Sql | TransactionSql,
  workflowIds: readonly string[],
): Promise<Map<string, GlobalDefinitionRow>> {
  const rows = await sql<GlobalDefinitionRow[]>`
    select workflow_id, name, description, slide_sequence, slide_contexts, shipped_hash
      from workflow_definitions
     where company_id is null and workflow_id = any(${sql.array([...workflowIds])})`;
  return new Map(rows.map((row) => [row.workflow_id, row]));
}

/**
 * Write a shipped definition over the global row of its workflow id (insert when there is
 * none), recording `shippedHash`; the version goes up only when the content changed.
 * Never touches a company's row.
 */
export async function writeShippedDefinition(
  sql: Sql | TransactionSql,
  d: DefinitionContent,
  shippedHash: string,
): Promise<void> {
  const values = {
    workflow_id: d.workflow_id,
    company_id: null,
    name: d.name,
    description: d.description ?? '',
    slide_sequence: sql.array(d.slide_sequence),
    slide_contexts: sql.json(d.slide_contexts as Parameters<Sql['json']>[0]),
    shipped_hash: shippedHash,
  };
  await sql`
    insert into workflow_definitions ${sql(values)}
    on conflict (workflow_id) where company_id is null
    do update set name = excluded.name,
                  description = excluded.description,
                  slide_sequence = excluded.slide_sequence,
                  slide_contexts = excluded.slide_contexts,
                  shipped_hash = excluded.shipped_hash,
                  version = workflow_definitions.version
                    + case when (workflow_definitions.name, workflow_definitions.description,
                                 workflow_definitions.slide_sequence,
                                 workflow_definitions.slide_contexts)
                                is distinct from
                                (excluded.name, excluded.description, excluded.slide_sequence,
                                 excluded.slide_contexts)
                           then 1 else 0 end,
                  updated_at = now()`;
}

/** A company's id by its external id, or null. */
export async function findCompanyId(sql: Sql, externalId: string): Promise<number | null> {
  const [row] = await sql<{ id: number }[]>`
    select id from companies where external_id = ${externalId}`;
  return row?.id ?? null;
}
