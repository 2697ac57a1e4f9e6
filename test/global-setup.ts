/**
 * One PostgreSQL for the whole test run: DATABASE_URL when set, else a throwaway embedded
 * server in a temp folder. The template database is prepared once as every door prepares one
 * (migrations, then the shipped definitions); each test file clones it (test/helpers/db.ts),
 * so files run in parallel without seeing each other.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadSettings } from '../src/config.ts';
import { connect, withDatabase } from '../src/db/connection.ts';
import { startEmbeddedDatabase } from '../src/db/embedded.ts';
import { prepareDatabase } from '../src/workflows/default-definitions-sync.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const settings = loadSettings(process.env, process.cwd());
  let home: string | undefined;
  let release = async () => {};
  let adminUrl = settings.databaseUrl;
  if (!adminUrl) {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-test-'));
    await fs.chmod(home, 0o755); // reachable by the server's user when we run as root
    const server = await startEmbeddedDatabase({ home, onNotice: () => {} });
    adminUrl = server.url;
    release = server.release;
  }
  const templateDatabase = `renubu_template_${process.pid}`;
  const admin = await connect(adminUrl, 2);
  await admin.unsafe(`drop database if exists ${templateDatabase}`);
  await admin.unsafe(`create database ${templateDatabase}`);
  const templateUrl = withDatabase(adminUrl, templateDatabase);
  const template = await connect(templateUrl, 1);
  await prepareDatabase(template);
  await template.end();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    await admin
      .unsafe(`drop database if exists ${templateDatabase} with (force)`)
      .catch(() => undefined);
    await admin.end();
    await release();
    if (home) await fs.rm(home, { recursive: true, force: true });
  };
}
