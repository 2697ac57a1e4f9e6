/**
 * `app_uninstalled` and `tokens_revoked` (Events API; PRODUCT.md §13): the workspace's
 * installation and tokens go at once, its company is marked uninstalled when its last
 * installation went, and every send to it stops (src/db/uninstall.ts). Bolt calls these
 * listeners without authorizing (the token is already gone), with the team or enterprise
 * in the context. A `tokens_revoked` of user tokens only changes nothing: Renubu keeps none.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { uninstallWorkspace } from '../db/uninstall.ts';
import type { SlackServices } from './services.ts';

type Args<E extends 'app_uninstalled' | 'tokens_revoked'> = SlackEventMiddlewareArgs<E> &
  AllMiddlewareArgs;

async function uninstall(services: SlackServices, context: Args<'app_uninstalled'>['context']) {
  const who = {
    teamId: context.teamId ?? null,
    enterpriseId: context.enterpriseId ?? null,
    isEnterpriseInstall: context.isEnterpriseInstall === true,
  };
  const oneToken = services.oneToken === true;
  const report = await uninstallWorkspace(services.sql, { ...who, oneToken }, services.clock.now());
  services.logger.warn({ ...who, ...report }, 'slack: Renubu uninstalled from a workspace');
}

export function appUninstalled(services: SlackServices) {
  return async ({ context }: Args<'app_uninstalled'>) => uninstall(services, context);
}

const revokedSchema = z.object({
  tokens: z.object({ bot: z.array(z.string()).optional() }).loose(),
});

export function tokensRevoked(services: SlackServices) {
  return async ({ event, context }: Args<'tokens_revoked'>) => {
    const { tokens } = revokedSchema.parse(event);
    if ((tokens.bot ?? []).length === 0) return;
    await uninstall(services, context);
  };
}
