/**
 * `renubu tenant purge COMPANY --yes` (issue 18 item 4, PRODUCT.md §13): delete every row of
 * one company (COMPANY: its external id) in one transaction (src/db/tenant-purge.ts). Without
 * `--yes` it says what it would delete, with counts, deletes nothing and exits 1. The nightly
 * purge does the same by itself for a company uninstalled longer than RETENTION_TENANT_DAYS.
 */
import { parseArgs } from 'node:util';
import { listCompanies } from '../db/companies.ts';
import {
  countTenantRows,
  findCompanyByExternalId,
  purgeTenant,
  type TenantCounts,
} from '../db/tenant-purge.ts';
import { type CommandContext, UsageError } from './context.ts';

export const usage =
  "renubu tenant purge COMPANY [--yes]  delete all of a company's data (asks for --yes first)";

function parse(args: string[]) {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [action, company, extra] = parsed.positionals;
  if (action !== 'purge') {
    throw new UsageError(
      action === undefined
        ? "Say what to do: renubu tenant purge COMPANY (a company's external id)."
        : `Unknown action "${action}": the tenant command has one action, purge.`,
    );
  }
  if (company === undefined) {
    throw new UsageError(
      'Say which company to purge: its external id, e.g. renubu tenant purge acme.',
    );
  }
  if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}".`);
  return { company, yes: parsed.values.yes };
}

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    options: { yes: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
}

/** Rows by table: `usage_daily 3600, customers 40, …, companies 1`, largest first. */
function describe(counts: TenantCounts): string {
  const entries = Object.entries(counts).filter(([table]) => table !== 'companies');
  entries.sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return [...entries, ['companies', counts.companies ?? 0] as const]
    .map(([table, count]) => `${table} ${count}`)
    .join(', ');
}

export async function run(ctx: CommandContext, args: string[]): Promise<number> {
  const { company: externalId, yes } = parse(args);
  const db = await ctx.openDatabase({ max: 2 });
  try {
    const company = await findCompanyByExternalId(db.sql, externalId);
    if (!company) {
      const known = (await listCompanies(db.sql)).map((c) => c.external_id);
      ctx.err.write(
        `No company with external id "${externalId}". ` +
          (known.length > 0
            ? `Known companies: ${known.join(', ')}.\n`
            : 'There are no companies.\n'),
      );
      return 1;
    }
    const label = `${company.name} (${company.external_id})`;
    if (!yes) {
      const counts = await countTenantRows(db.sql, company.id);
      ctx.out.write(`Would delete every row of ${label}: ${describe(counts)}.\n`);
      ctx.err.write(
        `Nothing deleted. This cannot be undone: run again with --yes to delete it ` +
          `(renubu tenant purge ${company.external_id} --yes).\n`,
      );
      return 1;
    }
    const deleted = await purgeTenant(db.sql, company.id);
    ctx.out.write(`Deleted ${label}: ${describe(deleted)}.\n`);
    return 0;
  } finally {
    await db.close();
  }
}
