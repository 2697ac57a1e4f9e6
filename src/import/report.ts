/** What an import did, as text for a person: a line per file, a total, then what went wrong. */
import { plural } from '../domain/words.ts';
import { sourceLabel } from './source.ts';
import type { EntityReport, ImportReport } from './types.ts';

/** Bad rows printed before "… and N more". */
export const PRINTED_BAD_ROWS = 50;

const label = sourceLabel;

type Counts = Pick<
  EntityReport,
  'rows' | 'inserted' | 'updated' | 'unchanged' | 'rejectedRows' | 'notWritten'
>;

/** One line per file and a total: rows, inserted, updated, unchanged, rejected. */
export function formatSummary(report: ImportReport): string {
  const sum = (key: 'rows' | 'inserted' | 'updated' | 'unchanged' | 'rejectedRows') =>
    report.entities.reduce((total, entity) => total + entity[key], 0);
  const total: Counts = {
    rows: sum('rows'),
    inserted: sum('inserted'),
    updated: sum('updated'),
    unchanged: sum('unchanged'),
    rejectedRows: sum('rejectedRows'),
    notWritten: false,
  };
  const width = Math.max(5, ...report.entities.map((entity) => label(entity).length));
  const rowsWidth = plural(total.rows, 'row').length;
  const line = (name: string, c: Counts) =>
    `  ${name.padEnd(width)}  ${plural(c.rows, 'row').padStart(rowsWidth)}: ${c.inserted} inserted, ` +
    `${c.updated} updated, ${c.unchanged} unchanged, ${c.rejectedRows} rejected` +
    `${c.notWritten ? ' (not written)' : ''}\n`;
  return [
    `Import into company "${report.company}":\n`,
    ...report.entities.map((entity) => line(label(entity), entity)),
    line('Total', total),
  ].join('');
}

/**
 * Warnings, then the bad rows as `FILE:LINE: field: message` (the first `limit` of them),
 * then the rows left out for what they point at, grouped by that row with every line (so
 * none hides behind "… and N more"), then which files were not written and why. Empty when
 * all went well.
 */
export function formatProblems(report: ImportReport, limit = PRINTED_BAD_ROWS): string {
  const out: string[] = report.warnings.map((warning) => `warning: ${warning}\n`);
  let printed = 0;
  for (const entity of report.entities) {
    for (const error of entity.rejected) {
      if (printed === limit) break;
      out.push(`${error.file}:${error.line}: ${error.field}: ${error.message}\n`);
      printed++;
    }
  }
  if (report.rejected > printed) out.push(`… and ${report.rejected - printed} more bad rows\n`);
  out.push(...leftOutLines(report));
  const notWritten = report.entities.filter((entity) => entity.notWritten).map(label);
  if (notWritten.length > 0) {
    out.push(
      `Not written because of bad rows: ${notWritten.join(', ')}. Fix them, or use --skip-invalid to write the good rows.\n`,
    );
  }
  return out.join('');
}

/**
 * Rows left out for what they point at, one line per cause: `customer "k2" was rejected on
 * customers.csv:4 (arr: …): contracts.csv lines 5, 7-9; usage.csv line 2 (5 rows)`.
 */
function leftOutLines(report: ImportReport): string[] {
  const causes = new Map<string, Map<string, number[]>>();
  for (const entity of report.entities) {
    for (const error of entity.rejected) {
      if (!error.leftOut) continue;
      const files = causes.get(error.message) ?? new Map<string, number[]>();
      causes.set(error.message, files);
      files.set(error.file, [...(files.get(error.file) ?? []), error.line]);
    }
  }
  if (causes.size === 0) return [];
  const out = ['Rows left out for what they point at:\n'];
  for (const [cause, files] of causes) {
    const count = [...files.values()].reduce((sum, list) => sum + list.length, 0);
    const where = [...files].map(
      ([file, list]) => `${file} ${list.length === 1 ? 'line' : 'lines'} ${lineRanges(list)}`,
    );
    out.push(`  ${cause}: ${where.join('; ')} (${plural(count, 'row')})\n`);
  }
  return out;
}

/** Sorted line numbers as ranges: [2, 3, 4, 7] → `2-4, 7`. */
export function lineRanges(list: number[]): string {
  const sorted = [...list].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
