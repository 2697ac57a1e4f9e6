/**
 * Each file is streamed into a temporary staging table with COPY, inside the file's
 * transaction: good rows with their typed values, bad rows with their problem, every row
 * with the line it came from. Checks and the upsert then run set-based on that table, so no
 * file is ever held in memory and no query runs per row.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sql } from '../db/connection.ts';
import { STAGE_COLUMNS, type Validation } from './schemas.ts';
import type { EntitySource, SourceRecord } from './source.ts';
import type { Entity, RawRecord } from './types.ts';

/** Rows between progress reports. */
const PROGRESS_EVERY = 10_000;
/** Characters of COPY text handed to the socket at a time. */
const COPY_CHUNK = 1 << 16;

/** Kept for a bad row too, so later files can say which rejected row they point at. */
const KEY_COLUMNS = new Set(['external_id', 'email']);

export async function createStageTables(tx: Sql, entity: Entity): Promise<void> {
  const columns = Object.entries(STAGE_COLUMNS[entity]).map(([name, type]) => `"${name}" ${type}`);
  await tx.unsafe(`
    create temp table import_stage (
      line integer not null,
      error_field text,
      error_message text,
      ${columns.join(',\n      ')},
      attributes jsonb
    ) on commit drop`);
  await tx.unsafe(`
    create temp table import_bad (
      line integer primary key,
      field text not null,
      message text not null,
      -- left out for what it points at (a rejected, unwritten or unknown CSM or customer)
      refers boolean not null default false
    ) on commit drop`);
  await tx.unsafe(`
    create temp table import_changed (
      external_id text primary key,
      inserted boolean not null
    ) on commit drop`);
}

/** Copy every record of `source` into `import_stage`; returns how many there were. */
export async function copyRecords(
  tx: Sql,
  source: EntitySource,
  validate: (entity: Entity, record: RawRecord) => Validation,
  onProgress: (rows: number) => void,
): Promise<number> {
  const names = Object.keys(STAGE_COLUMNS[source.entity]);
  const copy = await tx`
    copy import_stage (${tx(['line', 'error_field', 'error_message', ...names, 'attributes'])})
    from stdin`.writable();
  let rows = 0;
  async function* text() {
    let chunk = '';
    for await (const record of source.records()) {
      rows++;
      const result = record.problem
        ? ({ ok: false, ...record.problem } as const)
        : validate(source.entity, record.values);
      chunk += encode(record, result, names, source.fieldPrefix);
      if (chunk.length >= COPY_CHUNK) {
        yield chunk;
        chunk = '';
      }
      if (rows % PROGRESS_EVERY === 0) onProgress(rows);
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(text()), copy);
  onProgress(rows);
  return rows;
}

/** A bad row's message: its first column's, then each other bad column as `; field: …`. */
function badRowMessage(result: Extract<Validation, { ok: false }>, fieldPrefix: string): string {
  const more = result.more ?? [];
  return result.message + more.map((p) => `; ${fieldPrefix}${p.field}: ${p.message}`).join('');
}

function encode(
  record: SourceRecord,
  result: Validation,
  names: string[],
  fieldPrefix: string,
): string {
  let line = String(record.line);
  if (result.ok) {
    line += '\t\\N\t\\N';
    for (const name of names) line += `\t${copyValue(result.row[name])}`;
    line += `\t${copyValue(result.row.attributes)}`;
  } else {
    line += `\t${copyValue(result.field)}\t${copyValue(badRowMessage(result, fieldPrefix))}`;
    for (const name of names)
      line += `\t${KEY_COLUMNS.has(name) ? copyValue(rawKey(record.values[name])) : '\\N'}`;
    line += '\t\\N';
  }
  return `${line}\n`;
}

function rawKey(value: unknown): string | null {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  return text === '' || text.includes('\u0000') ? null : text;
}

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A value in COPY's text format. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!) : text;
}
