/**
 * A CSV file read as a stream (csv-parse), one record at a time, with the physical line
 * where each record starts. Empty lines are not skipped by the parser but here, so every
 * line is seen: a record starts one line after the previous one plus the line breaks inside
 * its quoted fields (csv-parse's own `info.lines` miscounts CRLF inside quotes, and asking
 * for it triples the parse time).
 */
import fs from 'node:fs';
import { parse } from 'csv-parse';
import { RenubuError } from '../errors.ts';
import { STAGE_COLUMNS } from './schemas.ts';
import type { EntitySource, SourceRecord, Warn } from './source.ts';
import type { Entity, RawRecord } from './types.ts';

/** Line breaks inside a record's fields: CRLF, CR or LF each count once. */
export function lineBreaksIn(fields: string[]): number {
  let breaks = 0;
  for (const field of fields) {
    if (field.indexOf('\n') === -1 && field.indexOf('\r') === -1) continue;
    for (let i = 0; i < field.length; i++) {
      const code = field.charCodeAt(i);
      if (code === 13) {
        breaks++;
        if (field.charCodeAt(i + 1) === 10) i++;
      } else if (code === 10) {
        breaks++;
      }
    }
  }
  return breaks;
}

function isBlank(fields: string[]): boolean {
  return fields.every((field) => field.trim() === '');
}

export function csvSource(
  entity: Entity,
  filePath: string,
  file: string,
  totalBytes: number,
  warn: Warn,
): EntitySource {
  let input: fs.ReadStream | undefined;
  return {
    entity,
    file,
    fieldPrefix: '',
    totalBytes,
    bytesRead: () => input?.bytesRead ?? 0,
    async *records(): AsyncIterable<SourceRecord> {
      input = fs.createReadStream(filePath);
      const parser = input.pipe(parse({ bom: true, relax_column_count: true }));
      let nextLine = 1;
      let header: Header | undefined;
      try {
        for await (const fields of parser as AsyncIterable<string[]>) {
          const line = nextLine;
          nextLine += 1 + lineBreaksIn(fields);
          if (isBlank(fields)) continue;
          if (header) yield toRecord(header, fields, line);
          else header = readHeader(entity, file, fields, warn);
        }
      } catch (cause) {
        if (cause instanceof Error && 'code' in cause && String(cause.code).startsWith('CSV_'))
          throw new RenubuError(
            'import_invalid',
            `${file}:${nextLine}: not valid CSV from this line on (${cause.message}).`,
            { cause },
          );
        throw cause;
      }
    },
  };
}

interface Header {
  width: number;
  /** The columns a record is read from: named, and the first of each name. */
  columns: { index: number; name: string }[];
}

/** Separators spreadsheets write instead of commas, named for the message. */
const OTHER_SEPARATORS = [
  [';', "';'"],
  ['\t', 'tabs'],
  ['|', "'|'"],
] as const;

/**
 * A header read as one column that splits into this file's columns on another separator is
 * a file saved with that separator (a spreadsheet set to a European locale writes ';').
 * It is refused rather than read: such files also write decimal commas ("1234,50"), which
 * would be misread as numbers.
 */
function refuseOtherSeparator(entity: Entity, file: string, record: string[]): void {
  if (record.length !== 1) return;
  const known = STAGE_COLUMNS[entity];
  for (const [separator, name] of OTHER_SEPARATORS) {
    const names = record[0]!.split(separator).map((n) => n.trim());
    if (names.length > 1 && names.some((n) => Object.hasOwn(known, n))) {
      throw new RenubuError(
        'import_invalid',
        `${file} looks separated by ${name}; Renubu reads comma-separated files. Save it as ` +
          'CSV with commas (e.g. "CSV UTF-8 (comma delimited)") and decimal points in numbers.',
      );
    }
  }
}

function readHeader(entity: Entity, file: string, record: string[], warn: Warn): Header {
  refuseOtherSeparator(entity, file, record);
  const known = STAGE_COLUMNS[entity];
  const columns: Header['columns'] = [];
  const seen = new Set<string>();
  record.forEach((raw, index) => {
    const name = raw.trim();
    if (name === '') return;
    if (seen.has(name)) {
      warn(`${file}: column "${name}" appears more than once; the first is used.`);
      return;
    }
    seen.add(name);
    columns.push({ index, name });
    const lower = name.toLowerCase();
    if (!Object.hasOwn(known, name) && Object.hasOwn(known, lower))
      warn(`${file}: column "${name}" is kept as an attribute; did you mean "${lower}"?`);
  });
  return { width: record.length, columns };
}

function toRecord(header: Header, fields: string[], line: number): SourceRecord {
  // A plain object filled in header order keeps V8's fast properties (a prototype-less one
  // is a dictionary and makes validation three times slower); `__proto__` is defined, not set.
  const values: RawRecord = {};
  for (const { index, name } of header.columns) {
    if (name === '__proto__')
      Object.defineProperty(values, name, {
        value: fields[index],
        enumerable: true,
        writable: true,
      });
    else values[name] = fields[index];
  }
  for (let i = header.width; i < fields.length; i++) {
    if (fields[i]!.trim() === '') continue;
    const message = `has ${fields.length} fields but the header has ${header.width}`;
    return { line, values, problem: { field: '', message } };
  }
  return { line, values };
}
