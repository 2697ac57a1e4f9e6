/**
 * `renubu import` as a library (PRODUCT.md §2 "Import format"): a folder of CSV files, one
 * JSON file, or in-memory records (the demo generator) go through the same validation and
 * loading (load.ts). The command line is a thin door over `openImportPath` + `importSources`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from '../db/connection.ts';
import { RenubuError } from '../errors.ts';
import { csvSource } from './csv-source.ts';
import { jsonSources } from './json-source.ts';
import { type LoadOptions, loadSources } from './load.ts';
import { datasetSources, type EntitySource } from './source.ts';
import { type DatasetInput, ENTITY_FILES, type ImportReport } from './types.ts';

export { formatProblems, formatSummary } from './report.ts';
export type * from './types.ts';

const CSV_FILES = ENTITY_FILES.map((entity) => `${entity}.csv`);
const EXPECTED = `Expected a folder of CSV files (${CSV_FILES.join(', ')}; any of them) or one JSON file.`;

export interface OpenedImport {
  sources: EntitySource[];
  warnings: string[];
}

/**
 * Look at PATH before any database work: a folder of `<entity>.csv` files (other names are
 * warned about and ignored) or a JSON file (parsed here, so a bad one fails early).
 */
export async function openImportPath(target: string): Promise<OpenedImport> {
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const stat = await fs.stat(target).catch(() => undefined);
  if (!stat) throw new RenubuError('import_invalid', `${target} does not exist. ${EXPECTED}`);
  if (stat.isFile() && target.toLowerCase().endsWith('.csv'))
    throw new RenubuError(
      'import_invalid',
      `${target} is a single CSV file. Put it in a folder under its entity's name (e.g. customers.csv) and import the folder. ${EXPECTED}`,
    );
  if (stat.isFile()) {
    return { sources: await jsonSources(target, path.basename(target), warn), warnings };
  }
  if (!stat.isDirectory())
    throw new RenubuError(
      'import_invalid',
      `${target} is neither a folder nor a file. ${EXPECTED}`,
    );
  const sources: EntitySource[] = [];
  for (const entry of (await fs.readdir(target, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const entity = ENTITY_FILES[CSV_FILES.indexOf(entry.name)];
    if (entity && entry.isFile()) {
      const file = path.join(target, entry.name);
      sources.push(csvSource(entity, file, entry.name, (await fs.stat(file)).size, warn));
    } else if (!entry.name.startsWith('.')) {
      warn(`${entry.name}: not one of ${CSV_FILES.join(', ')}; ignored.`);
    }
  }
  if (sources.length === 0)
    throw new RenubuError('import_invalid', `${target} holds no file to import. ${EXPECTED}`);
  return { sources, warnings };
}

/** Import opened sources; the report says what each file did. */
export async function importSources(
  sql: Sql,
  opened: OpenedImport,
  options: LoadOptions,
): Promise<ImportReport> {
  return loadSources(sql, opened.sources, options, opened.warnings);
}

/** Import a folder of CSV files or one JSON file at `target` into the database. */
export async function importPath(
  sql: Sql,
  target: string,
  options: LoadOptions,
): Promise<ImportReport> {
  return importSources(sql, await openImportPath(target), options);
}

/**
 * Import in-memory records (iterables or async iterables per entity). In messages FILE is
 * `sourceName` (default `dataset`), LINE the record's 1-based index and field `entity.column`.
 */
export async function importDataset(
  sql: Sql,
  dataset: DatasetInput,
  options: LoadOptions & { sourceName?: string },
): Promise<ImportReport> {
  const { sourceName = 'dataset', ...rest } = options;
  return loadSources(sql, datasetSources(dataset, sourceName), rest);
}
