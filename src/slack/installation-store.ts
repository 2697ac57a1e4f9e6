/**
 * Bolt's InstallationStore on PostgreSQL (src/db/installations.ts), with token rotation: a
 * bot token that expires within ROTATE_WITHIN_MS is refreshed with oauth.v2.access
 * (grant_type=refresh_token) before it is handed out, under the row's lock so that two
 * processes refresh it once, and the new pair is stored sealed. Bolt is handed the token
 * without its refresh token: the rotation is ours, on the injected clock (Bolt's own reads
 * the wall clock), and the same for listeners, the outbox and jobs.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Clock } from '../clock.ts';
import type { Sql } from '../db/connection.ts';
import {
  deleteInstallations,
  findInstallation,
  type InstallationKey,
  type InstallationRecord,
  installationById,
  installationOfCompany,
  saveInstallation,
  storeRefreshedTokens,
} from '../db/installations.ts';
import { RenubuError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** A token expiring within this much is refreshed before use (ms). */
export const ROTATE_WITHIN_MS = 15 * 60_000;

/** oauth.v2.access's answer to a refresh. */
export interface RefreshedToken {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

export interface InstallationStoreDeps {
  sql: Sql;
  /** RENUBU_ENCRYPTION_KEY. */
  key: Buffer;
  clock: Clock;
  logger: Logger;
  /** Trade a refresh token for a new token (oauth.v2.access); see `slackRefresher`. */
  refresh(refreshToken: string): Promise<RefreshedToken>;
}

export interface RenubuInstallationStore extends InstallationStore {
  /** The company's installation, its token refreshed first if it expires soon; or null. */
  installationOfCompany(companyId: number): Promise<InstallationRecord | null>;
  /** The installation a request of this team (or org) comes from, fresh; or null. */
  installationOf(query: InstallationKey): Promise<InstallationRecord | null>;
}

/** oauth.v2.access with the app's credentials, on SLACK_API_URL. */
export function slackRefresher(options: {
  clientId: string;
  clientSecret: string;
  clientOptions: WebClientOptions;
}): (refreshToken: string) => Promise<RefreshedToken> {
  const client = new WebClient(undefined, options.clientOptions);
  return async (refreshToken) => {
    const answer = await client.oauth.v2.access({
      client_id: options.clientId,
      client_secret: options.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    if (!answer.access_token || !answer.refresh_token || answer.expires_in === undefined) {
      throw new Error('oauth.v2.access answered a refresh without a token pair');
    }
    return {
      access_token: answer.access_token,
      refresh_token: answer.refresh_token,
      expires_in: answer.expires_in,
    };
  };
}

function keyOf(query: InstallationQuery<boolean>): InstallationKey {
  return {
    teamId: query.teamId,
    enterpriseId: query.enterpriseId,
    isEnterpriseInstall: query.isEnterpriseInstall,
  };
}

export function createInstallationStore(deps: InstallationStoreDeps): RenubuInstallationStore {
  const expiresSoon = (found: InstallationRecord) =>
    found.botRefreshToken !== null &&
    found.botTokenExpiresAt !== null &&
    found.botTokenExpiresAt.getTime() - deps.clock.now().getTime() <= ROTATE_WITHIN_MS;

  /** The installation with a token good for a while: refreshed once, under the row's lock. */
  async function fresh(found: InstallationRecord | null): Promise<InstallationRecord | null> {
    if (!found || !expiresSoon(found)) return found;
    return deps.sql.begin(async (tx) => {
      const locked = await installationById(tx, deps.key, found.id, { lock: true });
      // another process may have refreshed it while this one waited for the lock
      if (!locked?.botRefreshToken || !expiresSoon(locked)) return locked;
      const answer = await deps.refresh(locked.botRefreshToken);
      const tokens = {
        botToken: answer.access_token,
        botRefreshToken: answer.refresh_token,
        botTokenExpiresAt: new Date(deps.clock.now().getTime() + answer.expires_in * 1000),
      };
      await storeRefreshedTokens(tx, deps.key, locked.id, tokens, deps.clock.now());
      deps.logger.info(
        { companyId: locked.companyId, teamId: locked.teamId, enterpriseId: locked.enterpriseId },
        'slack: bot token refreshed (token rotation)',
      );
      return { ...locked, ...tokens };
    });
  }

  return {
    async storeInstallation(installation) {
      const bot = installation.bot;
      if (!bot)
        throw new Error('the installation has no bot token (the bot scopes were not granted)');
      const isEnterpriseInstall = installation.isEnterpriseInstall === true;
      const companyId = await saveInstallation(deps.sql, deps.key, {
        teamId: installation.team?.id ?? null,
        teamName: installation.team?.name ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        enterpriseName: installation.enterprise?.name ?? null,
        isEnterpriseInstall,
        botId: bot.id || null,
        botUserId: bot.userId || null,
        botToken: bot.token,
        botRefreshToken: bot.refreshToken ?? null,
        botTokenExpiresAt: bot.expiresAt === undefined ? null : new Date(bot.expiresAt * 1000),
        botScopes: bot.scopes ?? [],
        installerUserId: installation.user?.id ?? null,
        now: deps.clock.now(),
      });
      deps.logger.info(
        {
          companyId,
          teamId: installation.team?.id,
          enterpriseId: installation.enterprise?.id,
          isEnterpriseInstall,
        },
        'slack: installed',
      );
    },

    async fetchInstallation(query) {
      const found = await fresh(await findInstallation(deps.sql, deps.key, keyOf(query)));
      if (!found) {
        const where = query.isEnterpriseInstall
          ? `organization ${query.enterpriseId}`
          : `workspace ${query.teamId}`;
        throw new RenubuError('not_installed', `Renubu is not installed in the Slack ${where}.`);
      }
      const installation: Installation<'v2', boolean> = {
        team: found.teamId ? { id: found.teamId, name: found.teamName ?? found.teamId } : undefined,
        enterprise: found.enterpriseId ? { id: found.enterpriseId } : undefined,
        user: { id: found.installerUserId ?? '', token: undefined, scopes: undefined },
        // no refresh token for Bolt: `fresh` rotated it already, on our clock
        bot: {
          token: found.botToken,
          scopes: found.botScopes,
          id: found.botId ?? '',
          userId: found.botUserId ?? '',
        },
        isEnterpriseInstall: found.isEnterpriseInstall,
        authVersion: 'v2',
      };
      return installation as Installation;
    },

    async deleteInstallation(query) {
      const companies = await deleteInstallations(deps.sql, keyOf(query));
      deps.logger.info({ ...keyOf(query), companies }, 'slack: installation deleted');
    },

    installationOfCompany: async (companyId) =>
      fresh(await installationOfCompany(deps.sql, deps.key, companyId)),

    installationOf: async (query) => fresh(await findInstallation(deps.sql, deps.key, query)),
  };
}
