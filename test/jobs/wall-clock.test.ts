/**
 * Nothing reads the wall clock behind the injected clock (ARCHITECTURE.md "Time"): the
 * product's code (src/, jobs/, blocks/, slides/; tests aside) is read for `new Date()`,
 * `Date.now()` and SQL's own clock (`now()`, `current_date`, `current_timestamp`, …). What is
 * left is listed here with its reason; anything new fails until it takes the clock.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['src', 'jobs', 'blocks', 'slides'];

/** Files that may read the wall clock in JavaScript, and why. */
const JS_ALLOWED: Record<string, string> = {
  'src/clock.ts': 'the system clock itself',
  'src/sandbox/time.ts': "the sandbox's running clock (a clock, passed in like any other)",
  'src/sandbox/page.ts': 'a long-poll deadline: elapsed time, not a date',
  'src/slack/threads/deliver.ts': 'a wait deadline: elapsed time, not a date',
  'src/db/embedded.ts': 'a start-up deadline: elapsed time, not a date',
  'src/sandbox/slack/slack-driver.ts': "Slack's request timestamps, checked against real time",
  'src/sandbox/slack/signed-request.ts': "Slack's signature timestamp, checked against real time",
};

/** SQL that may use the database's clock: stamps of when a row was written, never decided on. */
const SQL_ALLOWED = [/\bupdated_at\s*=\s*now\(\)/gi, /\bapplied_at\b[^\n]*default now\(\)/gi];

const JS_WALL = /\bDate\.now\(\)|\bnew Date\(\)/g;
const SQL_WALL =
  /(?<![.\w])(now\(\)|current_date|current_time(stamp)?|localtime(stamp)?|clock_timestamp\(\)|statement_timestamp\(\)|transaction_timestamp\(\))(?!\w)/gi;
/** Template literals: where our SQL is (postgres.js tagged templates). */
const TEMPLATE = /`[^`]*`/g;

async function productFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const root of ROOTS) {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      const file = path.join(entry.parentPath, entry.name);
      if (entry.isFile() && file.endsWith('.ts') && !file.endsWith('.test.ts')) files.push(file);
    }
  }
  return files.sort();
}

/** The code without its comments (a doc comment may name now() to say it is not used). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

describe('wall clock reads', () => {
  it('happen in JavaScript only where listed', async () => {
    const found: string[] = [];
    for (const file of await productFiles()) {
      if (JS_ALLOWED[file]) continue;
      const hits = code(await readFile(file, 'utf8')).match(JS_WALL) ?? [];
      for (const hit of hits) found.push(`${file}: ${hit}`);
    }
    expect(found, 'take the injected clock (src/clock.ts) instead').toEqual([]);
  });

  it("happen in SQL only as a row's updated_at stamp", async () => {
    const found: string[] = [];
    for (const file of await productFiles()) {
      let text = (code(await readFile(file, 'utf8')).match(TEMPLATE) ?? []).join('\n');
      for (const allowed of SQL_ALLOWED) text = text.replace(allowed, '');
      const hits = text.match(SQL_WALL) ?? [];
      for (const hit of hits) found.push(`${file}: ${hit}`);
    }
    expect(found, "pass the clock's now as a parameter instead").toEqual([]);
  });
});
