/**
 * The arrows of ARCHITECTURE.md ("Which way the arrows run"), checked on every import of the
 * product's code (tests aside): the domain imports nothing of ours; the builders (blocks/,
 * slides/) import only the domain and each other; the services never call Slack or SMTP;
 * db/ knows nothing of Slack or email; Slack's listeners and threads hold no SQL. A violation is listed as `file: imports X (rule)`;
 * what is left today is listed in ALLOWED with its reason, and anything new fails.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['src', 'blocks', 'slides', 'jobs'];

interface Rule {
  name: string;
  /** Folders (from the repository root) whose files the rule reads. */
  files: string[];
  /** Folders of ours the files may import from; undefined: any of ours. */
  mayImport?: string[];
  /** Folders of ours the files must not import from. */
  mayNotImport?: string[];
  /** npm packages (or package prefixes ending in `/`) the files must not import. */
  packages?: string[];
  /** Modules of ours the files may still import types from (`import type`), nothing else. */
  typesFrom?: string[];
}

const SENDERS = ['@slack/web-api', '@slack/bolt', 'nodemailer'];

const RULES: Rule[] = [
  {
    name: 'the domain imports nothing of ours',
    files: ['src/domain'],
    mayImport: ['src/domain'],
    packages: ['postgres', ...SENDERS],
  },
  {
    name: 'builders import only the domain and each other',
    files: ['blocks', 'slides'],
    mayImport: ['src/domain', 'blocks', 'slides'],
    packages: ['postgres', ...SENDERS],
  },
  {
    name: 'services never call Slack or SMTP',
    files: ['src/engine', 'src/workflows', 'src/events', 'src/feedback'],
    mayNotImport: ['src/slack', 'src/email'],
    packages: SENDERS,
  },
  {
    name: 'db knows nothing of Slack or email',
    files: ['src/db'],
    mayNotImport: ['src/slack', 'src/email', 'blocks', 'slides'],
    packages: SENDERS,
  },
  {
    name: 'listeners hold no SQL: they call services',
    files: ['src/slack/listeners', 'src/slack/threads'],
    mayNotImport: ['src/db'],
    packages: ['postgres'],
    typesFrom: ['src/db/connection.ts'],
  },
];

/**
 * What breaks a rule today, each with its reason; `file: imports X`. Remove a line when the
 * import goes; a line that no longer matches fails too, so the list only shrinks.
 */
const ALLOWED: Record<string, string> = {};

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s(type\s)?(?:[^'"`;]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

interface Import {
  specifier: string;
  /** `import type …` / `export type …`: erased, no code of the module runs. */
  typeOnly: boolean;
}

async function productFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const root of ROOTS) {
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      const file = path.join(entry.parentPath, entry.name);
      if (entry.isFile() && /\.[cm]?ts$/.test(file) && !/\.test\.ts$/.test(file)) {
        files.push(file.split(path.sep).join('/'));
      }
    }
  }
  return files.sort();
}

/** The imports of a file's code (comments removed). */
function importsIn(text: string): Import[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(IMPORT)].map((m) => ({
    specifier: (m[2] ?? m[3])!,
    typeOnly: m[1] !== undefined,
  }));
}

/** The import specifiers of a file's code. */
function importsOf(text: string): string[] {
  return importsIn(text).map((i) => i.specifier);
}

const inside = (file: string, folder: string) => file === folder || file.startsWith(`${folder}/`);

/** The violations of `rule` by one import of `file`, as `file: imports X (rule)`. */
function check(rule: Rule, file: string, specifier: string, typeOnly = false): string | null {
  const line = `${file}: imports ${specifier}`;
  if (specifier.startsWith('.')) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    if (typeOnly && rule.typesFrom?.includes(target)) return null;
    const ours = (folders: string[] | undefined) => folders?.some((f) => inside(target, f));
    if (rule.mayImport && !ours(rule.mayImport)) return `${line} (${rule.name})`;
    if (ours(rule.mayNotImport)) return `${line} (${rule.name})`;
    return null;
  }
  if (specifier.startsWith('node:')) return null;
  const banned = rule.packages?.some((p) =>
    p.endsWith('/') ? specifier.startsWith(p) : specifier === p || specifier.startsWith(`${p}/`),
  );
  return banned ? `${line} (${rule.name})` : null;
}

async function violations(): Promise<string[]> {
  const found: string[] = [];
  for (const file of await productFiles()) {
    const rules = RULES.filter((rule) => rule.files.some((folder) => inside(file, folder)));
    if (rules.length === 0) continue;
    for (const { specifier, typeOnly } of importsIn(await readFile(file, 'utf8'))) {
      for (const rule of rules) {
        const problem = check(rule, file, specifier, typeOnly);
        if (problem) found.push(problem);
      }
    }
  }
  return found;
}

