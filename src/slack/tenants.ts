/**
 * Which workspace a company's Slack traffic goes to, with which token (PRODUCT.md §13). One
 * token (SLACK_BOT_TOKEN): one workspace for every company, as before. OAuth installs: each
 * company's own installation, a WebClient per token (kept while the token is the same, so a
 * rotated token gets a new client), and who-is-who scoped to that company.
 *
 * A listener's tenant is the installation its request came from: `withTenant` runs the rest
 * of Bolt's chain inside it, and `tenantIdentity()` (services.identity) answers for it, so a
 * Slack user of workspace B is never matched to a CSM of company A.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { WebClient, WebClientOptions } from '@slack/web-api';
import type { Clock } from '../clock.ts';
import type { Sql } from '../db/connection.ts';
import type { InstallationKey } from '../db/installations.ts';
import { RenubuError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { createIdentity, type Identity, NOBODY } from './identity.ts';
import type { RenubuInstallationStore } from './installation-store.ts';
import { type SlackCallResult, WatchedWebClient } from './watch.ts';

export interface SlackTenant {
  /** The installation's company; null in one-token mode (every company). */
  companyId: number | null;
  client: WebClient;
  identity: Identity;
}

export interface SlackTenants {
  /** The workspace a row or a job of this company goes to (null: a row of no company). */
  forCompany(companyId: number | null): Promise<SlackTenant>;
  /** The workspace a request came from, or null when Renubu is not installed there. */
  forRequest(query: InstallationKey): Promise<SlackTenant | null>;
}

/** One token, one workspace: every company's traffic goes there (today's behaviour). */
export function oneWorkspace(client: WebClient, identity: Identity): SlackTenants {
  const tenant = { companyId: null, client, identity };
  return { forCompany: async () => tenant, forRequest: async () => tenant };
}

export interface InstalledWorkspacesDeps {
  sql: Sql;
  store: RenubuInstallationStore;
  clock: Clock;
  logger: Logger;
  /** Options of every workspace's WebClient (SLACK_API_URL, timeouts, retries). */
  clientOptions: WebClientOptions;
  onResult?: ((result: SlackCallResult) => void) | undefined;
  identityTtlMs?: number | undefined;
}

/** OAuth installs: each company's own workspace and token. */
export function installedWorkspaces(deps: InstalledWorkspacesDeps): SlackTenants {
  const cache = new Map<number, { token: string; tenant: SlackTenant }>();

  function tenantOf(companyId: number, token: string): SlackTenant {
    const kept = cache.get(companyId);
    if (kept?.token === token) return kept.tenant;
    const client = new WatchedWebClient(token, {
      ...deps.clientOptions,
      onResult: deps.onResult,
    });
    const identity = createIdentity({
      sql: deps.sql,
      client,
      clock: deps.clock,
      logger: deps.logger,
      companyId,
      ...(deps.identityTtlMs === undefined ? {} : { ttlMs: deps.identityTtlMs }),
    });
    const tenant = { companyId, client, identity };
    cache.set(companyId, { token, tenant });
    return tenant;
  }

  return {
    async forCompany(companyId) {
      if (companyId === null) {
        throw new RenubuError(
          'not_installed',
          'A Slack message of no company cannot be sent: each workspace is one company’s.',
        );
      }
      const found = await deps.store.installationOfCompany(companyId);
      if (!found) {
        throw new RenubuError(
          'not_installed',
          `Company ${companyId} has no Slack installation: install Renubu in its workspace.`,
        );
      }
      return tenantOf(companyId, found.botToken);
    },
    async forRequest(query) {
      const found = await deps.store.installationOf(query);
      return found ? tenantOf(found.companyId, found.botToken) : null;
    },
  };
}

const current = new AsyncLocalStorage<SlackTenant | null>();

/** Run `next` (the rest of a request's listeners) as `tenant`'s. */
export function withTenant<T>(tenant: SlackTenant | null, next: () => Promise<T>): Promise<T> {
  return current.run(tenant, next);
}

/**
 * Who is who for the request being handled: its installation's identity (scoped to its
 * company). Outside a request, or for a workspace Renubu is not installed in: nobody.
 */
export function tenantIdentity(): Identity {
  const pick = () => current.getStore()?.identity ?? NOBODY;
  return {
    csmOf: (slackUserId) => pick().csmOf(slackUserId),
    slackUserOf: (csm) => pick().slackUserOf(csm),
    forget: () => pick().forget(),
  };
}

/** The company of the request being handled (OAuth installs); null in one-token mode. */
export function requestCompanyId(): number | null {
  return current.getStore()?.companyId ?? null;
}
