/**
 * `renubu weights [show|pin|unpin|rollback VERSION] [--company ID]` (issue 8): the feedback
 * loop's versions of each company's priority weights with their reasons; pin the latest
 * version (re-tuning then only logs its proposals), unpin, or roll back to a version (a new
 * version with that version's weights). `--company` takes a company's external id or id and
 * may be left out when there is one company (`show` then lists every company).
 */
import { parseArgs } from 'node:util';
import { type CompanyRow, listCompanies } from '../db/companies.ts';
import {
  listWeightVersions,
  rollbackWeights,
  setLatestPinned,
  type WeightVersionRow,
} from '../db/priority-weights.ts';
import { resolveSettings } from '../domain/settings.ts';
import { RenubuError } from '../errors.ts';
import { type CommandContext, UsageError } from './context.ts';

export const usage =
  'renubu weights [show|pin|unpin|rollback VERSION] [--company ID]  priority weight versions';

function parse(args: string[]) {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [action = 'show', version, extra] = parsed.positionals;
  if (!['show', 'pin', 'unpin', 'rollback'].includes(action)) {
    throw new UsageError(`Unknown action "${action}": show, pin, unpin or rollback VERSION.`);
  }
  const wanted = action === 'rollback' ? 1 : 0;
  if ((wanted === 1 && version === undefined) || (wanted === 0 ? version : extra) !== undefined) {
    throw new UsageError(
      wanted ? 'rollback takes one VERSION.' : `${action} takes no further argument.`,
    );
  }
  const to = version === undefined ? null : Number(version.replace(/^v/, ''));
  if (to !== null && !(Number.isInteger(to) && to > 0)) {
    throw new UsageError(`VERSION is a version number such as 1 or v1 (got "${version}").`);
  }
  return { action, to, company: parsed.values.company ?? null };
}

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    options: { company: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
}

function pick(companies: CompanyRow[], key: string | null, all: boolean): CompanyRow[] {
  if (key === null) {
    if (all || companies.length === 1) return companies;
    throw new UsageError(`There are ${companies.length} companies: say which with --company.`);
  }
  const found = companies.filter((c) => c.external_id === key || String(c.id) === key);
  if (found.length === 0) throw new RenubuError('not_found', `No company "${key}".`);
  return found;
}

function versionLine(v: WeightVersionRow): string {
  const w = Object.entries(v.weights)
    .map(([k, n]) => `${k}=${n}`)
    .join(' ');
  const flags = `${v.pinned ? ' [pinned]' : ''}`;
  return `  v${v.version}${flags} ${v.created_at.toISOString().slice(0, 10)} ${w}\n      ${v.reason}\n`;
}

export async function run(ctx: CommandContext, args: string[]): Promise<number> {
  const options = parse(args);
  const db = await ctx.openDatabase({ max: 2 });
  try {
    const companies = pick(await listCompanies(db.sql), options.company, options.action === 'show');
    for (const company of companies) {
      if (options.action === 'pin' || options.action === 'unpin') {
        const row = await setLatestPinned(db.sql, company.id, options.action === 'pin');
        if (!row) throw new RenubuError('not_found', `${company.external_id} has no versions yet.`);
        ctx.out.write(`${company.external_id}: v${row.version} ${options.action}ned\n`);
      } else if (options.action === 'rollback') {
        const row = await rollbackWeights(db.sql, company.id, options.to!);
        ctx.out.write(`${company.external_id}: v${row.version} (${row.reason})\n`);
      } else {
        const versions = await listWeightVersions(db.sql, company.id);
        ctx.out.write(`${company.external_id} (${company.name})\n`);
        if (versions.length === 0) {
          const w = resolveSettings(company.settings ?? {}).priority.weights;
          ctx.out.write(`  no versions yet; settings weights ${JSON.stringify(w)}\n`);
        }
        for (const v of versions) ctx.out.write(versionLine(v));
      }
    }
    return 0;
  } finally {
    await db.close();
  }
}
