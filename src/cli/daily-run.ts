/**
 * `renubu daily-run [--as-of DATE] [--csm ID] [--dry-run] [--json]` (PRODUCT.md §10): score
 * every customer, bring workflows up to date and build each CSM's summary. `--json` prints
 * one JSON document, streamed so a large portfolio does not sit in memory.
 */
import { parseArgs } from 'node:util';
import { type CompanyRow, findCsms, listCompanies } from '../db/companies.ts';
import type { CsmSummaryRow, SummaryItem } from '../db/summaries.ts';
import { isDay, localDay } from '../domain/dates.ts';
import { resolveSettings } from '../domain/index.ts';
import { type CustomerResult, runDaily } from '../engine/daily-run.ts';
import { RenubuError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { type CommandContext, type Output, UsageError } from './context.ts';
import { startProgress } from './progress.ts';

export const usage =
  'renubu daily-run [--as-of DATE] [--csm ID] [--dry-run] [--json]  score, decide, summarise';

interface EntryJson {
  customerId: string;
  type: string;
  priorityScore: number;
}

export interface SummaryJson {
  csm: string;
  oneThing: EntryJson | null;
  /** One entry per customer; `also` names its other open workflows, when it has any. */
  priorityList: (EntryJson & { also?: string[] })[];
  snoozedDueToday: { customerId: string; type: string; step: string; snoozedUntil: string }[];
}

export function summaryJson(row: CsmSummaryRow): SummaryJson {
  const priorityList = row.priorityList.map(({ customerId, type, priorityScore, also }) => ({
    customerId,
    type,
    priorityScore,
    ...(also.length > 0 ? { also } : {}),
  }));
  const first = row.priorityList[0];
  return {
    csm: row.csm,
    oneThing: first
      ? { customerId: first.customerId, type: first.type, priorityScore: first.priorityScore }
      : null,
    priorityList,
    snoozedDueToday: row.snoozedDueToday.map(({ customerId, type, step, snoozedUntil }) => ({
      customerId,
      type,
      step,
      snoozedUntil,
    })),
  };
}

function parse(args: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: {
        'as-of': { type: 'string' },
        csm: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
    const asOf = values['as-of'] ?? null;
    if (asOf !== null && !isDay(asOf)) {
      throw new UsageError(`--as-of takes a date as YYYY-MM-DD (got "${asOf}").`);
    }
    return { asOf, csm: values.csm ?? null, dryRun: values['dry-run'], json: values.json };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

/** Streams the JSON document: customers as they are scored, summaries at the end. */
function jsonWriter(out: Output, asOf: string) {
  let buffer = `{"asOf":${JSON.stringify(asOf)},"customers":[`;
  let first = true;
  const flush = () => {
    out.write(buffer);
    buffer = '';
  };
  return {
    customer(customer: CustomerResult) {
      buffer += (first ? '' : ',') + JSON.stringify(customer);
      first = false;
      if (buffer.length > 1 << 16) flush();
    },
    end(summaries: SummaryJson[]) {
      buffer += `],"summaries":${JSON.stringify(summaries)}}\n`;
      flush();
    },
  };
}

export async function run(ctx: CommandContext, args: string[]): Promise<number> {
  const options = parse(args);
  const now = ctx.clock.now();
  const db = await ctx.openDatabase();
  try {
    let companies = await listCompanies(db.sql);
    let csmId: number | null = null;
    if (options.csm) {
      const [csm, other] = await findCsms(db.sql, options.csm);
      if (!csm) {
        throw new RenubuError('not_found', `No CSM with external id or email "${options.csm}".`, {
          exitCode: 2,
        });
      }
      if (other) {
        throw new RenubuError(
          'usage',
          `"${options.csm}" names CSMs in more than one company; use the CSM's external id.`,
          { exitCode: 2 },
        );
      }
      csmId = csm.id;
      companies = companies.filter((company) => company.id === csm.company_id);
    }
    const asOf = options.asOf ?? localDay(now, ctx.settings.defaultTimezone);
    const writer = options.json ? jsonWriter(ctx.out, asOf) : undefined;
    const summaries: { company: CompanyRow; rows: CsmSummaryRow[] }[] = [];
    const progress = startProgress(ctx.err, 'Scoring customers');
    let scored = 0;
    for (const company of companies) {
      const result = await runDaily(db.sql, {
        companyId: company.id,
        asOf: options.asOf,
        now,
        csmId,
        dryRun: options.dryRun,
        settings: resolveCompanySettings(company),
        ...(writer ? { onCustomer: writer.customer } : {}),
        onProgress: (done, total) => progress.update(scored + done, total),
      });
      scored += result.customers;
      summaries.push({ company, rows: result.summaries });
    }
    progress.stop();
    if (writer) {
      writer.end(summaries.flatMap((s) => s.rows.map(summaryJson)));
    } else {
      ctx.out.write(
        readableSummaries(
          summaries.flatMap((s) => s.rows),
          options.dryRun,
        ),
      );
    }
    // After the output: a Slack failure must not cost the run's report.
    const slackOn = ctx.settings.slack.botToken || ctx.settings.slack.oauth;
    if (slackOn && !options.dryRun) {
      const { sendMorningAfterRun } = await import('../slack/morning-run.ts');
      const perCompany = summaries.map((s) => ({ companyId: s.company.id, summaries: s.rows }));
      const logger = createLogger(ctx.settings.logLevel);
      const sql = db.sql;
      ctx.err.write(
        await sendMorningAfterRun(
          { settings: ctx.settings, sql, clock: ctx.clock, logger },
          perCompany,
        ),
      );
    }
    return 0;
  } finally {
    await db.close();
  }
}

function resolveCompanySettings(company: CompanyRow) {
  try {
    return resolveSettings(company.settings);
  } catch (error) {
    throw new RenubuError(
      'settings_invalid',
      `Company "${company.external_id}" has invalid settings overrides: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** A few lines per CSM for a person reading the terminal. */
export function readableSummaries(rows: CsmSummaryRow[], dryRun: boolean): string {
  const lines: string[] = [];
  for (const row of rows) {
    lines.push(`${row.csmName} (${row.csm}), ${row.asOf}`);
    const [first, ...rest] = row.priorityList;
    const also = (item: SummaryItem) =>
      item.also.length > 0 ? `; also ${item.also.join(', ')}` : '';
    if (!first) {
      lines.push('  All clear: nothing needs you today.');
    } else {
      lines.push(
        `  Today's one thing: ${first.customerName}: ${first.type} (priority ${first.priorityScore}${also(first)})`,
      );
      rest.forEach((item, index) => {
        lines.push(
          `  ${String(index + 2).padStart(2)}. ${item.customerName}: ${item.type} (${item.priorityScore}${also(item)})`,
        );
      });
    }
    for (const due of row.snoozedDueToday) {
      lines.push(`  Snoozed step due today: ${due.customerName}: ${due.step} (${due.type})`);
    }
    lines.push('');
  }
  if (rows.length === 0) lines.push('No CSMs yet: import some data first (renubu import PATH).');
  if (dryRun) lines.push('Dry run: nothing was written or sent.');
  return `${lines.join('\n')}\n`;
}
