/**
 * The Slack installations (PRODUCT.md §13): one row per workspace, or per Enterprise Grid
 * organization installed org-wide, each belonging to one company (the tenant). Tokens are kept
 * sealed with RENUBU_ENCRYPTION_KEY (src/secret-box.ts): the database never holds one in clear.
 *
 * Which company a new installation belongs to: the company whose external id is the team id
 * (the enterprise id for an org-wide install), created when there is none. `renubu import
 * --company T0ACME` fills the same company, before or after the install. A re-install keeps
 * the company the workspace had.
 */

import type postgres from 'postgres';
import { open, seal } from '../secret-box.ts';
import type { Sql, TransactionSql } from './connection.ts';

type Db = Sql | TransactionSql;

/** Which installation: Bolt's InstallationQuery, as far as it is ours to read. */
export interface InstallationKey {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall: boolean;
}

/** An installation with its tokens in clear (in memory only). */
export interface InstallationRecord {
  id: number;
  companyId: number;
  teamId: string | null;
  teamName: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  botId: string | null;
  botUserId: string | null;
  botToken: string;
  botRefreshToken: string | null;
  botTokenExpiresAt: Date | null;
  botScopes: string[];
  installerUserId: string | null;
}

/** What an install stores: the record's fields but its ids, the org's name, and when. */
export type InstallationInput = Omit<InstallationRecord, 'id' | 'companyId'> & {
  enterpriseName: string | null;
  /** When it was installed, by the injected clock. */
  now: Date;
};

interface Row {
  id: string;
  company_id: string;
  team_id: string | null;
  team_name: string | null;
  enterprise_id: string | null;
  is_enterprise_install: boolean;
  bot_id: string | null;
  bot_user_id: string | null;
  bot_token_enc: string | null;
  bot_refresh_token_enc: string | null;
  bot_token_expires_at: Date | null;
  bot_scopes: string[];
  installer_user_id: string | null;
}

const COLUMNS = (sql: Db) => sql`
  i.id, i.company_id, i.team_id, co.name as team_name, i.enterprise_id, i.is_enterprise_install,
  i.bot_id, i.bot_user_id, i.bot_token_enc, i.bot_refresh_token_enc, i.bot_token_expires_at,
  i.bot_scopes, i.installer_user_id`;

function record(key: Buffer, row: Row): InstallationRecord | null {
  // a row without a token is an uninstalled workspace: nothing can be sent with it
  if (!row.bot_token_enc) return null;
  return {
    id: Number(row.id),
    companyId: Number(row.company_id),
    teamId: row.team_id,
    teamName: row.team_name,
    enterpriseId: row.enterprise_id,
    isEnterpriseInstall: row.is_enterprise_install,
    botId: row.bot_id,
    botUserId: row.bot_user_id,
    botToken: open(key, row.bot_token_enc),
    botRefreshToken: row.bot_refresh_token_enc ? open(key, row.bot_refresh_token_enc) : null,
    botTokenExpiresAt: row.bot_token_expires_at,
    botScopes: row.bot_scopes,
    installerUserId: row.installer_user_id,
  };
}

/**
 * The rows that answer a query: a workspace's own install first, else its organization's
 * org-wide install (a workspace of a Grid org that installed Renubu once for all).
 */
async function rowsFor(sql: Db, query: InstallationKey, lock: boolean): Promise<Row[]> {
  const forUpdate = lock ? sql`for update of i` : sql``;
  if (!query.isEnterpriseInstall && query.teamId) {
    const own = await sql<Row[]>`
      select ${COLUMNS(sql)} from slack_installations i join companies co on co.id = i.company_id
       where i.team_id = ${query.teamId} and not i.is_enterprise_install ${forUpdate}`;
    if (own.length > 0 || !query.enterpriseId) return own;
  }
  if (!query.enterpriseId) return [];
  return sql<Row[]>`
    select ${COLUMNS(sql)} from slack_installations i join companies co on co.id = i.company_id
     where i.enterprise_id = ${query.enterpriseId} and i.is_enterprise_install ${forUpdate}`;
}

/** The installation Slack's request came from (team, or org-wide), or null. */
export async function findInstallation(
  sql: Db,
  key: Buffer,
  query: InstallationKey,
  options: { lock?: boolean } = {},
): Promise<InstallationRecord | null> {
  const [row] = await rowsFor(sql, query, options.lock ?? false);
  return row ? record(key, row) : null;
}

/** The company's installation (its workspace, or its org), or null when it has none. */
export function installationOfCompany(
  sql: Db,
  key: Buffer,
  companyId: number,
  options: { lock?: boolean } = {},
): Promise<InstallationRecord | null> {
  const where = sql`i.company_id = ${companyId} and i.bot_token_enc is not null order by i.id limit 1`;
  return oneInstallation(sql, key, where, options.lock ?? false);
}

