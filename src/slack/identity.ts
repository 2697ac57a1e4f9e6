/**
 * Who is who: a Slack user ↔ a CSM. By `csms.slack_user_id` first; else by the email Slack
 * has for the user (users.info), and the link is stored. A CSM without a Slack user id is
 * found by email (users.lookupByEmail) before Renubu DMs them. Answers are cached briefly so
 * a burst of clicks costs one query, and a new CSM is recognised within a minute.
 */
import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import type { Clock } from '../clock.ts';
import type { Sql } from '../db/connection.ts';
import {
  type CsmRow,
  findCsmBySlackUser,
  findCsmsByEmail,
  setSlackUserId,
} from '../db/work-queue.ts';
import type { Logger } from '../logger.ts';

export const IDENTITY_TTL_MS = 60_000;

export interface Identity {
  /** The CSM this Slack user is, or null (not a CSM: they see no data). */
  csmOf(slackUserId: string): Promise<CsmRow | null>;
  /** The CSM's Slack user id, looked up by email and stored when missing; null if none. */
  slackUserOf(csm: CsmRow): Promise<string | null>;
  /** Forget cached answers (after a change of CSMs). */
  forget(): void;
}

export interface IdentityDeps {
  sql: Sql;
  client: WebClient;
  clock: Clock;
  logger: Logger;
  ttlMs?: number;
  /**
   * The tenant (an OAuth installation's company): Slack users are matched to its CSMs only.
   * Unset in one-token mode, where the one workspace may hold several companies.
   */
  companyId?: number;
}

/** Who is who for no workspace: nobody is a CSM (a request Renubu cannot place). */
export const NOBODY: Identity = {
  csmOf: async () => null,
  slackUserOf: async () => null,
  forget: () => {},
};

function isSlackError(error: unknown, ...codes: string[]): boolean {
  return error instanceof WebAPIPlatformError && codes.includes(error.data.error);
}

export function createIdentity(deps: IdentityDeps): Identity {
  const cache = new Map<string, { csm: CsmRow | null; until: number }>();
  const ttl = deps.ttlMs ?? IDENTITY_TTL_MS;

  async function emailOf(slackUserId: string): Promise<string | null> {
    try {
      const info = await deps.client.users.info({ user: slackUserId });
      return info.user?.profile?.email ?? null;
    } catch (error) {
      if (isSlackError(error, 'user_not_found')) return null;
      throw error;
    }
  }

  async function lookUp(slackUserId: string): Promise<CsmRow | null> {
    const linked = await findCsmBySlackUser(deps.sql, slackUserId, deps.companyId);
    if (linked) return linked;
    const email = await emailOf(slackUserId);
    if (!email) return null;
    const [csm, ...others] = (await findCsmsByEmail(deps.sql, email, deps.companyId)).filter(
      (row) => row.slack_user_id === null,
    );
    if (!csm) return null;
    if (others.length > 0) {
      deps.logger.warn(
        { slackUserId, csms: [csm.id, ...others.map((o) => o.id)] },
        'identity: one Slack user matches CSMs of several companies; linking the first',
      );
    }
    await setSlackUserId(deps.sql, csm.id, slackUserId);
    deps.logger.info({ slackUserId, csmId: csm.id }, 'identity: linked Slack user by email');
    return { ...csm, slack_user_id: slackUserId };
  }

  return {
    async csmOf(slackUserId) {
      const now = deps.clock.now().getTime();
      const hit = cache.get(slackUserId);
      if (hit && hit.until > now) return hit.csm;
      const csm = await lookUp(slackUserId);
      cache.set(slackUserId, { csm, until: now + ttl });
      return csm;
    },

    async slackUserOf(csm) {
      if (csm.slack_user_id) return csm.slack_user_id;
      try {
        const found = await deps.client.users.lookupByEmail({ email: csm.email });
        const id = found.user?.id;
        if (!id) return null;
        await setSlackUserId(deps.sql, csm.id, id);
        return id;
      } catch (error) {
        if (isSlackError(error, 'users_not_found')) {
          deps.logger.info({ csmId: csm.id }, 'identity: no Slack user with the CSM email');
          return null;
        }
        throw error;
      }
    },

    forget: () => cache.clear(),
  };
}
