import { applicationName, commandPool } from '../db/budget.ts';
import { openDatabase } from '../db/connection.ts';
import { listMigrations } from '../db/migrate.ts';
import { prepareDatabase, type ShippedSync } from '../workflows/default-definitions-sync.ts';
import { type CommandContext, UsageError } from './context.ts';

export const usage =
  'renubu migrate                          apply migrations and store the built-in workflow definitions';

/** One line on the shipped definitions: what was stored, and any global row kept as loaded. */
function describeDefinitions(sync: ShippedSync): string {
  const total = sync.inserted.length + sync.updated.length + sync.unchanged + sync.kept.length;
  const parts = [
    `${sync.inserted.length} new`,
    `${sync.updated.length} updated`,
    `${sync.unchanged} unchanged`,
  ];
  let line = `Built-in workflow definitions: ${total} (${parts.join(', ')}).\n`;
  if (sync.kept.length > 0) {
    line +=
      `Kept your own global definition of ${sync.kept.join(', ')} ` +
      '(loaded with `renubu definitions load`); the built-in one was not stored over it.\n';
  }
  return line;
}

/** `renubu migrate`: apply every migration not yet applied, store the shipped definitions. */
export async function run(ctx: CommandContext, args: string[]): Promise<number> {
  if (args.length > 0)
    throw new UsageError(`renubu migrate takes no arguments (got ${args.join(' ')}).`);
  const db = await openDatabase({
    databaseUrl: ctx.settings.databaseUrl,
    home: ctx.settings.home,
    max: commandPool(ctx.settings.databasePoolMax, 2),
    applicationName: applicationName('migrate'),
    onNotice: (message) => ctx.err.write(`${message}\n`),
  });
  try {
    const { applied, definitions } = await prepareDatabase(db.sql);
    const total = (await listMigrations()).length;
    ctx.out.write(
      applied.length === 0
        ? `Database is up to date (${total} migrations; ${db.describe}).\n`
        : `Applied ${applied.length} migration(s): ${applied.join(', ')} (${db.describe}).\n`,
    );
    ctx.out.write(describeDefinitions(definitions));
    return 0;
  } finally {
    await db.close();
  }
}
