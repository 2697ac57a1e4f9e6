/**
 * A throwaway database for a benchmark: on DATABASE_URL's server when set (created and
 * dropped there), else on an embedded PostgreSQL in a temp folder. Migrated, ready to fill.
 *
 * With `keep`, the database is named by that key and kept after the run (the embedded
 * server's data in a fixed folder under the temp dir), so a later run with the same key can
 * skip building it: `reused` says whether it was already there.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect, type Sql, withDatabase } from '../src/db/connection.ts';
import { startEmbeddedDatabase } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';

export interface ScratchDatabase {
  sql: Sql;
  url: string;
  /** A kept database found from an earlier run. */
  reused: boolean;
  drop(): Promise<void>;
}

export async function createScratchDatabase(
  label: string,
  max = 4,
  keep?: string,
): Promise<ScratchDatabase> {
  let home: string | undefined;
  let release = async () => {};
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    home = keep
      ? path.join(os.tmpdir(), 'renubu-bench-kept')
      : await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-bench-'));
    await fs.mkdir(home, { recursive: true });
    await fs.chmod(home, 0o755); // reachable by the server's user when run as root
    const server = await startEmbeddedDatabase({ home, onNotice: () => {} });
    adminUrl = server.url;
    release = server.release;
  }
  const name = keep
    ? `renubu_bench_${label}_${keep.replace(/\W/g, '_')}`
    : `renubu_bench_${label}_${process.pid}`;
  const admin = await connect(adminUrl, 1);
  const [found] = await admin`select 1 from pg_database where datname = ${name}`;
  if (!found) await admin.unsafe(`create database ${name}`);
  const url = withDatabase(adminUrl, name);
  const sql = await connect(url, max);
  await migrate(sql);
  return {
    sql,
    url,
    reused: Boolean(found),
    async drop() {
      await sql.end();
      if (!keep) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
      await release();
      if (home && !keep) await fs.rm(home, { recursive: true, force: true });
    },
  };
}
