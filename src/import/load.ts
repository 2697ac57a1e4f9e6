/**
 * The one code path of every import: sources (CSV folder, JSON file, in-memory records) are
 * loaded in dependency order, each file in one transaction on one held connection:
 * stage with COPY → mark bad rows in SQL → upsert the good ones, or write nothing of a file
 * that has bad rows unless `skipInvalid`.
 */
import type { Sql } from '../db/connection.ts';
import { RenubuError } from '../errors.ts';
import { markBadRows } from './checks.ts';
import { createRefsTable, dropRefsTable, recordRefs } from './refs.ts';
import { createValidator } from './schemas.ts';
import { type EntitySource, sourceLabel } from './source.ts';
import { copyRecords, createStageTables } from './stage.ts';
import {
  ENTITY_FILES,
  type EntityReport,
  type ImportOptions,
  type ImportReport,
  type RowError,
} from './types.ts';
import { upsertStaged } from './upsert.ts';

export const DEFAULT_COMPANY = 'default';
/** Bad rows kept per file in the report (all are counted). */
export const DEFAULT_MAX_ERRORS = 1000;
/** Memory for the checks' hash joins over a large file (per transaction only). */
const IMPORT_WORK_MEM = '64MB';

export type LoadOptions = ImportOptions & { defaultTimezone: string };

export async function loadSources(
  sql: Sql,
  sources: EntitySource[],
  options: LoadOptions,
  warnings: string[] = [],
): Promise<ImportReport> {
  const company = options.company ?? DEFAULT_COMPANY;
  const ordered = [...sources].sort(
    (a, b) => ENTITY_FILES.indexOf(a.entity) - ENTITY_FILES.indexOf(b.entity),
  );
  const validate = createValidator(options.defaultTimezone);
  const conn = (await sql.reserve()) as unknown as Sql & { release(): void };
  const entities: EntityReport[] = [];
  try {
    await createRefsTable(conn);
    const companyId = await ensureCompany(conn, company);
    for (const [index, source] of ordered.entries()) {
      try {
        entities.push(await loadSource(conn, companyId, source, validate, options));
      } catch (error) {
        throw importStopped(error, source, ordered.slice(index + 1), entities);
      }
    }
  } finally {
    await dropRefsTable(conn).catch(() => undefined);
    conn.release();
  }
  const rejected = entities.reduce((sum, entity) => sum + entity.rejectedRows, 0);
  return { company, entities, rejected, warnings };
}

async function ensureCompany(conn: Sql, externalId: string): Promise<number> {
  await conn`
    insert into companies (external_id, name) values (${externalId}, ${externalId})
    on conflict (external_id) do nothing`;
  const [row] = await conn<{ id: number }[]>`
    select id from companies where external_id = ${externalId}`;
  if (!row) throw new RenubuError('not_found', `Company "${externalId}" could not be created.`);
  return row.id;
}

async function loadSource(
  conn: Sql,
  companyId: number,
  source: EntitySource,
  validate: ReturnType<typeof createValidator>,
  options: LoadOptions,
): Promise<EntityReport> {
  const { entity, file } = source;
  const progress = (rows: number) =>
    options.onProgress?.({
      file,
      rows,
      ...(source.bytesRead ? { bytes: source.bytesRead() } : {}),
      ...(source.totalBytes !== undefined ? { totalBytes: source.totalBytes } : {}),
    });
  await conn`begin`;
  try {
    await conn`select set_config('work_mem', ${IMPORT_WORK_MEM}, true)`;
    await createStageTables(conn, entity);
    const rows = await copyRecords(conn, source, validate, progress);
    await conn`analyze import_stage`;
    await markBadRows(conn, entity, companyId, file);
    const [bad] = await conn<{ count: number }[]>`select count(*)::int as count from import_bad`;
    const rejectedRows = bad!.count;
    const written = rejectedRows === 0 || options.skipInvalid === true;
    await recordRefs(conn, entity, { file, label: sourceLabel(source) }, written);
    const counts = written
      ? await upsertStaged(conn, entity, companyId)
      : { inserted: 0, updated: 0 };
    const rejected = await rowErrors(conn, source, options.maxErrors ?? DEFAULT_MAX_ERRORS);
    await conn`commit`;
    return {
      entity,
      file,
      rows,
      inserted: counts.inserted,
      updated: counts.updated,
      unchanged: written ? rows - rejectedRows - counts.inserted - counts.updated : 0,
      rejected,
      notWritten: !written,
      rejectedRows,
    };
  } catch (error) {
    await conn`rollback`.catch(() => undefined);
    throw error;
  }
}

/** An import that stopped part way: what failed, and which files were written before it. */
function importStopped(
  error: unknown,
  failed: EntitySource,
  notTried: EntitySource[],
  done: EntityReport[],
): RenubuError {
  const reason =
    error instanceof RenubuError
      ? error.userMessage
      : `Importing ${sourceLabel(failed)} failed: ${(error as Error).message}.`;
  const skipped = notTried.length > 0 ? `, nor of ${notTried.map(sourceLabel).join(', ')}` : '';
  const before = done.length > 0 ? ` Imported before it: ${done.map(sourceLabel).join(', ')}.` : '';
  return new RenubuError(
    'import_invalid',
    `${reason} Nothing of ${sourceLabel(failed)} was written${skipped}.${before}`,
    { cause: error },
  );
}

async function rowErrors(conn: Sql, source: EntitySource, limit: number): Promise<RowError[]> {
  const rows = await conn<{ line: number; field: string; message: string; refers: boolean }[]>`
    select line, field, message, refers from import_bad order by line limit ${limit}`;
  return rows.map(({ line, field, message, refers }) => ({
    file: source.file,
    line,
    field: field === '' ? (source.fieldPrefix ? source.entity : 'row') : source.fieldPrefix + field,
    message,
    ...(refers ? { leftOut: true as const } : {}),
  }));
}
