/** A fresh, migrated database per test file, cloned from the run's template. */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { connect, type Sql, withDatabase } from '../../src/db/connection.ts';

export interface TestDatabase {
  sql: Sql;
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Clone the migrated template (or, with `empty`, make a database with no schema at all). */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const name = `renubu_test_${randomBytes(5).toString('hex')}`;
  const admin = await connect(adminUrl, 1);
  const template = options.empty ? 'template0' : inject('templateDatabase');
  try {
    // Cloning needs the template to have no other sessions; retry briefly if one is closing.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database ${name} template ${template}`);
        break;
      } catch (error) {
        if (attempt > 20 || (error as { code?: string }).code !== '55006') throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const sql = await connect(url, 5);
  return {
    sql,
    url,
    name,
    async drop() {
      await sql.end({ timeout: 5 });
      const cleanup = await connect(adminUrl, 1);
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
