/**
 * Storing and loading workflow definitions: a file's definitions in one transaction (the
 * shipped defaults are stored by default-definitions-sync.ts), and the definition a company
 * uses, validated on the way out so a row that no longer fits the slide library is an
 * error, not a broken thread.
 */
import type { Sql } from '../db/connection.ts';
import { findDefinition, type UpsertOutcome, upsertDefinition } from '../db/definitions.ts';
import { RenubuError } from '../errors.ts';
import { parseDefinitions, type WorkflowDefinition } from './definitions.ts';

export type StoreCounts = Record<UpsertOutcome, number>;

/**
 * Upsert `definitions` (global when `companyId` is null) in one transaction; idempotent:
 * storing the same content again leaves every row and version as it was.
 */
export async function storeDefinitions(
  sql: Sql,
  definitions: readonly WorkflowDefinition[],
  companyId: number | null,
): Promise<StoreCounts> {
  const counts: StoreCounts = { inserted: 0, updated: 0, unchanged: 0 };
  await sql.begin(async (tx) => {
    for (const definition of definitions) {
      counts[await upsertDefinition(tx, companyId, definition)]++;
    }
  });
  return counts;
}

export interface LoadedDefinition {
  id: number;
  version: number;
  /** null: the global default. */
  companyId: number | null;
  definition: WorkflowDefinition;
}

/** The validated definition a company uses for `workflowId` (its own, else the global one). */
export async function loadDefinition(
  sql: Sql,
  companyId: number,
  workflowId: string,
): Promise<LoadedDefinition> {
  const row = await findDefinition(sql, companyId, workflowId);
  if (!row) {
    throw new RenubuError(
      'not_found',
      `No workflow definition "${workflowId}" is stored: run \`renubu migrate\` to store the built-in ones, or \`renubu definitions load FILE\` for your own.`,
    );
  }
  const parsed = parseDefinitions({
    workflow_id: row.workflow_id,
    name: row.name,
    ...(row.description ? { description: row.description } : {}),
    slide_sequence: row.slide_sequence,
    slide_contexts: row.slide_contexts,
  });
  if (!parsed.ok) {
    throw new RenubuError(
      'composition_failed',
      `The stored workflow definition "${workflowId}" is not valid: ${parsed.errors.join('; ')}`,
    );
  }
  return {
    id: row.id,
    version: row.version,
    companyId: row.company_id,
    definition: parsed.definitions[0]!,
  };
}
