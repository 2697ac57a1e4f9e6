/**
 * `renubu demo`: load the bundled demo portfolio (src/demo/) as of today (UTC) or `--as-of`,
 * through the same importer as `renubu import`, and say what was loaded. Loading twice
 * changes nothing: the generator is deterministic and the importer idempotent.
 */

import type { KnownBlock } from '@slack/types';
import { renderText } from '../../blocks/index.ts';
import { listCompanies } from '../db/companies.ts';
import type { Sql } from '../db/connection.ts';
import { generateDemoPortfolio } from '../demo/generator.ts';
import { describeSummary, summarizePortfolio } from '../demo/summary.ts';
import { isDay, utcDay } from '../domain/dates.ts';
import { resolveSettings } from '../domain/index.ts';
import { runDaily } from '../engine/daily-run.ts';
import { importDataset } from '../import/index.ts';
import type { ImportReport } from '../import/types.ts';
import { morningMessages } from '../slack/morning.ts';
import { type CommandContext, UsageError } from './context.ts';
import { readableSummaries } from './daily-run.ts';

export const usage =
  'renubu demo [--as-of DATE]  load the bundled demo portfolio and run a day of it';

/** The company the demo portfolio belongs to. */
export const DEMO_COMPANY = 'demo';

/** The demo day: `--as-of YYYY-MM-DD` (or `--as-of=…`), else today in UTC. */
function parseDemoDay(ctx: CommandContext, args: string[]): string {
  let asOf: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--as-of') {
      asOf = args[++i];
      if (asOf === undefined) throw new UsageError('--as-of needs a date (YYYY-MM-DD).');
    } else if (arg.startsWith('--as-of=')) {
      asOf = arg.slice('--as-of='.length);
    } else {
      throw new UsageError(`renubu demo: unexpected argument "${arg}".`);
    }
  }
  if (asOf === undefined) return utcDay(ctx.clock.now());
  if (!isDay(asOf)) throw new UsageError(`--as-of expects a date as YYYY-MM-DD, got "${asOf}".`);
  return asOf;
}

const n = (count: number) => count.toLocaleString('en-US');

function describeReport(report: ImportReport): string {
  const width = Math.max(...report.entities.map((e) => e.entity.length));
  return report.entities
    .map((e) => {
      const rejected = e.rejectedRows > 0 ? `, ${n(e.rejectedRows)} rejected` : '';
      return `  ${e.entity.padEnd(width)}  ${n(e.rows)} rows: ${n(e.inserted)} inserted, ${n(e.updated)} updated, ${n(e.unchanged)} unchanged${rejected}`;
    })
    .join('\n');
}

/** The demo company's daily run as of the demo day; returns each CSM's summary. */
async function runDemoDay(sql: Sql, demoDay: string, now: Date) {
  const [company] = (await listCompanies(sql)).filter((c) => c.external_id === DEMO_COMPANY);
  if (!company) throw new Error(`the demo company "${DEMO_COMPANY}" was not loaded`);
  const result = await runDaily(sql, {
    companyId: company.id,
    asOf: demoDay,
    now,
    csmId: null,
    dryRun: false,
    settings: resolveSettings(company.settings),
  });
  return { companyId: company.id, summaries: result.summaries };
}

/** Load the demo portfolio as of `demoDay` through the importer (idempotent). */
export async function loadDemo(sql: Sql, demoDay: string, defaultTimezone: string) {
  const portfolio = generateDemoPortfolio(demoDay);
  const report = await importDataset(sql, portfolio, {
    company: DEMO_COMPANY,
    defaultTimezone,
    sourceName: 'demo',
  });
  return { portfolio, report };
}

export async function run(ctx: CommandContext, args: string[]): Promise<number> {
  const demoDay = parseDemoDay(ctx, args);
  const db = await ctx.openDatabase({ max: 4 });
  try {
    const { portfolio, report } = await loadDemo(db.sql, demoDay, ctx.settings.defaultTimezone);
    ctx.out.write(
      `Demo portfolio as of ${demoDay} (company "${DEMO_COMPANY}", ${db.describe}):\n` +
        `  ${describeSummary(summarizePortfolio(portfolio))}\n${describeReport(report)}\n`,
    );
    if (report.rejected > 0) {
      // The generator and the importer disagree: a bug, so show the first few rows and fail.
      const errors = report.entities.flatMap((e) => e.rejected).slice(0, 10);
      for (const e of errors) ctx.err.write(`${e.file}:${e.line}: ${e.field}: ${e.message}\n`);
      ctx.err.write(`renubu demo: ${report.rejected} demo rows were rejected.\n`);
      return 1;
    }
    const { companyId, summaries } = await runDemoDay(db.sql, demoDay, ctx.clock.now());
    if (ctx.settings.slack.botToken) {
      ctx.out.write(
        `\nThe morning of ${demoDay}, for each CSM:\n\n${readableSummaries(summaries, false)}`,
      );
    } else {
      // Slack is off: show each CSM the DM they would get, as text.
      ctx.out.write(`\nThe morning of ${demoDay}: each CSM's DM (Slack is off, so here):\n`);
      const rule = '─'.repeat(72);
      for (const message of await morningMessages(db.sql, companyId, demoDay)) {
        const { name, externalId, timezone } = message.csm;
        ctx.out.write(`\n${rule}\nDM to ${name} (${externalId}, ${timezone})\n${rule}\n`);
        const blocks = message.blocks as KnownBlock[];
        ctx.out.write(`${renderText({ text: message.text, blocks })}\n`);
      }
      ctx.out.write('\n');
    }
    ctx.out.write(
      `Next: \`renubu daily-run --as-of ${demoDay} --json\` prints the day as JSON;\n` +
        '      `renubu sandbox` shows what each CSM would see in Slack (start with Justin).\n',
    );
    return 0;
  } finally {
    await db.close();
  }
}
