/**
 * Token rotation (PRODUCT.md §13): an installation whose bot token has expired is refreshed
 * once with oauth.v2.access (grant_type=refresh_token), also when two sends need it at the
 * same moment, and the new pair is stored encrypted; sends go with the new token. And an
 * org-wide install on Enterprise Grid answers for every workspace of its organization.
 */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { installationOfCompany } from '../../src/db/installations.ts';
import { enqueue } from '../../src/db/outbox.ts';
import { createLogger } from '../../src/logger.ts';
import {
  createInstallationStore,
  ROTATE_WITHIN_MS,
  slackRefresher,
} from '../../src/slack/installation-store.ts';
import { deliverSlackOutbox } from '../../src/slack/outbox-sender.ts';
import { installedWorkspaces } from '../../src/slack/tenants.ts';
import { type FakeSlack, startFakeSlack } from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { KEY, NOON } from './world.ts';

const ANA = { id: 'U0ROTANA', email: 'ana@rot.test', name: 'Ana Rot' };
const GRID_USER = { id: 'U0GRIDBO', email: 'bo@grid.test', name: 'Bo Grid' };
const HOUR_S = 3600;
const clock = fixedClock(NOON);
const logger = createLogger('silent');
const key = Buffer.from(KEY, 'base64');

let db: TestDatabase;
let fake: FakeSlack;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeSlack({ users: [], now: () => clock.now().getTime() });
  fake.oauth.addTeam({
    teamId: 'T0ROT',
    name: 'Rotating',
    rotationSeconds: 12 * HOUR_S,
    users: [ANA],
  });
  fake.oauth.addTeam({
    teamId: 'T0GRIDWS',
    name: 'Grid WS',
    enterpriseId: 'E0GRID',
    users: [GRID_USER],
  });
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

function store() {
  const clientOptions = { slackApiUrl: fake.url, retryConfig: { retries: 0 } };
  const { clientId, clientSecret } = fake.oauth;
  return createInstallationStore({
    sql: db.sql,
    key,
    clock,
    logger,
    refresh: slackRefresher({ clientId, clientSecret, clientOptions }),
  });
}

/** What Bolt's installer does on the redirect: trade the code for the team's tokens. */
async function exchange(teamId: string, orgWide = false) {
  const client = new WebClient(undefined, { slackApiUrl: fake.url });
  return client.oauth.v2.access({
    client_id: fake.oauth.clientId,
    client_secret: fake.oauth.clientSecret,
    code: fake.oauth.authorize(teamId, { orgWide }),
  });
}

