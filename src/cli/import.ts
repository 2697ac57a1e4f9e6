import { parseArgs } from 'node:util';
import { listCompanies } from '../db/companies.ts';
import type { Sql } from '../db/connection.ts';
import { RenubuError } from '../errors.ts';
import { formatProblems, formatSummary, importSources, openImportPath } from '../import/index.ts';
import { progressBar } from '../import/progress-bar.ts';
import { type CommandContext, UsageError } from './context.ts';

export const usage =
  'renubu import PATH [--skip-invalid] [--company ID [--new-company]]   import a dataset folder or JSON file; --company names a stored company, --new-company creates one';

/**
 * A mistyped `--company` must not create an empty company quietly: an unknown id is refused
 * with the known ones listed, unless `--new-company` says so or no company exists yet.
 */
async function checkCompany(sql: Sql, company: string, create: boolean): Promise<void> {
  const known = (await listCompanies(sql)).map((c) => c.external_id);
  if (create || known.length === 0 || known.includes(company)) return;
  throw new RenubuError(
    'not_found',
    `No company "${company}" is stored (known: ${known.join(', ')}). ` +
      'Check the id, or add --new-company to create it.',
  );
}

/**
 * `renubu import PATH`: load a folder of CSV files or one JSON file (PRODUCT.md §2). Prints a
 * line per file, the bad rows, and exits 1 when any row was rejected.
 */
export async function run(ctx: CommandContext, args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'renubu import needs the PATH of a folder of CSV files or of a JSON file.'
        : `renubu import takes one PATH (got ${positionals.join(' ')}).`,
    );
  const company = values.company?.trim();
  if (company === '') throw new UsageError('--company needs a company id, e.g. --company acme.');

  const opened = await openImportPath(positionals[0]!);
  const terminal = ctx.err.isTTY ? ctx.err : ctx.out.isTTY ? ctx.out : undefined;
  const bar = terminal ? progressBar(terminal) : undefined;
  const db = await ctx.openDatabase({ max: 2 });
  try {
    if (company) await checkCompany(db.sql, company, values['new-company'] === true);
    const report = await importSources(db.sql, opened, {
      defaultTimezone: ctx.settings.defaultTimezone,
      skipInvalid: values['skip-invalid'] === true,
      ...(company ? { company } : {}),
      ...(bar ? { onProgress: bar.onProgress } : {}),
    });
    bar?.stop();
    ctx.err.write(formatProblems(report));
    ctx.out.write(formatSummary(report));
    return report.rejected > 0 ? 1 : 0;
  } finally {
    bar?.stop();
    await db.close();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      'skip-invalid': { type: 'boolean' },
      company: { type: 'string' },
      'new-company': { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
}
