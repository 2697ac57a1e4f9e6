/**
 * How fast `renubu import` loads a large usage.csv, and in how much memory.
 *
 *   npm run bench:import -- --rows 1000000 [--customers N]
 *
 * Uses a throwaway database: a new one on the server at DATABASE_URL (dropped afterwards), or
 * an embedded PostgreSQL in a temp folder. Generates csms.csv and customers.csv (imported
 * first, not timed) and usage.csv (one row per customer per day), imports usage.csv, then
 * imports it again (every row unchanged).
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Sql } from '../src/db/connection.ts';
import { importPath } from '../src/import/index.ts';
import { createScratchDatabase } from './scratch-db.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, customers: { type: 'string' } },
});
const rows = Number(values.rows);
const customers = Number(values.customers ?? Math.ceil(rows / 365));
if (!Number.isInteger(rows) || rows <= 0 || !Number.isInteger(customers) || customers <= 0) {
  console.error('usage: npm run bench:import -- --rows N [--customers N]');
  process.exit(2);
}

async function writeLines(file: string, header: string, lines: Iterable<string>) {
  const out = createWriteStream(file);
  out.write(`${header}\n`);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function* usageLines(): Iterable<string> {
  const days = Math.ceil(rows / customers);
  const start = Date.UTC(2024, 0, 1);
  let written = 0;
  for (let c = 0; c < customers; c++) {
    for (let d = 0; d < days && written < rows; d++, written++) {
      const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
      yield `cust-${c},${day},${(c * 7 + d * 3) % 250},${(c * 13 + d * 17) % 10_000}`;
    }
  }
}

async function withBenchDatabase(work: (sql: Sql) => Promise<void>) {
  const db = await createScratchDatabase('import', 2);
  try {
    await work(db.sql);
  } finally {
    await db.drop();
  }
}

await withBenchDatabase(async (sql) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-bench-data-'));
  try {
    const setup = path.join(dir, 'setup');
    const usage = path.join(dir, 'usage');
    await fs.mkdir(setup);
    await fs.mkdir(usage);
    await writeLines(path.join(setup, 'csms.csv'), 'external_id,name,email', [
      'csm-1,Bench CSM,bench@example.com',
    ]);
    await writeLines(
      path.join(setup, 'customers.csv'),
      'external_id,name,csm,arr,seats',
      Array.from({ length: customers }, (_, c) => `cust-${c},Customer ${c},csm-1,${c * 100},50`),
    );
    await writeLines(
      path.join(usage, 'usage.csv'),
      'customer,date,active_users,events',
      usageLines(),
    );
    const size = (await fs.stat(path.join(usage, 'usage.csv'))).size;
    const options = { defaultTimezone: 'UTC' };
    await importPath(sql, setup, options);

    const started = performance.now();
    const report = await importPath(sql, usage, options);
    const seconds = (performance.now() - started) / 1000;
    const peak = process.resourceUsage().maxRSS / 1024;
    const [usageReport] = report.entities;
    const imported = usageReport?.inserted ?? 0;
    console.log(
      `import: ${imported} usage rows in ${seconds.toFixed(2)} s (${Math.round(imported / seconds)} rows/s), peak RSS ${Math.round(peak)} MiB`,
    );
    console.log(
      `  file ${(size / 2 ** 20).toFixed(1)} MiB, ${customers} customers, ${report.rejected} rejected`,
    );

    const again = performance.now();
    const second = await importPath(sql, usage, options);
    const unchanged = second.entities[0]?.unchanged ?? 0;
    console.log(
      `re-import: ${unchanged} rows unchanged in ${((performance.now() - again) / 1000).toFixed(2)} s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`,
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
