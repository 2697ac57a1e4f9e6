/** Helpers for import tests: fixture folders in a temp dir and `renubu` runs with captured output. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { runCli } from '../src/cli/index.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

const folders: string[] = [];

export async function writeFolder(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-import-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, name), text);
  return dir;
}

/** Remove every folder `writeFolder` made (call in afterAll). */
export async function removeFolders(): Promise<void> {
  await Promise.all(folders.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
}

/** Lines joined with LF and a final newline, so fixtures read like the files they make. */
export const lines = (...rows: string[]) => `${rows.join('\n')}\n`;

export interface CliRun {
  status: number;
  out: string;
  err: string;
}

export async function renubu(
  args: string[],
  databaseUrl: string,
  options: { isTTY?: boolean; env?: Record<string, string> } = {},
): Promise<CliRun> {
  let out = '';
  let err = '';
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-home-'));
  try {
    const status = await runCli(args, {
      env: { DATABASE_URL: databaseUrl, RENUBU_HOME: home, ...options.env },
      cwd: home,
      out: {
        write: (text) => {
          out += text;
        },
        isTTY: options.isTTY ?? false,
      },
      err: {
        write: (text) => {
          err += text;
        },
        isTTY: options.isTTY ?? false,
      },
    });
    return { status, out, err };
  } finally {
    await fs.rm(home, { recursive: true, force: true });
  }
}

/** The bad-row lines of an import's stderr, `FILE:LINE: field: message`. */
export function badRowLines(err: string): string[] {
  return err.split('\n').filter((line) => /^[^\s:]+:\d+: /.test(line));
}

/** Runs of spaces as one, to compare report lines without their column padding. */
export const squash = (text: string) => text.replace(/ {2,}/g, ' ');

/**
 * A database of the test file's own for its import runs: made before the file's tests,
 * dropped after them with every fixture folder. Read it through the getter in a test.
 */
export function useImportDatabase(): () => TestDatabase {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
    await removeFolders();
  });
  return () => db!;
}
