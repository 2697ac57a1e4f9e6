/**
 * The shape of an import (PRODUCT.md §2), shared by `renubu import`, the demo generator and
 * tests. Records are loose (as read from CSV or JSON); the importer validates them with zod.
 * Keys beyond the documented columns are kept as the row's `attributes`.
 */
export type RawRecord = Record<string, unknown>;

export const ENTITY_FILES = [
  'csms',
  'customers',
  'contracts',
  'contacts',
  'usage',
  'tickets',
] as const;
export type Entity = (typeof ENTITY_FILES)[number];

/** One JSON file, or a folder of `<entity>.csv` files, holds these arrays. */
export type DatasetInput = Partial<Record<Entity, Iterable<RawRecord> | AsyncIterable<RawRecord>>>;

export interface RowError {
  /** File name as given to the user (e.g. `customers.csv` or `data.json`). */
  file: string;
  /** 1-based line in that file where the bad record starts. */
  line: number;
  /** The column, or `entity.column` in a JSON file. */
  field: string;
  message: string;
  /**
   * Left out for what it points at (a CSM or customer that was rejected, not written or is
   * unknown), not for its own values; `message` names that row and why.
   */
  leftOut?: true;
}

export interface EntityReport {
  entity: Entity;
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: RowError[];
  /** True when bad rows kept the whole file from being written (no --skip-invalid). */
  notWritten: boolean;
  /**
   * Rows rejected, counted exactly. `rejected` holds at most `ImportOptions.maxErrors` of
   * them (the first by line), so a file of a million bad rows does not fill memory.
   */
  rejectedRows: number;
}

export interface ImportReport {
  company: string;
  entities: EntityReport[];
  /** Total rows rejected; the command exits non-zero when this is above 0. */
  rejected: number;
  /** Things ignored but worth saying: unknown file names or JSON keys, odd headers. */
  warnings: string[];
}

export interface ImportOptions {
  /** Company external id the data belongs to; created when missing. Default `default`. */
  company?: string;
  /** Write the good rows of a file that has bad ones. */
  skipInvalid?: boolean;
  /** Bad rows kept in each `EntityReport.rejected` (the first by line); default 1000. */
  maxErrors?: number;
  /** Called now and then during long files (progress bar on a terminal). */
  onProgress?: (progress: {
    file: string;
    rows: number;
    bytes?: number;
    totalBytes?: number;
  }) => void;
}
