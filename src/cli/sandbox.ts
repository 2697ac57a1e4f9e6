/**
 * `renubu sandbox [--port N]` (PRODUCT.md §10, §11): the bot plus a local page that plays
 * Slack for it, on the demo portfolio. It always runs on the embedded PostgreSQL under
 * RENUBU_HOME, in a database of its own (`renubu_sandbox`, made afresh at each start), so
 * trying Renubu never touches a configured database, Slack workspace or SMTP server.
 * `--definitions FILE` (repeatable) previews workflow definitions: checked as
 * `renubu definitions validate` checks them, then stored as the demo company's own.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applicationName, serverBudget } from '../db/budget.ts';
import { connect, type Database, openDatabase, withDatabase } from '../db/connection.ts';
import { findCompanyId } from '../db/definitions.ts';
import { localDay } from '../domain/dates.ts';
import { RenubuError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { type Sandbox, startSandbox } from '../sandbox/server.ts';
import { prepareDatabase } from '../workflows/default-definitions-sync.ts';
import type { WorkflowDefinition } from '../workflows/definitions.ts';
import { storeDefinitions } from '../workflows/store.ts';
import { type CommandContext, UsageError } from './context.ts';
import { checkDefinitions, readDefinitionsFile } from './definitions.ts';
import { DEMO_COMPANY, loadDemo } from './demo.ts';

export const usage =
  'renubu sandbox [--port N] [--definitions FILE]   the bot plus a local web page that plays Slack';

/** The sandbox's own database on the embedded server. */
export const SANDBOX_DATABASE = 'renubu_sandbox';

export interface SandboxArgs {
  port: number;
  host: string;
  /** Workflow definition files to preview, stored as the demo company's own. */
  definitions?: string[];
}

function parse(args: string[], fallback: number): SandboxArgs {
  try {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        definitions: { type: 'string', multiple: true },
      },
      strict: true,
    });
    const port = values.port === undefined ? fallback : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(`--port takes a whole number from 0 to 65535 (got "${values.port}").`);
    }
    return { port, host: values.host ?? '127.0.0.1', definitions: values.definitions ?? [] };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`renubu sandbox: ${(error as Error).message}`);
  }
}

/**
 * A fresh, migrated `renubu_sandbox` database on the embedded server of `server`. The admin
 * connection and `server`'s own pool are closed before the sandbox's pool opens, so the bot
 * (this pool and Agenda's) has all of DATABASE_POOL_MAX (db/budget.ts).
 */
async function freshSandboxDatabase(server: Database, poolMax: number): Promise<Database> {
  const name = applicationName('sandbox');
  const admin = await connect(withDatabase(server.url, 'postgres'), 1, name);
  try {
    await admin.unsafe(`drop database if exists ${SANDBOX_DATABASE} with (force)`);
    await admin.unsafe(`create database ${SANDBOX_DATABASE}`);
  } finally {
    await admin.end();
  }
  // the embedded server stays up until server.close(); its pool is not used again
  await server.sql.end({ timeout: 5 });
  const url = withDatabase(server.url, SANDBOX_DATABASE);
  const sql = await connect(url, serverBudget(poolMax).app, name);
  await prepareDatabase(sql);
  return {
    sql,
    url,
    applicationName: name,
    embedded: true,
    describe: `${server.describe}, database ${SANDBOX_DATABASE}`,
    close: () => sql.end({ timeout: 5 }),
  };
}

export interface SandboxRun {
  sandbox: Sandbox;
  stop(): Promise<void>;
}

/** Read and check every definitions file: all are good, or nothing starts. */
async function readPreviews(files: string[]): Promise<WorkflowDefinition[]> {
  const definitions: WorkflowDefinition[] = [];
  for (const file of files) {
    const checked = checkDefinitions(await readDefinitionsFile(file));
    if (checked.errors.length > 0) {
      const lines = checked.errors.map((error) => `${file}: ${error}`).join('\n');
      throw new RenubuError(
        'usage',
        `${lines}\n${file}: fix these to preview it; nothing started.`,
      );
    }
    definitions.push(...checked.definitions);
  }
  return definitions;
}

/** Start the sandbox (tests call this and `stop()` instead of sending a signal). */
export async function startSandboxCommand(
  ctx: CommandContext,
  options: SandboxArgs,
): Promise<SandboxRun> {
  const { settings } = ctx;
  const previews = await readPreviews(options.definitions ?? []);
  const server = await openDatabase({
    databaseUrl: undefined,
    home: settings.home,
    max: 1,
    applicationName: applicationName('sandbox'),
    onNotice: (message) => ctx.err.write(`${message}\n`),
  });
  let database: Database | undefined;
  try {
    database = await freshSandboxDatabase(server, settings.databasePoolMax);
    const today = localDay(ctx.clock.now(), 'UTC');
    ctx.out.write(`Loading the demo portfolio as of ${today} into ${database.describe}…\n`);
    const { report } = await loadDemo(database.sql, today, settings.defaultTimezone);
    if (report.rejected > 0) throw new Error(`${report.rejected} demo rows were rejected`);
    if (previews.length > 0) {
      const companyId = await findCompanyId(database.sql, DEMO_COMPANY);
      await storeDefinitions(database.sql, previews, companyId);
      const names = previews.map((d) => `"${d.workflow_id}" (${d.slide_sequence.join(' → ')})`);
      ctx.out.write(`Previewing ${names.join(', ')} as the demo company's definitions.\n`);
    }
    const sandbox = await startSandbox({
      settings,
      database,
      logger: createLogger(settings.logLevel === 'info' ? 'warn' : settings.logLevel),
      port: options.port,
      host: options.host,
      outboxDir: join(settings.home, 'sandbox-outbox'),
    });
    const ran = await sandbox.runMorning();
    ctx.out.write(`${ran.map((line) => `  ${line}`).join('\n')}\n`);
    const db = database;
    return {
      sandbox,
      async stop() {
        await sandbox.stop();
        await db.close();
        await server.close();
      },
    };
  } catch (error) {
    await database?.close();
    await server.close();
    throw error;
  }
}

export async function run(ctx: CommandContext, args: string[]): Promise<number> {
  const options = parse(args, ctx.settings.port);
  const { sandbox, stop } = await startSandboxCommand(ctx, options);
  const first = sandbox.users[0]?.name ?? 'a CSM';
  ctx.out.write(
    `\nRenubu sandbox: open ${sandbox.url} in a browser.\n` +
      `  ${sandbox.users.length} CSMs, each with this morning's DM; start with ${first}.\n` +
      '  Click through a workflow, type /renubu commands, and move time to run the jobs.\n' +
      '  Emails stay on this machine (shown in the page). Ctrl-C stops.\n',
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  ctx.out.write(`${signal}: stopping the sandbox.\n`);
  await stop();
  return 0;
}