/** One installation by its id (locked for update with `lock`, inside a transaction). */
export function installationById(
  sql: Db,
  key: Buffer,
  id: number,
  options: { lock?: boolean } = {},
): Promise<InstallationRecord | null> {
  return oneInstallation(sql, key, sql`i.id = ${id}`, options.lock ?? false);
}

async function oneInstallation(
  sql: Db,
  key: Buffer,
  where: postgres.PendingQuery<postgres.Row[]>,
  lock: boolean,
): Promise<InstallationRecord | null> {
  const forUpdate = lock ? sql`for update of i` : sql``;
  const [row] = await sql<Row[]>`
    select ${COLUMNS(sql)} from slack_installations i join companies co on co.id = i.company_id
     where ${where} ${forUpdate}`;
  return row ? record(key, row) : null;
}

/** The company a workspace (or org) is: the one named by its id, created if none is. */
async function companyFor(tx: TransactionSql, externalId: string, name: string): Promise<number> {
  const [row] = await tx<{ id: string }[]>`
    insert into companies (external_id, name) values (${externalId}, ${name})
    on conflict (external_id) do update set external_id = excluded.external_id
    returning id`;
  return Number(row?.id);
}

/**
 * Store an install (or a re-install) of a workspace or org; returns the company it belongs
 * to. A re-install keeps its company, and the company counts as installed again.
 */
export async function saveInstallation(
  sql: Sql,
  key: Buffer,
  input: InstallationInput,
): Promise<number> {
  const externalId = input.isEnterpriseInstall ? input.enterpriseId : input.teamId;
  if (!externalId) {
    throw new Error(
      input.isEnterpriseInstall
        ? 'an org-wide installation needs its enterprise id'
        : 'a workspace installation needs its team id',
    );
  }
  return sql.begin(async (tx) => {
    const query = {
      teamId: input.teamId ?? undefined,
      enterpriseId: input.enterpriseId ?? undefined,
      isEnterpriseInstall: input.isEnterpriseInstall,
    };
    // the workspace's own row only: an org-wide install is not this workspace's install
    const [existing] = (await rowsFor(tx, query, true)).filter(
      (row) => row.is_enterprise_install === input.isEnterpriseInstall,
    );
    const companyId = existing
      ? Number(existing.company_id)
      : await companyFor(
          tx,
          externalId,
          (input.isEnterpriseInstall ? input.enterpriseName : input.teamName) ?? externalId,
        );
    const values = {
      company_id: companyId,
      team_id: input.isEnterpriseInstall ? null : input.teamId,
      enterprise_id: input.enterpriseId,
      is_enterprise_install: input.isEnterpriseInstall,
      bot_id: input.botId,
      bot_user_id: input.botUserId,
      bot_token_enc: seal(key, input.botToken),
      bot_refresh_token_enc: input.botRefreshToken ? seal(key, input.botRefreshToken) : null,
      bot_token_expires_at: input.botTokenExpiresAt,
      bot_scopes: input.botScopes,
      installer_user_id: input.installerUserId,
      updated_at: input.now,
    };
    if (existing) {
      await tx`update slack_installations set ${tx(values)} where id = ${existing.id}`;
    } else {
      await tx`insert into slack_installations ${tx({ ...values, installed_at: input.now })}`;
    }
    await tx`update companies set uninstalled_at = null where id = ${companyId}`;
    return companyId;
  });
}

/** Replace an installation's tokens after a refresh (token rotation). */
export async function storeRefreshedTokens(
  sql: Db,
  key: Buffer,
  id: number,
  tokens: { botToken: string; botRefreshToken: string | null; botTokenExpiresAt: Date | null },
  now: Date,
): Promise<void> {
  await sql`
    update slack_installations
       set bot_token_enc = ${seal(key, tokens.botToken)},
           bot_refresh_token_enc = ${tokens.botRefreshToken ? seal(key, tokens.botRefreshToken) : null},
           bot_token_expires_at = ${tokens.botTokenExpiresAt}, updated_at = ${now}
     where id = ${id}`;
}

/**
 * Delete the installation(s) of a workspace or org (Bolt's deleteInstallation; the uninstall
 * events use it too). Returns the companies that lost an installation.
 */
export async function deleteInstallations(sql: Db, query: InstallationKey): Promise<number[]> {
  const rows = query.isEnterpriseInstall
    ? await sql<{ company_id: string }[]>`
        delete from slack_installations
         where enterprise_id = ${query.enterpriseId ?? null} and is_enterprise_install
        returning company_id`
    : await sql<{ company_id: string }[]>`
        delete from slack_installations
         where team_id = ${query.teamId ?? null} and not is_enterprise_install
        returning company_id`;
  return [...new Set(rows.map((row) => Number(row.company_id)))];
}
