/**
 * `renubu demo` against a real database: it loads exactly what the generator makes, and
 * loading again (by --as-of or by the clock on the same UTC day) changes nothing.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliOptions, runCli } from '../src/cli/index.ts';
import { fixedClock } from '../src/clock.ts';
import { generateDemoPortfolio } from '../src/demo/generator.ts';
import { summarizePortfolio } from '../src/demo/summary.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

const DEMO_DAY = '2026-11-25';
const TABLES = ['csms', 'customers', 'contracts', 'contacts', 'usage_daily', 'tickets'] as const;

describe('renubu demo', () => {
  let db: TestDatabase;
  let cwd: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-demo-'));
  });
  afterAll(async () => {
    await db.drop();
    await fs.rm(cwd, { recursive: true, force: true });
  });

  async function demo(args: string[], options: Pick<CliOptions, 'clock'> = {}) {
    let out = '';
    let err = '';
    const code = await runCli(['demo', ...args], {
      env: { DATABASE_URL: db.url },
      cwd,
      out: {
        write(text) {
          out += text;
        },
        isTTY: false,
      },
      err: {
        write(text) {
          err += text;
        },
        isTTY: false,
      },
      ...options,
    });
    return { code, out, err };
  }

  /** Row count and a checksum of every column (updated_at included) of each demo table. */
  async function snapshot() {
    const result: Record<string, { rows: number; checksum: string }> = {};
    for (const table of TABLES) {
      const [row] = await db.sql<{ rows: number; checksum: string }[]>`
        select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), ''))
          as checksum
        from ${db.sql(table)} t
        where company_id = (select id from companies where external_id = 'demo')`;
      result[table] = row!;
    }
    return result;
  }

  it('loads the generated portfolio and points to the next commands', async () => {
    const { code, out, err } = await demo(['--as-of', DEMO_DAY]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`as of ${DEMO_DAY}`);
    expect(out).toMatch(/renubu daily-run/);
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/renubu sandbox/);

    const summary = summarizePortfolio(generateDemoPortfolio(DEMO_DAY));
    const rows = Object.fromEntries(Object.entries(await snapshot()).map(([t, s]) => [t, s.rows]));
    expect(rows).toEqual({
      csms: summary.csms,
      customers: summary.customers,
      contracts: summary.contracts.total,
      contacts: summary.contacts,
      usage_daily: summary.usage,
      tickets: summary.tickets,
    });
    const statuses = await db.sql<{ status: string; n: number }[]>`
      select status, count(*)::int as n from contracts group by status`;
    expect(Object.fromEntries(statuses.map((s) => [s.status, s.n]))).toEqual({
      active: summary.contracts.active,
      renewed: summary.contracts.renewed,
      churned: summary.contracts.churned,
    });
  });

  it('stores Obsidian Black as the story tells it', async () => {
    const [ob] = await db.sql<{ arr: number; csm: string; renewal: string; plan: string }[]>`
      select c.arr, s.external_id as csm, k.renewal_date::text as renewal, c.account_plan as plan
      from customers c join csms s on s.id = c.csm_id
        join contracts k on k.customer_id = c.id and k.status = 'active'
      where c.external_id = 'obsidian-black'`;
    expect(ob).toEqual({ arr: 185_000, csm: 'csm-justin', renewal: '2027-11-25', plan: 'expand' });
    const [usage] = await db.sql<{ earlier: number; later: number }[]>`
      select sum(active_users) filter (where day < date '2026-10-26')::int as earlier,
             sum(active_users) filter (where day >= date '2026-10-26')::int as later
      from usage_daily u join customers c on c.id = u.customer_id
      where c.external_id = 'obsidian-black'`;
    expect(usage!.later * 5).toBe(usage!.earlier * 6);
    const [manager] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from csms c join csms m on m.id = c.manager_id
      where m.external_id = 'csm-dana'`;
    expect(manager!.n).toBe(summarizePortfolio(generateDemoPortfolio(DEMO_DAY)).csms - 1);
  });

  it('changes nothing when run again on the same day', async () => {
    const before = await snapshot();
    const again = await demo(['--as-of', DEMO_DAY]);
    expect(again.code).toBe(0);
    expect(again.out).not.toMatch(/[1-9]\d* (inserted|updated)/);
    expect(await snapshot()).toEqual(before);

    // Today by the clock is the UTC day, even late in the evening in America.
    const byClock = await demo([], { clock: fixedClock(new Date(`${DEMO_DAY}T23:30:00Z`)) });
    expect(byClock.code).toBe(0);
    expect(byClock.out).toContain(`as of ${DEMO_DAY}`);
    expect(await snapshot()).toEqual(before);
  }, 120_000);

  it.each([['--as-of', '2026-02-30'], ['--as-of'], ['--bogus']])(
    'rejects %s with a usage message',
    async (...args) => {
      const { code, err } = await demo(args);
      expect(code).toBe(2);
      expect(err).toMatch(/Usage: renubu demo/);
    },
  );
});
