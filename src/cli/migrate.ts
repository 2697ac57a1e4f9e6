import { openDatabase } from '../db/connection.ts';
import { listMigrations, migrate } from '../db/migrate.ts';
import { type CommandContext, UsageError } from './context.ts';

export const usage = 'renubu migrate                          apply migrations';

/** `renubu migrate`: apply every migration not yet applied, and say which. */
export async function run(ctx: CommandContext, args: string[]): Promise<number> {
  if (args.length > 0)
    throw new UsageError(`renubu migrate takes no arguments (got ${args.join(' ')}).`);
  const db = await openDatabase({
    databaseUrl: ctx.settings.databaseUrl,
    home: ctx.settings.home,
    max: 2,
    onNotice: (message) => ctx.err.write(`${message}\n`),
  });
  try {
    const applied = await migrate(db.sql);
    const total = (await listMigrations()).length;
    ctx.out.write(
      applied.length === 0
        ? `Database is up to date (${total} migrations; ${db.describe}).\n`
        : `Applied ${applied.length} migration(s): ${applied.join(', ')} (${db.describe}).\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
