/**
 * A throwaway database for a benchmark: on DATABASE_URL's server when set (created and
 * dropped there), else on an embedded PostgreSQL in a temp folder. Migrated, ready to fill.
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
  drop(): Promise<void>;
}

export async function createScratchDatabase(label: string, max = 4): Promise<ScratchDatabase> {
  let home: string | undefined;
  let release = async () => {};
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-bench-'));
    await fs.chmod(home, 0o755); // reachable by the server's user when run as root
    const server = await startEmbeddedDatabase({ home, onNotice: () => {} });
    adminUrl = server.url;
    release = server.release;
  }
  const name = `renubu_bench_${label}_${process.pid}`;
  const admin = await connect(adminUrl, 1);
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(adminUrl, name);
  const sql = await connect(url, max);
  await migrate(sql);
  return {
    sql,
    url,
    async drop() {
      await sql.end();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
      await release();
      if (home) await fs.rm(home, { recursive: true, force: true });
    },
  };
}
