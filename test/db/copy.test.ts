/**
 * The daily run writes its COPY text into `CopyBuffer`s (UTF-8 bytes outside the JavaScript
 * heap) and sends them in pieces of 256 KiB, which cut lines, and characters of several
 * bytes, anywhere. What arrives must be exactly what was written: every row, every character,
 * every escape, whatever the chunking. And a COPY the server rejects fails with the server's
 * error, whenever it comes, and leaves nothing behind (postgres.js alone waits forever when
 * it comes after the last row: porsager/postgres#1173).
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
  await sql`create table guarded (n int)`;
  await sql`
    create function refuse_13() returns trigger language plpgsql as $$
    begin
      if new.n = 13 then raise exception 'row 13 is refused'; end if;
      return new;
    end $$`;
  await sql`
    create trigger refuse_13 before insert on guarded for each row execute function refuse_13()`;
});

afterAll(async () => {
  await db.drop();
});

/** Labels of one to four UTF-8 bytes per character, and the characters COPY escapes. */
const LABELS = [
  'plain',
  'café €',
  'Müller\tand\\sons',
  'line\nbreak\r',
  '日本語の顧客',
  '🚀 rocket',
];

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
    for (let power = 12; power <= 18; power++) {
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

describe('a COPY the server rejects', () => {
  const lines = (from: number, to: number) => {
    const buffer = new CopyBuffer();
    for (let n = from; n < to; n++) buffer.push(`${n}\n`);
    return buffer;
  };
  const count = async () =>
    (await sql<{ n: number }[]>`select count(*)::int as n from guarded`)[0]!.n;

  it('fails with the server error after its last row, and its transaction is rolled back', async () => {
    const run = sql.begin(async (tx) => {
      await tx`insert into guarded values (1)`;
      await copyChunks(tx, 'guarded', ['n'], lines(2, 20).chunks());
    });
    await expect(run).rejects.toThrow('row 13 is refused');
    expect(await count()).toBe(0);
    // every connection of the pool is back and answers (none left in an aborted transaction)
    const answers = await Promise.all(Array.from({ length: 4 }, () => sql`select 1 as one`));
    expect(answers.map((rows) => rows[0]!.one)).toEqual([1, 1, 1, 1]);
  });

  it('fails with the server error in the middle of many rows', async () => {
    const run = sql.begin((tx) => copyChunks(tx, 'guarded', ['n'], lines(0, 400_000).chunks()));
    await expect(run).rejects.toThrow('row 13 is refused');
    expect(await count()).toBe(0);
  });

  it('fails when the COPY cannot begin', async () => {
    await expect(copyChunks(sql, 'no_such_table', ['n'], lines(0, 3).chunks())).rejects.toThrow(
      'no_such_table',
    );
    expect((await sql`select 1 as one`)[0]!.one).toBe(1);
  });
});
