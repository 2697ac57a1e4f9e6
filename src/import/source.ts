/**
 * Where imported records come from: a CSV file, one array of a JSON file, or an in-memory
 * iterable (the demo generator). Every source yields loose records with the line a message
 * should point at, so validation and loading are one code path for all three.
 */
import type { DatasetInput, Entity, RawRecord } from './types.ts';
import { ENTITY_FILES } from './types.ts';

export interface SourceRecord {
  /** 1-based line where the record starts (CSV, JSON) or its 1-based index (in memory). */
  line: number;
  values: RawRecord;
  /** Found while reading (a record that is not an object, too many fields): the row is bad. */
  problem?: { field: string; message: string };
}

export interface EntitySource {
  entity: Entity;
  /** FILE in `FILE:LINE: field: message`. */
  file: string;
  /** Put before column names in messages: `customers.` for a JSON file, '' for CSV. */
  fieldPrefix: string;
  /** Size of the file, when there is one, for progress. */
  totalBytes?: number;
  /** Bytes consumed so far, for progress. */
  bytesRead?(): number;
  records(): AsyncIterable<SourceRecord>;
}

export type Warn = (message: string) => void;

/** How messages name a source: `customers.csv`, or `data.json customers`. */
export function sourceLabel(source: { entity: string; file: string }): string {
  return source.file === `${source.entity}.csv` ? source.file : `${source.file} ${source.entity}`;
}

/** In-memory records (the demo generator): LINE is the record's 1-based index. */
export function datasetSources(dataset: DatasetInput, sourceName: string): EntitySource[] {
  return ENTITY_FILES.flatMap((entity) => {
    const records = dataset[entity];
    if (!records) return [];
    return [
      {
        entity,
        file: sourceName,
        fieldPrefix: `${entity}.`,
        records: () => indexRecords(entity, records),
      },
    ];
  });
}

async function* indexRecords(
  entity: Entity,
  records: Iterable<RawRecord> | AsyncIterable<RawRecord>,
): AsyncIterable<SourceRecord> {
  let line = 0;
  for await (const values of records) {
    line++;
    yield recordAt(entity, line, values);
  }
}

/** A JSON or in-memory element: anything but a plain object is a bad row. */
export function recordAt(entity: Entity, line: number, value: unknown): SourceRecord {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return { line, values: value as RawRecord };
  return {
    line,
    values: {},
    problem: { field: '', message: `expected an object with the columns of ${entity}` },
  };
}