/** Folders whose files hold no SQL of their own (ARCHITECTURE.md: a listener calls a service). */
const NO_SQL = ['src/slack/listeners', 'src/slack/threads'];
/** A postgres.js query written in place: a tagged template on sql/tx/db, or `.unsafe(`. */
const SQL_TEMPLATE = /\b(?:sql|tx|db)`|\.unsafe\(/;

/** The files of NO_SQL that write a query themselves. */
async function queriesInListeners(): Promise<string[]> {
  const files = (await productFiles()).filter((file) => NO_SQL.some((f) => inside(file, f)));
  const found: string[] = [];
  for (const file of files) {
    const code = (await readFile(file, 'utf8')).replace(/\/\*[\s\S]*?\*\//g, '');
    if (SQL_TEMPLATE.test(code)) found.push(file);
  }
  return found;
}

describe('the arrows of ARCHITECTURE.md', () => {
  it('hold for every import, apart from those listed with a reason', async () => {
    const found = await violations();
    const key = (v: string) => v.replace(/ \(.*\)$/, '');
    expect(
      found.filter((v) => !(key(v) in ALLOWED)),
      'import the other way round, or list it in ALLOWED with a reason',
    ).toEqual([]);
    const stale = Object.keys(ALLOWED).filter((a) => !found.some((v) => key(v) === a));
    expect(stale, 'these no longer happen: remove them from ALLOWED').toEqual([]);
  });

  it('has no listener write a query of its own', async () => {
    expect(await queriesInListeners(), 'move the query behind a service').toEqual([]);
    expect(SQL_TEMPLATE.test('await services.sql`select 1`')).toBe(true);
    expect(SQL_TEMPLATE.test('await firstSighting(services.sql, eventId)')).toBe(false);
  });

  it('reads the import forms the code uses', () => {
    const text = [
      "import { a } from '../db/x.ts';",
      "import type { B } from '../slack/y.ts';",
      "export { c } from './z.ts';",
      "import '../side-effect.ts';",
      "const m = await import('nodemailer');",
      '// import { d } from "../commented.ts";',
      'import {\n  e,\n  f,\n} from "@slack/web-api";',
    ].join('\n');
    expect(importsOf(text)).toEqual([
      '../db/x.ts',
      '../slack/y.ts',
      './z.ts',
      '../side-effect.ts',
      'nodemailer',
      '@slack/web-api',
    ]);
  });

  it('catches a builder that queries and a service that sends', () => {
    const builder = RULES[1]!;
    const service = RULES[2]!;
    expect(check(builder, 'blocks/home.ts', '../src/db/summaries.ts')).toBe(
      'blocks/home.ts: imports ../src/db/summaries.ts (builders import only the domain and each other)',
    );
    expect(check(builder, 'blocks/home.ts', '../src/domain/index.ts')).toBeNull();
    expect(check(service, 'src/engine/run.ts', '@slack/web-api')).toMatch(/services never/);
    expect(check(service, 'src/engine/run.ts', '../slack/outbox.ts')).toMatch(/services never/);
    expect(check(RULES[0]!, 'src/domain/x.ts', '../clock.ts')).toMatch(/domain imports nothing/);
    expect(check(RULES[0]!, 'src/domain/x.ts', 'zod')).toBeNull();
  });

  it('catches a listener that queries, and lets it name the Sql type', () => {
    const listeners = RULES.find((rule) => rule.name.startsWith('listeners hold no SQL'))!;
    const file = 'src/slack/listeners/events/app-home-opened.ts';
    expect(check(listeners, file, '../../../db/work-queue.ts')).toMatch(/listeners hold no SQL/);
    expect(check(listeners, file, '../../../db/connection.ts')).toMatch(/listeners hold no SQL/);
    expect(check(listeners, file, '../../../db/connection.ts', true)).toBeNull();
    expect(check(listeners, file, '../../../db/outbox.ts', true)).toMatch(/listeners/);
    expect(check(listeners, file, 'postgres')).toMatch(/listeners hold no SQL/);
    expect(check(listeners, file, '../../../events/slack-seen.ts')).toBeNull();
    expect(
      importsIn("import type { Sql } from '../db/connection.ts';\nimport { x } from './y.ts';"),
    ).toEqual([
      { specifier: '../db/connection.ts', typeOnly: true },
      { specifier: './y.ts', typeOnly: false },
    ]);
  });
});

describe('one path to Slack and email (ARCHITECTURE.md "The outbox")', () => {
  it('has one enqueue: no product file but src/db/outbox.ts inserts into the outbox', async () => {
    const writers: string[] = [];
    for (const file of await productFiles()) {
      if (/insert\s+into\s+outbox\b/i.test(await readFile(file, 'utf8'))) writers.push(file);
    }
    expect(writers, 'write outbox rows through enqueue (src/db/outbox.ts)').toEqual([
      'src/db/outbox.ts',
    ]);
  });

  it('has listeners that only nudge the deliverer: none imports the Slack sender', async () => {
    const listeners = (await productFiles()).filter(
      (f) => inside(f, 'src/slack/threads') || inside(f, 'src/slack/listeners'),
    );
    const delivering: string[] = [];
    for (const file of listeners) {
      const specifiers = importsOf(await readFile(file, 'utf8'));
      if (specifiers.some((s) => /outbox-(sender|loop)\.ts$/.test(s))) delivering.push(file);
    }
    expect(delivering, 'call services.nudgeOutbox instead of delivering in the request').toEqual(
      [],
    );
  });
});
