/**
 * COPY … FROM STDIN in PostgreSQL's text format: the fastest way to write many rows
 * (FIELD-NOTES.md: 1M rows in about 1.2 s). Rows are arrays in the order of `columns`.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sql, TransactionSql } from './connection.ts';

type Value = string | number | boolean | null | undefined | Date | object;

/** One value in COPY text format: NULL as \N, backslash, tab and newlines escaped. */
export function copyText(value: Value): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : '\\N';
    case 'boolean':
      return value ? 't' : 'f';
    case 'string':
      return escapeText(value);
    default:
      return value instanceof Date ? value.toISOString() : copyJson(value);
  }
}

/**
 * JSON as COPY text. JSON.stringify writes every control character escaped, so its text holds
 * no tab or line break, and only its backslashes need doubling (a million customers' factors
 * a run: a search for one character, not a pattern).
 */
function copyJson(value: object): string {
  const text = JSON.stringify(value);
  return text.includes('\\') ? text.replaceAll('\\', '\\\\') : text;
}

const SPECIAL = /[\\\t\n\r]/;

function escapeText(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** One row as a line of COPY text format (with its newline). */
export function copyLine(row: readonly Value[]): string {
  return `${row.map(copyText).join('\t')}\n`;
}

/** COPY `rows` into `table` (`columns` in order) over the given connection or transaction. */
export async function copyRows(
  sql: Sql | TransactionSql,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly Value[]>,
): Promise<void> {
  function* chunks() {
    let chunk = '';
    for (const row of rows) {
      chunk += copyLine(row);
      if (chunk.length > 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await copyChunks(sql, table, columns, chunks());
}

/** The most a `CopyBuffer` hands over in one piece (a CopyData message need not hold whole lines). */
const CHUNK_BYTES = 1 << 18;

/** UTF-16 units of lines a `CopyBuffer` joins before it encodes them (short-lived strings). */
const PENDING_UNITS = 1 << 14;

/**
 * Many rows' COPY text, written as UTF-8 into one growing buffer outside the JavaScript heap.
 * Kept as strings, a batch's lines stayed alive until its COPY and every young-generation
 * collection copied them (a million customers' scores, decisions and renewal records a run),
 * then were encoded again to be sent; here each line's string dies young.
 */
export class CopyBuffer {
  #bytes = Buffer.allocUnsafe(1 << 16);
  #length = 0;
  /** Lines not yet encoded, joined: encoded some kilobytes at a time, not a line at a time. */
  #pending = '';
  /** Lines pushed. */
  lines = 0;

  /** Append one line of COPY text (as `copyLine` renders it, newline included). */
  push(line: string): void {
    this.#pending += line;
    this.lines += 1;
    if (this.#pending.length >= PENDING_UNITS) this.#encode();
  }

  #encode(): void {
    const text = this.#pending;
    this.#pending = '';
    // UTF-8 takes at most three bytes per UTF-16 unit
    const needed = this.#length + text.length * 3;
    if (needed > this.#bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.#bytes.length * 2));
      this.#bytes.copy(grown, 0, 0, this.#length);
      this.#bytes = grown;
    }
    this.#length += this.#bytes.write(text, this.#length);
  }

  get empty(): boolean {
    return this.lines === 0;
  }

  /** What was written, in pieces of at most 256 KiB (views of the buffer, not copies). */
  *chunks(): Generator<Buffer> {
    if (this.#pending !== '') this.#encode();
    for (let at = 0; at < this.#length; at += CHUNK_BYTES) {
      yield this.#bytes.subarray(at, Math.min(at + CHUNK_BYTES, this.#length));
    }
  }
}

/**
 * COPY text already rendered with `copyLine` (whole lines, in any chunking, as strings or
 * UTF-8 bytes) into `table`. Rendering first lets a caller do its CPU work while the server
 * is busy with an earlier COPY.
 */
export async function copyChunks(
  sql: Sql | TransactionSql,
  table: string,
  columns: readonly string[],
  chunks: Iterable<string | Buffer>,
): Promise<void> {
  const query = sql`copy ${sql(table)} (${sql(columns as string[])}) from stdin`;
  const failed = serverError(query);
  const writable = await query.writable();
  const sent = pipeline(Readable.from(chunks), writable);
  sent.catch(() => undefined);
  await Promise.race([sent, failed]);
  // The stream finishes before the server has seen CopyDone; a query sent on this
  // connection before the COPY completes breaks the protocol, so wait for it.
  await query;
}

/**
 * The server's error for a COPY, as a promise that only ever rejects. postgres.js (3.4.9)
 * never finishes the writable when the server rejects the rows after the last one was sent
 * (a constraint, a trigger, a bad value; porsager/postgres#1173): it rejects the query,
 * which has already resolved with the stream, and the COPY would wait forever, its
 * transaction never rolled back. The query's reject is wrapped to hear that error. (Failing
 * the stream instead would send CopyFail outside the COPY and break the connection.)
 */
function serverError(query: object): Promise<never> {
  const settle = query as { reject: (error: unknown) => void };
  const reject = settle.reject;
  const failed = new Promise<never>((_, fail) => {
    settle.reject = (error: unknown) => {
      fail(error);
      reject(error);
    };
  });
  // seen by the race in copyChunks, or by `await query.writable()` when the COPY never began
  failed.catch(() => undefined);
  return failed;
}
