/**
 * Uninstall (issue 18 item 4, PRODUCT.md §13): `app_uninstalled` and `tokens_revoked` delete
 * the workspace's installation at once, mark its company uninstalled by the injected clock,
 * and stop every send to it: its unsent Slack rows are dropped (never retried, never sent),
 * also those enqueued later; a send the revoked token is refused for is dropped, not failed.
 */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Serving } from '../../src/cli/serve.ts';
import { fixedClock } from '../../src/clock.ts';
import { enqueue } from '../../src/db/outbox.ts';
import { uninstallWorkspace } from '../../src/db/uninstall.ts';
import { createLogger } from '../../src/logger.ts';
import { deliverSlackOutbox } from '../../src/slack/outbox-sender.ts';
import { SLACK_CLIENT_OPTIONS } from '../../src/slack/outbox-timing.ts';
import {
  createSlackDriver,
  DEFAULT_BOT_TOKEN,
  type FakeSlack,
  type SlackDriver,
} from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { NOON, SECRET, seedWorld, serveWorld, startWorldSlack, USERS } from './world.ts';

let db: TestDatabase;
let fake: FakeSlack;
let serving: Serving;
let slack: SlackDriver;
const LATER = new Date(NOON.getTime() + 3_600_000);

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startWorldSlack();
  await seedWorld(db.sql);
  await db.sql`insert into companies (external_id, name) values ('globo', 'Globo')`;
  ({ serving, slack } = await serveWorld(db.url, fake));
});
afterAll(async () => {
  await serving?.stop();
  await fake.close();
  await db.drop();
});
beforeEach(async () => {
  fake.reset();
  fake.refuseToken(DEFAULT_BOT_TOKEN, null);
  await db.sql`delete from outbox`;
  await db.sql`delete from slack_installations`;
  await db.sql`update companies set uninstalled_at = null`;
});

async function dm(key: string, companyId: number, availableAt = NOON) {
  await enqueue(db.sql, {
    idempotencyKey: key,
    channel: 'slack',
    kind: 'test',
    recipient: USERS.ben.id,
    payload: { text: key },
    companyId,
    availableAt,
  });
}

function deps() {
  return {
    sql: db.sql,
    client: new WebClient(DEFAULT_BOT_TOKEN, { ...SLACK_CLIENT_OPTIONS, slackApiUrl: fake.url }),
    clock: fixedClock(NOON),
    logger: createLogger('silent'),
  };
}

async function statuses() {
  const rows = await db.sql<{ idempotency_key: string; status: string }[]>`
    select idempotency_key, status from outbox order by id`;
  return Object.fromEntries(rows.map((row) => [row.idempotency_key, row.status]));
}

