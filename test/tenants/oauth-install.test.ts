/**
 * Two workspaces installed by OAuth through the real routes (/slack/install, then
 * /slack/oauth_redirect with the fake's code and the state), the same CSM email in both: each
 * workspace's morning DMs go with its own token to its own users, and a DM question in
 * workspace B never shows company A's customers (PRODUCT.md §13).
 */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dailyRunJob } from '../../jobs/daily-run.ts';
import { databaseOpener } from '../../src/cli/context.ts';
import { runCli } from '../../src/cli/index.ts';
import { type Serving, serve } from '../../src/cli/serve.ts';
import { fixedClock } from '../../src/clock.ts';
import { createLogger } from '../../src/logger.ts';
import { NOBODY } from '../../src/slack/identity.ts';
import {
  createSlackDriver,
  FAST_RETRIES,
  type FakeSlack,
  type RecordedCall,
  startFakeSlack,
} from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';
import {
  ACME,
  AS_OF,
  addTeams,
  BETA,
  companyOf,
  installByOAuth,
  NOON,
  oauthEnv,
  oauthSettings,
  SECRET,
  seedTenants,
} from './world.ts';

let db: TestDatabase;
let fake: FakeSlack;
let serving: Serving;
let baseUrl: string;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeSlack({ users: [] });
  addTeams(fake);
  const settings = oauthSettings(db.url, fake);
  const err = captureOutput();
  serving = await serve(
    {
      settings,
      out: captureOutput(),
      err,
      clock: fixedClock(NOON),
      openDatabase: databaseOpener(settings, err),
    },
    { port: 0, host: '127.0.0.1', retryConfig: FAST_RETRIES, jobs: false, outboxIntervalMs: 50 },
  );
  baseUrl = `http://127.0.0.1:${serving.port}`;
});
afterAll(async () => {
  await serving?.stop();
  await fake?.close();
  await db?.drop();
});

const tokenOf = (teamId: string) => (call: RecordedCall) =>
  call.token?.startsWith(`xoxb-${teamId}-`) === true;
const postsTo = (user: string, since = 0) =>
  fake.calls
    .slice(since)
    .filter((call) => call.method === 'chat.postMessage')
    .filter((call) => call.args.channel === fake.world.dmOf(user));

