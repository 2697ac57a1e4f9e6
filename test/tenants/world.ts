/**
 * Two workspaces that install Renubu by OAuth (PRODUCT.md §13), each its own company, and the
 * same CSM email in both: Ana of Acme (workspace T0ACME) and Ana of Beta (T0BETA), each with
 * one customer renewing soon. The fake Slack plays both workspaces and Slack's OAuth side.
 */
import { expect } from 'vitest';
import { loadSettings } from '../../src/config.ts';
import type { Sql } from '../../src/db/connection.ts';
import type { FakeSlack } from '../harness/index.ts';

export const SECRET = 'tenants-test-signing-secret';
export const STATE_SECRET = 'tenants-test-state-secret';
/** 32 bytes, base64 (RENUBU_ENCRYPTION_KEY). */
export const KEY = Buffer.alloc(32, 7).toString('base64');
export const PUBLIC_URL = 'https://renubu.example.com';
export const AS_OF = '2026-11-25';
export const NOON = new Date(`${AS_OF}T17:00:00Z`);

export const ACME = {
  teamId: 'T0ACME',
  name: 'Acme Workspace',
  ana: { id: 'U0ACMEANA', email: 'ana@shared.test', name: 'Ana (Acme)' },
  customer: 'Globex',
};
export const BETA = {
  teamId: 'T0BETA',
  name: 'Beta Workspace',
  ana: { id: 'U0BETAANA', email: 'ana@shared.test', name: 'Ana (Beta)' },
  customer: 'Hooli',
};

export function addTeams(fake: FakeSlack, rotationSeconds?: number): void {
  for (const team of [ACME, BETA]) {
    fake.oauth.addTeam({
      teamId: team.teamId,
      name: team.name,
      users: [team.ana],
      ...(rotationSeconds === undefined ? {} : { rotationSeconds }),
    });
  }
}

export function oauthEnv(databaseUrl: string, fake: FakeSlack): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    SLACK_CLIENT_ID: fake.oauth.clientId,
    SLACK_CLIENT_SECRET: fake.oauth.clientSecret,
    SLACK_STATE_SECRET: STATE_SECRET,
    SLACK_SIGNING_SECRET: SECRET,
    PUBLIC_URL,
    RENUBU_ENCRYPTION_KEY: KEY,
    SLACK_API_URL: fake.url,
    LOG_LEVEL: 'silent',
  };
}

export const oauthSettings = (databaseUrl: string, fake: FakeSlack) =>
  loadSettings(oauthEnv(databaseUrl, fake), '/tmp');

/**
 * The install, as a browser does it: GET /slack/install (the state cookie, and the redirect
 * to Slack's consent screen), the installer clicks Allow (the fake's code), and Slack sends
 * the browser back to /slack/oauth_redirect with the code and the state.
 */
export async function installByOAuth(baseUrl: string, fake: FakeSlack, teamId: string) {
  const start = await fetch(`${baseUrl}/slack/install`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const location = new URL(start.headers.get('location') ?? '');
  expect(location.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/slack/oauth_redirect`);
  const scopes = location.searchParams.get('scope')?.split(',') ?? [];
  const state = location.searchParams.get('state') ?? '';
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(cookie).toBe(`slack-app-oauth-state=${state}`);
  const code = fake.oauth.authorize(teamId);
  const done = await fetch(
    `${baseUrl}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
    { headers: { cookie } },
  );
  return { status: done.status, body: await done.text(), scopes };
}

/** The company an installed workspace became. */
export async function companyOf(sql: Sql, teamId: string): Promise<number> {
  const [row] = await sql<{ company_id: string }[]>`
    select company_id from slack_installations where team_id = ${teamId}`;
  if (!row) throw new Error(`no installation of ${teamId}`);
  return Number(row.company_id);
}

/** Each company's Ana (same email), and her one customer renewing in 12 days. */
export async function seedTenants(sql: Sql): Promise<void> {
  for (const team of [ACME, BETA]) {
    const companyId = await companyOf(sql, team.teamId);
    const [csm] = await sql<{ id: string }[]>`
      insert into csms (company_id, external_id, name, email)
      values (${companyId}, 'csm-ana', ${team.ana.name}, ${team.ana.email}) returning id`;
    const ext = team.customer.toLowerCase();
    const [customer] = await sql<{ id: string }[]>`
      insert into customers (company_id, external_id, name, csm_id, arr, seats)
      values (${companyId}, ${ext}, ${team.customer}, ${csm!.id}, 120000, 10) returning id`;
    await sql`
      insert into contracts (company_id, external_id, customer_id, start_date, renewal_date, arr)
      values (${companyId}, ${`k-${ext}`}, ${customer!.id}, '2025-01-01', '2026-12-07', 120000)`;
  }
}
