/**
 * A small company for the Slack tests: four CSMs (two with work, one idle, one unknown to
 * Slack), their customers with renewals inside 120 days, a fake Slack that knows three of
 * them (and Eve, who is not a CSM), and the settings that point Renubu at both.
 */
import { afterAll, beforeAll } from 'vitest';
import { databaseOpener, type Output } from '../../src/cli/context.ts';
import { type Serving, serve } from '../../src/cli/serve.ts';
import { fixedClock } from '../../src/clock.ts';
import { loadSettings } from '../../src/config.ts';
import type { Sql } from '../../src/db/connection.ts';
import {
  createSlackDriver,
  DEFAULT_BOT_TOKEN,
  FAST_RETRIES,
  type FakeSlack,
  type SlackDriver,
  startFakeSlack,
} from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';

export const SECRET = 'slack-test-signing-secret';
export const AS_OF = '2026-11-25';
/** Midday on AS_OF: today for every CSM (UTC and New York). */
export const NOON = new Date(`${AS_OF}T17:00:00Z`);

export const USERS = {
  ana: { id: 'U0ANA', email: 'ana@acme.test', name: 'Ana Ruiz', tz: 'America/New_York' },
  ben: { id: 'U0BEN', email: 'ben@acme.test', name: 'Ben Ode' },
  ida: { id: 'U0IDA', email: 'ida@acme.test', name: 'Ida Idle' },
  eve: { id: 'U0EVE', email: 'eve@elsewhere.test', name: 'Eve Outsider' },
};

export function startWorldSlack(): Promise<FakeSlack> {
  return startFakeSlack({ users: Object.values(USERS) });
}

export function slackEnv(databaseUrl: string, fake: FakeSlack, extra: Record<string, string> = {}) {
  return {
    DATABASE_URL: databaseUrl,
    SLACK_BOT_TOKEN: DEFAULT_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

export function worldSettings(
  databaseUrl: string,
  fake: FakeSlack,
  extra: Record<string, string> = {},
) {
  return loadSettings(slackEnv(databaseUrl, fake, extra), '/tmp');
}

/**
 * `renubu serve` (jobs on) on the world's database and fake Slack, its clock at NOON unless
 * told, and a driver that signs requests to it as Slack does. The caller stops `serving`.
 */
export async function serveWorld(
  databaseUrl: string,
  fake: FakeSlack,
  options: { out?: Output; env?: Record<string, string> } = {},
): Promise<{ serving: Serving; slack: SlackDriver }> {
  const settings = worldSettings(databaseUrl, fake, options.env);
  const err = captureOutput();
  const serving = await serve(
    {
      settings,
      out: options.out ?? captureOutput(),
      err,
      clock: fixedClock(NOON),
      openDatabase: databaseOpener(settings, err),
    },
    {
      port: 0,
      host: '127.0.0.1',
      botIds: { botId: fake.identity.botId, botUserId: fake.identity.botUserId },
      retryConfig: FAST_RETRIES,
    },
  );
  const slack = createSlackDriver({
    baseUrl: `http://127.0.0.1:${serving.port}`,
    signingSecret: SECRET,
    fake,
  });
  return { serving, slack };
}

async function customer(sql: Sql, ext: string, csm: number, arr: number, renewal: string) {
  const [row] = await sql`
    insert into customers (company_id, external_id, name, csm_id, arr, seats)
    values (1, ${ext}, ${ext.replace(/-/g, ' ')}, ${csm}, ${arr}, 10) returning id`;
  await sql`
    insert into contracts (company_id, external_id, customer_id, start_date, renewal_date, arr)
    values (1, ${`k-${ext}`}, ${row!.id}, '2025-01-01', ${renewal}, ${arr})`;
}

/** Ana (Slack id unknown: found by email) and Ben (linked) have renewals; Ida has none. */
export async function seedWorld(sql: Sql) {
  await sql`insert into companies (external_id, name) values ('acme', 'Acme')`;
  const [ana] = await sql`
    insert into csms (company_id, external_id, name, email, timezone)
    values (1, 'csm-ana', 'Ana Ruiz', 'ANA@acme.test', 'America/New_York') returning id`;
  const [ben] = await sql`
    insert into csms (company_id, external_id, name, email, slack_user_id)
    values (1, 'csm-ben', 'Ben Ode', 'ben@acme.test', 'U0BEN') returning id`;
  await sql`
    insert into csms (company_id, external_id, name, email)
    values (1, 'csm-ida', 'Ida Idle', 'ida@acme.test'),
           (1, 'csm-gus', 'Gus Ghost', 'gus@acme.test')`;
  await customer(sql, 'globex', ana!.id, 185000, '2026-12-07');
  await customer(sql, 'initech', ana!.id, 40000, '2027-02-10');
  await customer(sql, 'umbrella', ben!.id, 90000, '2026-12-20');
  return { anaId: ana!.id as number, benId: ben!.id as number };
}

/**
 * The seeded world of a test file: its own database with the world's CSMs and the fake Slack,
 * made before the file's tests and closed after them. Read it in a hook or test.
 */
export function useSeededWorld(): () => { db: TestDatabase; fake: FakeSlack } {
  let world: { db: TestDatabase; fake: FakeSlack } | undefined;
  beforeAll(async () => {
    const db = await createTestDatabase();
    const fake = await startWorldSlack();
    await seedWorld(db.sql);
    world = { db, fake };
  });
  afterAll(async () => {
    await world?.fake.close();
    await world?.db.drop();
  });
  return () => world!;
}
