/**
 * The shipped definitions in the database: every time a database is opened for work the
 * global rows (company_id NULL) are brought to the definitions this version of Renubu ships.
 * A row still holding the content last shipped to it is replaced by a newer shipped version;
 * a global row someone loaded by hand (`renubu definitions load`) is kept, and a company's
 * own rows are never read or written here.
 */
import { createHash } from 'node:crypto';
import type { Sql } from '../db/connection.ts';
import {
  type DefinitionContent,
  listGlobalDefinitions,
  writeShippedDefinition,
} from '../db/definitions.ts';
import { migrate } from '../db/migrate.ts';
import { DEFAULT_DEFINITIONS } from './default-definitions.ts';

/** Any constant will do; it only has to be the same in every process. */
const SHIPPED_LOCK = 7_240_118;

export interface ShippedSync {
  inserted: string[];
  updated: string[];
  unchanged: number;
  /** Global rows loaded by hand over a shipped one: left as they are. */
  kept: string[];
}

/** JSON with object keys sorted, so equal content hashes equally however jsonb ordered it. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A hash of what a definition shows (name, description, slides and their contexts). */
export function definitionHash(d: DefinitionContent): string {
  const content = {
    name: d.name,
    description: d.description ?? '',
    slide_sequence: d.slide_sequence,
    slide_contexts: d.slide_contexts,
  };
  return createHash('sha256').update(canonical(content)).digest('hex');
}

/**
 * Bring the global rows to `shipped` (the built-in definitions unless a test passes others),
 * in one transaction that concurrent processes take in turn. Idempotent.
 */
export async function syncShippedDefinitions(
  sql: Sql,
  shipped: readonly DefinitionContent[] = DEFAULT_DEFINITIONS,
): Promise<ShippedSync> {
  const result: ShippedSync = { inserted: [], updated: [], unchanged: 0, kept: [] };
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${SHIPPED_LOCK})`;
    const rows = await listGlobalDefinitions(
      tx,
      shipped.map((d) => d.workflow_id),
    );
    for (const d of shipped) {
      const hash = definitionHash(d);
      const row = rows.get(d.workflow_id);
      const held = row ? definitionHash(row) : null;
      if (!row) {
        await writeShippedDefinition(tx, d, hash);
        result.inserted.push(d.workflow_id);
      } else if (held === hash) {
        // Already the shipped content (stored before hashes were kept): adopt it.
        if (row.shipped_hash !== hash) await writeShippedDefinition(tx, d, hash);
        result.unchanged++;
      } else if (row.shipped_hash !== null && held === row.shipped_hash) {
        await writeShippedDefinition(tx, d, hash);
        result.updated.push(d.workflow_id);
      } else {
        result.kept.push(d.workflow_id);
      }
    }
  });
  return result;
}

/**
 * What opens a database for work: apply the migrations, then store the shipped definitions.
 * Every door (migrate, serve, daily-run, import, demo, sandbox) goes through this one path.
 */
export async function prepareDatabase(
  sql: Sql,
): Promise<{ applied: string[]; definitions: ShippedSync }> {
  const applied = await migrate(sql);
  const definitions = await syncShippedDefinitions(sql);
  return { applied, definitions };
}
