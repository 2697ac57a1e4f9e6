/**
 * The daily run writes its COPY text into `CopyBuffer`s (UTF-8 bytes outside the JavaScript
 * heap) and sends them in pieces of 256 KiB, which cut lines, and characters of several
 * bytes, anywhere. What arrives must be exactly what was written: every row, every character,
 * every escape, whatever the chunking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/db/connection.ts';
import { CopyBuffer, copyChunks, copyLine } from '../../src/db/copy.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
  await sql`create table copied (n int primary key, label text, doc jsonb, score real)`;
});

afterAll(async () => {
  await db.drop();
});

/** Labels of one to four UTF-8 bytes per character, and the characters COPY escapes. */
const LABELS = ['plain', 'café €', 'Müller\tand\\sons', 'line\nbreak\r', '日本語の顧客', '🚀 rocket'];

function rowOf(n: number) {
  return {
    n,
    label: `${LABELS[n % LABELS.length]} #${n}`,
    doc: { n, note: LABELS[(n + 1) % LABELS.length] },
    score: n % 7 === 0 ? null : n / 8,
  };
}

describe('CopyBuffer', () => {
  it('sends every row and character intact across chunk boundaries', async () => {
    const rows = Array.from({ length: 30_000 }, (_, n) => rowOf(n));
    const buffer = new CopyBuffer();
    expect(buffer.empty).toBe(true);
    for (const row of rows) buffer.push(copyLine([row.n, row.label, row.doc, row.score]));
    const chunks = [...buffer.chunks()];
    // more than one piece, so lines and characters are cut between CopyData messages
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.every((chunk) => chunk.length <= 1 << 18)).toBe(true);

    await copyChunks(sql, 'copied', ['n', 'label', 'doc', 'score'], buffer.chunks());

    const back = await sql<{ n: number; label: string; doc: unknown; score: number | null }[]>`
      select n, label, doc, score from copied order by n`;
    expect(back).toEqual(rows);
  });

  it('grows for a line of many-byte characters that arrives when it is nearly full', () => {
    // whatever the starting size (a power of two here), some fill level leaves less room
    // than the next line's bytes, though more than its characters
    const wide = `${'€'.repeat(20)}\n`;
    for (let power = 12; power <= 20; power++) {
      for (let fill = 2 ** power - 40; fill <= 2 ** power; fill++) {
        const buffer = new CopyBuffer();
        const first = `${'a'.repeat(fill - 1)}\n`;
        buffer.push(first);
        buffer.push(wide);
        expect(Buffer.concat([...buffer.chunks()]).toString()).toBe(first + wide);
      }
    }
  });

  it('says it is empty until a line is pushed, and sends nothing then', () => {
    const buffer = new CopyBuffer();
    expect([...buffer.chunks()]).toEqual([]);
    buffer.push('1\tx\n');
    expect(buffer.empty).toBe(false);
    expect(Buffer.concat([...buffer.chunks()]).toString()).toBe('1\tx\n');
  });
});
