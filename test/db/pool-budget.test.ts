/**
 * DATABASE_POOL_MAX (PRODUCT.md §9): `renubu serve` under load that uses every pool (events,
 * jobs run by Agenda on the wall clock with its LISTEN connection, Slack commands, health
 * checks) never holds more connections than the budget. Its connections are counted in
 * pg_stat_activity by the application_name each pool carries.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DAILY_RUN } from '../../jobs/daily-run.ts';
import { databaseOpener } from '../../src/cli/context.ts';
import { type Serving, serve } from '../../src/cli/serve.ts';
import { systemClock } from '../../src/clock.ts';
import { applicationName } from '../../src/db/budget.ts';
import { signEvent } from '../../src/events/signature.ts';
import {
  createSlackDriver,
  FAST_RETRIES,
  type FakeSlack,
  type SlackDriver,
} from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';
import { SECRET, seedWorld, startWorldSlack, USERS, worldSettings } from '../slack/world.ts';

const WEBHOOK_SECRET = 'events-webhook-secret-for-pool-tests';
const BUDGET = 4;
const APP = applicationName('serve');
const JOBS = `${APP} jobs`;

let db: TestDatabase;
let fake: FakeSlack;
let serving: Serving;
let slack: SlackDriver;
let ids: { anaId: number; benId: number };

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startWorldSlack();
  ids = await seedWorld(db.sql);
  const settings = worldSettings(db.url, fake, {
    EVENTS_WEBHOOK_SECRET: WEBHOOK_SECRET,
    DATABASE_POOL_MAX: String(BUDGET),
  });
  const err = captureOutput();
  serving = await serve(
    {
      settings,
      out: captureOutput(),
      err,
      // the wall clock: Agenda's own processor runs the jobs and holds its LISTEN connection
      clock: systemClock,
      openDatabase: databaseOpener(settings, err, 'serve'),
    },
    {
      port: 0,
      host: '127.0.0.1',
      botIds: { botId: fake.identity.botId, botUserId: fake.identity.botUserId },
      retryConfig: FAST_RETRIES,
      outboxIntervalMs: 50,
    },
  );
  slack = createSlackDriver({
    baseUrl: `http://127.0.0.1:${serving.port}`,
    signingSecret: SECRET,
    fake,
  });
});
afterAll(async () => {
  await serving?.stop();
  await fake?.close();
  await db?.drop();
});

/** This process's serve connections by pool, as PostgreSQL sees them. */
async function held(): Promise<Record<string, number>> {
  const rows = await db.sql<{ name: string; n: number }[]>`
    select application_name as name, count(*)::int as n
      from pg_stat_activity
     where application_name in (${APP}, ${JOBS})
     group by application_name`;
  return Object.fromEntries(rows.map((row) => [row.name, row.n]));
}

async function postEvent(n: number): Promise<number> {
  const body = JSON.stringify({
    type: 'ticket.created',
    id: `evt-pool-${n}`,
    customer: n % 2 === 0 ? 'umbrella' : 'globex',
    occurred_at: new Date().toISOString(),
    data: { external_id: `tk-pool-${n}`, priority: 'urgent', subject: `Outage ${n}` },
  });
  const response = await fetch(`http://127.0.0.1:${serving.port}/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signEvent(WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000)),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

describe(`renubu serve with DATABASE_POOL_MAX=${BUDGET}`, () => {
  it('holds at most that many connections, both pools together, under load on every pool', async () => {
    let most = 0;
    const seen: Record<string, number> = {};
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const now = await held();
        const total = Object.values(now).reduce((a, b) => a + b, 0);
        most = Math.max(most, total);
        for (const [name, n] of Object.entries(now)) seen[name] = Math.max(seen[name] ?? 0, n);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    const agenda = serving.running.jobs!.agenda;
    const company = 1;
    const jobs = [ids.anaId, ids.benId].flatMap((csmId) =>
      [1, 2, 3].map((round) =>
        agenda.now(DAILY_RUN, { key: `pool-${csmId}-${round}`, csmId, companyId: company }),
      ),
    );
    const events = Array.from({ length: 24 }, (_, n) => postEvent(n));
    const commands = Array.from({ length: 12 }, (_, n) =>
      slack.command(n % 2 === 0 ? USERS.ana.id : USERS.ben.id, n % 3 === 0 ? 'list' : 'today'),
    );
    const health = Array.from({ length: 12 }, () =>
      fetch(`http://127.0.0.1:${serving.port}/readyz`).then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      }),
    );
    await Promise.all(jobs);
    expect(await Promise.all(events)).toEqual(Array(24).fill(200));
    expect((await Promise.all(commands)).map((reply) => reply.status)).toEqual(Array(12).fill(200));
    expect(await Promise.all(health)).toEqual(Array(12).fill(200));
    // the jobs ran and the DMs went out while the sampler watched
    await vi.waitFor(
      async () => {
        const [row] = await db.sql<{ n: number }[]>`
          select count(*)::int as n from agenda_jobs
           where name = ${DAILY_RUN} and data->>'key' like 'pool-%' and last_finished_at is not null`;
        expect(row!.n).toBe(6);
        expect(fake.messagesIn(USERS.ben.id).length).toBeGreaterThan(0);
      },
      { timeout: 20_000, interval: 100 },
    );
    sampling = false;
    await sampler;

    // both pools were in use, and together never above the budget
    expect(seen[APP]).toBeGreaterThanOrEqual(2);
    expect(seen[JOBS]).toBeGreaterThanOrEqual(1);
    expect(most).toBeLessThanOrEqual(BUDGET);
  }, 60_000);
});

describe(`a command with DATABASE_POOL_MAX=${BUDGET}`, () => {
  it('opens at most the budget, also when it asks for more or gives no size', async () => {
    const settings = worldSettings(db.url, fake, { DATABASE_POOL_MAX: String(BUDGET) });
    const name = applicationName('daily-run');
    for (const options of [{}, { max: 10 }]) {
      const opened = await databaseOpener(settings, captureOutput(), 'daily-run')(options);
      try {
        // ten queries at once: postgres.js opens what it may and keeps it open, idle
        await Promise.all(Array.from({ length: 10 }, () => opened.sql`select pg_sleep(0.05)`));
        const [row] = await db.sql<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity where application_name = ${name}`;
        expect(row!.n).toBe(BUDGET);
      } finally {
        await opened.close();
      }
    }
  });
});
