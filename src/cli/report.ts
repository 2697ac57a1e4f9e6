/**
 * `renubu report forecast [--as-of DATE] [--json]` (PRODUCT.md §10): per company, renewals
 * by month and stage over the next six calendar months, ARR at risk, expected uplift, the
 * top at-risk renewals and the overdue ones, and the weekly check-in (§11): how many renewals
 * the CSMs answered and where an answer differs from the model's call. `--json` prints one
 * document: `{ asOf, companies: [{ company, months, totals, atRisk, overdue, checkins }] }`,
 * `checkins: { answered, disagreements: [{ customerId, renewalDate, modelCall, answer, csm }] }`.
 */
import { parseArgs } from 'node:util';
import { listCompanies } from '../db/companies.ts';
import { isDay, localDay } from '../domain/dates.ts';
import { resolveSettings } from '../domain/index.ts';
import { checkinLines } from '../feedback/checkin.ts';
import { companyCheckins } from '../feedback/checkin-service.ts';
import { companyForecast } from '../feedback/forecast-service.ts';
import { forecastLines } from '../feedback/forecast-text.ts';
import { type CommandContext, UsageError } from './context.ts';

export const usage =
  'renubu report forecast [--as-of DATE] [--json]  renewals by month and stage, ARR at risk';

const FORMS = 'The report command has one form: renubu report forecast [--as-of DATE] [--json].';

function parse(args: string[]) {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [report, extra] = parsed.positionals;
  if (report !== 'forecast') {
    throw new UsageError(
      report === undefined ? `Which report? ${FORMS}` : `Unknown report "${report}". ${FORMS}`,
    );
  }
  if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}".`);
  const asOf = parsed.values['as-of'] ?? null;
  if (asOf !== null && !isDay(asOf)) {
    throw new UsageError(`--as-of takes a date as YYYY-MM-DD (got "${asOf}").`);
  }
  return { asOf, json: parsed.values.json };
}

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    options: { 'as-of': { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
}

export async function run(ctx: CommandContext, args: string[]): Promise<number> {
  const options = parse(args);
  const asOf = options.asOf ?? localDay(ctx.clock.now(), ctx.settings.defaultTimezone);
  const db = await ctx.openDatabase({ max: 2 });
  try {
    const companies = [];
    for (const company of await listCompanies(db.sql)) {
      const settings = resolveSettings(company.settings ?? {});
      const forecast = await companyForecast(db.sql, company.id, asOf, settings);
      const checkins = await companyCheckins(db.sql, company.id, asOf);
      companies.push({ company, forecast, checkins });
    }
    if (options.json) {
      const document = {
        asOf,
        companies: companies.map(({ company, forecast, checkins }) => ({
          company: company.external_id,
          months: forecast.months,
          totals: forecast.totals,
          atRisk: forecast.atRisk,
          overdue: forecast.overdue,
          checkins,
        })),
      };
      ctx.out.write(`${JSON.stringify(document)}\n`);
      return 0;
    }
    const lines: string[] = [];
    for (const { company, forecast, checkins } of companies) {
      lines.push(`${company.name} (${company.external_id}): renewal forecast as of ${asOf}`, '');
      lines.push(...forecastLines(forecast), '', ...checkinLines(checkins), '');
    }
    if (companies.length === 0) lines.push('No companies yet: import some data first.');
    ctx.out.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