describe('token rotation', () => {
  it('refreshes an expired token once, stores it encrypted, and sends with the new one', async () => {
    const granted = await exchange('T0ROT');
    expect(granted.refresh_token).toBeDefined();
    const installations = store();
    await installations.storeInstallation({
      team: { id: 'T0ROT', name: 'Rotating' },
      enterprise: undefined,
      user: { id: 'U0INSTALLER', token: undefined, scopes: undefined },
      bot: {
        token: granted.access_token ?? '',
        refreshToken: granted.refresh_token ?? '',
        expiresAt: Math.floor(clock.now().getTime() / 1000) + (granted.expires_in ?? 0),
        scopes: ['chat:write', 'im:write', 'users:read', 'users:read.email'],
        id: 'B0RENUBU',
        userId: 'U0RENUBU',
      },
      isEnterpriseInstall: false,
      authVersion: 'v2',
    });
    const [row] = await db.sql<{ company_id: string; row: string }[]>`
      select company_id, row_to_json(i)::text as row from slack_installations i`;
    const companyId = Number(row!.company_id);
    expect(row!.row).not.toContain(granted.access_token);
    expect(row!.row).not.toContain(granted.refresh_token);

    // still good for a while: no refresh
    const tenants = installedWorkspaces({
      sql: db.sql,
      store: installations,
      clock,
      logger,
      clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
    });
    expect((await tenants.forCompany(companyId)).client.token).toBe(granted.access_token);
    const refreshes = () =>
      fake.callsTo('oauth.v2.access').filter((call) => call.args.grant_type === 'refresh_token');
    expect(refreshes()).toHaveLength(0);

    // 12 hours later the token has expired (Slack refuses it); two sends need it at once
    clock.set(new Date(NOON.getTime() + 12 * HOUR_S * 1000 + 60_000));
    const stale = new WebClient(granted.access_token, {
      slackApiUrl: fake.url,
      retryConfig: { retries: 0 },
    });
    await expect(stale.users.info({ user: ANA.id })).rejects.toThrow(/token_expired/);
    const [a, b] = await Promise.all([
      tenants.forCompany(companyId),
      tenants.forCompany(companyId),
    ]);
    expect(refreshes()).toHaveLength(1);
    const fresh = a.client.token;
    expect(fresh).not.toBe(granted.access_token);
    expect(b.client.token).toBe(fresh);
    const stored = await installationOfCompany(db.sql, key, companyId);
    expect(stored?.botToken).toBe(fresh);
    expect(stored?.botTokenExpiresAt?.getTime()).toBe(clock.now().getTime() + 12 * HOUR_S * 1000);
    const [after] = await db.sql<{ row: string }[]>`
      select row_to_json(i)::text as row from slack_installations i`;
    expect(after!.row).not.toContain(fresh);
    expect(after!.row).not.toMatch(/xox[be]-/);

    // a DM of the company goes out with the new token
    await enqueue(db.sql, {
      idempotencyKey: 'rotation:dm',
      channel: 'slack',
      kind: 'test',
      recipient: ANA.email,
      payload: { text: 'hello after rotation' },
      companyId,
      availableAt: clock.now(),
    });
    const report = await deliverSlackOutbox({
      sql: db.sql,
      client: new WebClient(undefined, { slackApiUrl: fake.url }),
      tenants,
      clock,
      logger,
    });
    expect(report.sent).toBe(1);
    const [post] = fake.callsTo('chat.postMessage');
    expect(post?.token).toBe(fresh);
    expect(refreshes()).toHaveLength(1);
  });

  it('refreshes a token that expires within the rotation window, before it is used', async () => {
    const companyId = Number(
      (await db.sql`select company_id from slack_installations`)[0]!.company_id,
    );
    const installations = store();
    const before = await installationOfCompany(db.sql, key, companyId);
    clock.set(new Date(before!.botTokenExpiresAt!.getTime() - ROTATE_WITHIN_MS + 1000));
    const refreshed = await installations.installationOfCompany(companyId);
    expect(refreshed?.botToken).not.toBe(before?.botToken);
  });
});

describe('Enterprise Grid', () => {
  it('an org-wide install is one company, and answers for each workspace of the org', async () => {
    const granted = await exchange('T0GRIDWS', true);
    expect(granted.is_enterprise_install).toBe(true);
    const installations = store();
    await installations.storeInstallation({
      team: undefined,
      enterprise: { id: 'E0GRID', name: 'Grid Org' },
      user: { id: 'U0INSTALLER', token: undefined, scopes: undefined },
      bot: {
        token: granted.access_token ?? '',
        scopes: ['chat:write'],
        id: 'B0RENUBU',
        userId: 'U0RENUBU',
      },
      isEnterpriseInstall: true,
      authVersion: 'v2',
    });
    const [company] = await db.sql`
      select co.external_id, co.name from slack_installations i
        join companies co on co.id = i.company_id where i.is_enterprise_install`;
    expect(company).toEqual({ external_id: 'E0GRID', name: 'Grid Org' });
    // a request from a workspace of the org finds the org's install (Bolt's query)
    const found = await installations.fetchInstallation({
      teamId: 'T0GRIDWS',
      enterpriseId: 'E0GRID',
      isEnterpriseInstall: false,
    });
    expect(found.bot?.token).toBe(granted.access_token);
    expect(found.isEnterpriseInstall).toBe(true);
    // a workspace of no installation is refused, saying which
    await expect(
      installations.fetchInstallation({
        teamId: 'T0ELSE',
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      }),
    ).rejects.toThrow(/not installed in the Slack workspace T0ELSE/);
    // and it can be deleted by its org (the uninstall hook)
    await installations.deleteInstallation?.({
      teamId: undefined,
      enterpriseId: 'E0GRID',
      isEnterpriseInstall: true,
    });
    await expect(
      installations.fetchInstallation({
        teamId: undefined,
        enterpriseId: 'E0GRID',
        isEnterpriseInstall: true,
      }),
    ).rejects.toThrow(/not installed/);
  });
});