describe('two workspaces installed by OAuth', () => {
  it('installs each workspace as its own company, its tokens stored encrypted', async () => {
    for (const team of [ACME, BETA]) {
      const done = await installByOAuth(baseUrl, fake, team.teamId);
      expect(done.status, done.body).toBe(200);
      expect(done.scopes).toContain('files:write');
    }
    const acme = await companyOf(db.sql, ACME.teamId);
    const beta = await companyOf(db.sql, BETA.teamId);
    expect(acme).not.toBe(beta);
    const companies = await db.sql`select external_id, name from companies order by id`;
    expect(companies).toEqual([
      { external_id: 'T0ACME', name: 'Acme Workspace' },
      { external_id: 'T0BETA', name: 'Beta Workspace' },
    ]);
    // the database never holds a token in clear
    const rows = await db.sql<{ row: string }[]>`
      select row_to_json(i)::text as row from slack_installations i`;
    expect(rows).toHaveLength(2);
    for (const { row } of rows) expect(row).not.toMatch(/xox[be]-/);
    // an install with a state that is not this browser's is refused
    const forged = await fetch(
      `${baseUrl}/slack/oauth_redirect?code=${fake.oauth.authorize(ACME.teamId)}&state=forged`,
    );
    expect(forged.status).not.toBe(200);
    await seedTenants(db.sql);
  });

  it("answers a DM question in workspace B from company B's book only", async () => {
    // neither Ana is linked to a Slack user yet: B's Ana is found by her email, in B only
    const answers = (user: string) =>
      fake.messagesIn(user).filter((m) => m.bot_id !== undefined && m.thread_ts === undefined);
    const beta = createSlackDriver({ baseUrl, signingSecret: SECRET, fake, teamId: BETA.teamId });
    const seen = answers(BETA.ana.id).length;
    expect((await beta.message(BETA.ana.id, 'how is globex doing?')).status).toBe(200);
    await vi.waitFor(() => expect(answers(BETA.ana.id).length).toBeGreaterThan(seen), 8000);
    const reply = answers(BETA.ana.id).slice(seen);
    expect(reply.map((m) => m.text)).toContainEqual(expect.stringMatching(/find “globex”/));
    expect(JSON.stringify(reply)).not.toContain('Globex');
    // her own customer she is shown
    const before = answers(BETA.ana.id).length;
    await beta.message(BETA.ana.id, 'how is hooli doing?');
    await vi.waitFor(() => {
      const cards = answers(BETA.ana.id)
        .slice(before)
        .filter((m) => m.blocks !== undefined);
      expect(JSON.stringify(cards)).toContain('Hooli');
    }, 8000);
    // every answer in workspace B went with B's token
    const toBeta = postsTo(BETA.ana.id);
    expect(toBeta.length).toBeGreaterThan(1);
    for (const call of toBeta) expect(tokenOf(BETA.teamId)(call)).toBe(true);
  });

  it("sends each workspace's morning DMs with its own token to its own users", async () => {
    const since = fake.calls.length;
    const out = captureOutput();
    const err = captureOutput();
    const code = await runCli(['daily-run', '--as-of', AS_OF], {
      env: oauthEnv(db.url, fake),
      cwd: '/tmp',
      out,
      err,
      clock: fixedClock(NOON),
    });
    expect(code, err.text()).toBe(0);
    // sent by this command or by the serving process's deliverer, whichever claims it first
    expect(err.text()).toContain('Slack: 2 morning DMs queued;');
    await vi.waitFor(() => {
      expect(postsTo(ACME.ana.id, since)).toHaveLength(1);
      expect(postsTo(BETA.ana.id, since)).toHaveLength(1);
    }, 8000);
    for (const [team, other] of [
      [ACME, BETA],
      [BETA, ACME],
    ] as const) {
      const [dm, ...more] = postsTo(team.ana.id, since);
      expect(more).toEqual([]);
      expect(tokenOf(team.teamId)(dm!)).toBe(true);
      const shown = JSON.stringify(dm!.args);
      expect(shown).toContain(team.customer);
      expect(shown).not.toContain(other.customer);
    }
    // each Ana was found by email in her own workspace, with its token
    for (const call of fake.callsTo('users.lookupByEmail')) {
      expect((call.response as { user?: { team_id?: string } }).user?.team_id).toBe(
        call.token?.split('-')[1],
      );
    }
    const links = await db.sql`
      select co.external_id as company, m.slack_user_id from csms m
        join companies co on co.id = m.company_id order by co.external_id`;
    expect(links).toEqual([
      { company: 'T0ACME', slack_user_id: ACME.ana.id },
      { company: 'T0BETA', slack_user_id: BETA.ana.id },
    ]);
  });

  it("sends the 06:00 job's DM in the CSM's own workspace, with its token", async () => {
    const tenants = serving.running.slackApp?.tenants;
    expect(tenants).toBeDefined();
    const companyId = await companyOf(db.sql, BETA.teamId);
    const [csm] = await db.sql<{ id: string }[]>`
      select id from csms where company_id = ${companyId}`;
    const since = fake.calls.length;
    const nextMorning = fixedClock(new Date(NOON.getTime() + 86_400_000));
    await dailyRunJob.run(
      {
        sql: db.sql,
        clock: nextMorning,
        logger: createLogger('silent'),
        // the one-token parts are not used when each company has its workspace
        slack: { client: new WebClient(), identity: NOBODY, tenants: tenants! },
        allClearDm: true,
      },
      { key: 'daily-run:test', csmId: Number(csm!.id), companyId },
      undefined as never,
    );
    const [dm, ...more] = postsTo(BETA.ana.id, since);
    expect(more).toEqual([]);
    expect(tokenOf(BETA.teamId)(dm!)).toBe(true);
    expect(JSON.stringify(dm!.args)).toContain(BETA.customer);
    expect(postsTo(ACME.ana.id, since)).toEqual([]);
  });

  it('refuses a request from a workspace Renubu is not installed in', async () => {
    const stranger = createSlackDriver({ baseUrl, signingSecret: SECRET, fake, teamId: 'T0NOPE' });
    const rows = async () => (await db.sql`select count(*)::int as n from outbox`)[0]?.n;
    const before = await rows();
    const calls = fake.calls.length;
    await stranger.message(BETA.ana.id, 'how is hooli doing?');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // not authorized: no listener ran, nothing was written or sent
    expect(await rows()).toBe(before);
    // (a chart upload of a question before may still be on its way: files.*, its DM opened)
    const made = fake.calls.slice(calls).map((call) => call.method);
    expect(made.filter((method) => /^(users|chat|views)\./.test(method))).toEqual([]);
  });
});
