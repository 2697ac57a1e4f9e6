/** Agenda against the test database with the fake Slack as the deliverer's Slack. */
import { WebClient } from '@slack/web-api';
import type { Agenda } from 'agenda';
import { createAgenda } from '../../jobs/agenda.ts';
import type { JobDeps } from '../../jobs/deps.ts';
import { type Clock, systemClock } from '../../src/clock.ts';
import type { Sql } from '../../src/db/connection.ts';
import { createLogger } from '../../src/logger.ts';
import { createIdentity } from '../../src/slack/identity.ts';
import { DEFAULT_BOT_TOKEN, FAST_RETRIES, type FakeSlack } from '../harness/index.ts';

export function jobDeps(sql: Sql, fake: FakeSlack | null, clock: Clock = systemClock): JobDeps {
  const logger = createLogger('silent');
  const client = fake
    ? new WebClient(DEFAULT_BOT_TOKEN, { slackApiUrl: fake.url, retryConfig: FAST_RETRIES })
    : null;
  const slack = client
    ? { client, identity: createIdentity({ sql, client, clock, logger }) }
    : null;
  return { sql, clock, logger, slack, allClearDm: false };
}

export function testAgenda(databaseUrl: string, deps: JobDeps, lockLifetimeMs?: number) {
  return createAgenda({
    settings: { backend: 'postgres', mongodbUrl: undefined },
    databaseUrl,
    deps,
    processEvery: 200,
    ...(lockLifetimeMs ? { lockLifetimeMs } : {}),
  });
}

export async function jobRows(sql: Sql, name: string) {
  return sql<
    {
      key: string;
      next_run_at: Date | null;
      repeat_interval: string | null;
      repeat_timezone: string | null;
    }[]
  >`
    select data->>'key' as key, next_run_at, repeat_interval, repeat_timezone
      from agenda_jobs where name = ${name} order by data->>'key'`;
}

export type { Agenda };
