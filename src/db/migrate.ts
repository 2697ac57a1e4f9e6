/**
 * Forward-only migrations: `migrations/NNNN_name.sql`, applied in order, each in its own
 * transaction together with the row that records it. A transaction-scoped advisory lock
 * makes two processes migrating at once take turns; the second finds the work done.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RenubuError } from '../errors.ts';
import type { Sql } from './connection.ts';

export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../migrations',
);

/** Any constant will do; it only has to be the same in every process. */
const MIGRATION_LOCK = 7_240_117;

export interface Migration {
  id: string;
  file: string;
}

export async function listMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await fs.readdir(dir)).filter((name) => /^\d{4}_[\w-]+\.sql$/.test(name)).sort();
  return names.map((name) => ({ id: name.replace(/\.sql$/, ''), file: path.join(dir, name) }));
}

/**
 * A database migrated by a newer Renubu holds migrations this code does not know: its
 * schema may have moved on under this code's queries, so every door refuses to run on it
 * (every command opens the database through `migrate`).
 */
async function refuseUnknownMigrations(sql: Sql, known: Migration[]): Promise<void> {
  const [table] = await sql<{ exists: boolean }[]>`
    select to_regclass('schema_migrations') is not null as exists`;
  if (!table?.exists) return;
  const unknown = await sql<{ id: string }[]>`
    select id from schema_migrations where id <> all(${known.map((m) => m.id)}::text[])
     order by id`;
  if (unknown.length === 0) return;
  const ids = unknown.map((row) => row.id).join(', ');
  const which = unknown.length === 1 ? `migration ${ids}` : `migrations ${ids}`;
  throw new RenubuError(
    'database_newer',
    `The database has ${which} that this Renubu does not know; it was migrated by a newer ` +
      'version. Upgrade Renubu.',
  );
}

/** Apply every migration not yet recorded; returns the ids applied by this call. */
export async function migrate(sql: Sql, dir = MIGRATIONS_DIR): Promise<string[]> {
  const applied: string[] = [];
  const migrations = await listMigrations(dir);
  await refuseUnknownMigrations(sql, migrations);
  for (const migration of migrations) {
    const text = await fs.readFile(migration.file, 'utf8');
    const ran = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`;
      await tx`
        create table if not exists schema_migrations (
          id text primary key,
          applied_at timestamptz not null default now()
        )`;
      const [done] = await tx`select 1 from schema_migrations where id = ${migration.id}`;
      if (done) return false;
      try {
        await tx.unsafe(text);
      } catch (cause) {
        const message = (cause as Error).message;
        throw new RenubuError(
          'migration_failed',
          `Migration ${migration.id} failed and was rolled back: ${message}`,
          { cause },
        );
      }
      await tx`insert into schema_migrations (id) values (${migration.id})`;
      return true;
    });
    if (ran) applied.push(migration.id);
  }
  return applied;
}
