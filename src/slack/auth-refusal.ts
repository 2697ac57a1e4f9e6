/**
 * Slack refusing the bot token (issue 15 item 8): `invalid_auth`, `not_authed` and their
 * kin mean no call will work until the operator fixes SLACK_BOT_TOKEN, so they become one
 * sentence that says so instead of a WebAPIPlatformError stack, wherever they surface
 * (a command, serve's start, a job).
 */
import { RenubuError } from '../errors.ts';

/** Slack error codes that mean the token itself is refused. */
export const TOKEN_REFUSED: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'account_inactive',
]);

/** The Slack error code of a Web API refusal of the token, looked for along causes. */
function refusedCode(error: unknown, depth = 0): string | null {
  if (error === null || typeof error !== 'object' || depth > 5) return null;
  const shape = error as { code?: unknown; data?: { error?: unknown }; original?: unknown };
  const code = shape.data?.error;
  if (shape.code === 'slack_webapi_platform_error' && typeof code === 'string') {
    return TOKEN_REFUSED.has(code) ? code : null;
  }
  return refusedCode(shape.original, depth + 1) ?? refusedCode((error as Error).cause, depth + 1);
}

/** A RenubuError saying Slack refused the bot token, or null for any other error. */
export function slackTokenRefusal(error: unknown): RenubuError | null {
  const code = refusedCode(error);
  if (code === null) return null;
  return new RenubuError(
    'slack_token_refused',
    `Slack refused the bot token (${code}): check SLACK_BOT_TOKEN.`,
    { cause: error },
  );
}