async function uninstalledAt() {
  const rows = await db.sql<{ external_id: string; uninstalled_at: Date | null }[]>`
    select external_id, uninstalled_at from companies order by id`;
  return Object.fromEntries(rows.map((row) => [row.external_id, row.uninstalled_at]));
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function install(companyId: number, team: string | null, enterprise?: string) {
  await db.sql`
    insert into slack_installations (company_id, team_id, enterprise_id, is_enterprise_install)
    values (${companyId}, ${team}, ${enterprise ?? null}, ${team === null})`;
}

describe('app_uninstalled', () => {
  it('in one-token mode marks the company, drops its unsent rows and sends nothing more', async () => {
    await dm('later:1', 1, LATER);
    const answer = await slack.event({ type: 'app_uninstalled' });
    expect(answer.status).toBe(200);
    await until(async () => (await uninstalledAt()).acme !== null, 'the company marked');
    expect((await uninstalledAt()).acme).toEqual(NOON);
    expect(await statuses()).toEqual({ 'later:1': 'dropped' });

    // a job under way enqueues after the uninstall: the deliverer drops it, sends nothing
    await dm('after:1', 1);
    expect(await deliverSlackOutbox(deps())).toMatchObject({ sent: 0, dropped: 1 });
    expect(await statuses()).toEqual({ 'later:1': 'dropped', 'after:1': 'dropped' });
    expect(fake.callsTo('chat.postMessage')).toEqual([]);
    expect(fake.callsTo('conversations.open')).toEqual([]);
  });

  it("deletes that workspace's installation only, and the other company keeps sending", async () => {
    await install(1, 'T0ACME');
    await install(2, 'T0GLOBO');
    await dm('acme:1', 1, LATER);
    await dm('globo:1', 2, LATER);
    const globo = createSlackDriver({
      baseUrl: `http://127.0.0.1:${serving.port}`,
      signingSecret: SECRET,
      fake,
      teamId: 'T0GLOBO',
    });
    await globo.event({ type: 'app_uninstalled' });
    await until(async () => (await uninstalledAt()).globo !== null, 'globo marked');
    expect(await uninstalledAt()).toEqual({ acme: null, globo: NOON });
    const left = await db.sql`select team_id from slack_installations`;
    expect(left.map((row) => row.team_id)).toEqual(['T0ACME']);
    expect(await statuses()).toEqual({ 'acme:1': 'pending', 'globo:1': 'dropped' });
  });

  it('an org-wide install goes by its enterprise id', async () => {
    await install(2, null, 'E0GRID');
    await install(1, 'T0ACME');
    const grid = createSlackDriver({
      baseUrl: `http://127.0.0.1:${serving.port}`,
      signingSecret: SECRET,
      fake,
      teamId: 'T0GRIDTEAM',
    });
    // Slack sends an org-wide install's events with the enterprise and is_enterprise_install
    await grid.send(
      JSON.stringify({
        token: 'unused',
        enterprise_id: 'E0GRID',
        api_app_id: fake.identity.appId,
        event: { type: 'app_uninstalled', event_ts: '1.000001' },
        type: 'event_callback',
        event_id: 'EvGRID000001',
        event_time: 1,
        is_enterprise_install: true,
        authorizations: [
          {
            enterprise_id: 'E0GRID',
            team_id: null,
            user_id: 'U0BOT',
            is_bot: true,
            is_enterprise_install: true,
          },
        ],
      }),
      'application/json',
    );
    await until(async () => (await uninstalledAt()).globo !== null, 'globo marked');
    expect(await uninstalledAt()).toEqual({ acme: null, globo: NOON });
  });
});

describe('with OAuth (no one token)', () => {
  it("marks only the workspace's own company; a retry after its rows went marks nobody", async () => {
    await install(2, 'T0GLOBO');
    const who = { teamId: 'T0GLOBO', enterpriseId: null, isEnterpriseInstall: false };
    expect(await uninstallWorkspace(db.sql, who, NOON)).toMatchObject({
      installations: 1,
      companies: [2],
    });
    expect(await uninstallWorkspace(db.sql, who, LATER)).toMatchObject({
      installations: 0,
      companies: [],
    });
    expect(await uninstalledAt()).toEqual({ acme: null, globo: NOON });
  });
});

describe('tokens_revoked', () => {
  it('of the bot token uninstalls; of user tokens only, changes nothing', async () => {
    await install(1, fake.identity.teamId);
    await dm('acme:1', 1, LATER);
    await slack.event({ type: 'tokens_revoked', tokens: { oauth: ['U0ANA'], bot: [] } });
    await slack.event({ type: 'tokens_revoked', tokens: { bot: ['U0RENUBU'] } });
    await until(async () => (await uninstalledAt()).acme !== null, 'acme marked');
    expect(await statuses()).toEqual({ 'acme:1': 'dropped' });
    expect(await db.sql`select 1 from slack_installations`).toHaveLength(0);
  });
});

describe('a send the token is refused for', () => {
  it('is dropped when Slack says the token was revoked (not failed, never retried)', async () => {
    await dm('revoked:1', 1);
    fake.refuseToken(DEFAULT_BOT_TOKEN, 'token_revoked');
    expect(await deliverSlackOutbox(deps())).toMatchObject({ dropped: 1, failed: 0 });
    const [row] = await db.sql`select status, last_error from outbox`;
    expect(row).toMatchObject({ status: 'dropped' });
    expect(row!.last_error).toMatch(/token_revoked/);
  });

  it('fails as before (an operator fixes SLACK_BOT_TOKEN) while the company is installed', async () => {
    await dm('invalid:1', 1);
    fake.refuseToken(DEFAULT_BOT_TOKEN, 'invalid_auth');
    expect(await deliverSlackOutbox(deps())).toMatchObject({ dropped: 0, failed: 1 });
  });
});
