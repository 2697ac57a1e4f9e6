/**
 * What a failed Web API call means for the outbox: give up (the message can never go), try
 * again later (Slack said no, so nothing was posted), or try again later after looking
 * (the request may have reached Slack, so it may already be posted).
 */
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';

/** Slack errors that no retry will cure. */
const PERMANENT = new Set([
  'account_inactive',
  'cannot_dm_bot',
  'channel_not_found',
  'invalid_auth',
  'invalid_blocks',
  'invalid_metadata_format',
  'is_archived',
  'missing_scope',
  'msg_blocks_too_long',
  'msg_too_long',
  'no_text',
  'not_authed',
  'not_in_channel',
  'token_revoked',
  'user_not_found',
  'users_not_found',
]);

export interface SendFailure {
  /** Short and safe to log and store (no tokens, no message text). */
  error: string;
  permanent: boolean;
  /** The request may have been handled: look before sending again. */
  unsure: boolean;
  /** Slack asked us to wait this long (ms). */
  retryAfterMs: number | null;
}

/**
 * Classify an error thrown by a WebClient call (one attempt: the client retries nothing and
 * throws a 429 at once), or an attempt's timeout. `posting` is true once the post was sent.
 */
export function classifySendError(error: unknown, posting: boolean): SendFailure {
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    return { error: code, permanent: PERMANENT.has(code), unsure: false, retryAfterMs: null };
  }
  if (error instanceof WebAPIRateLimitedError) {
    return {
      error: 'ratelimited',
      permanent: false,
      unsure: false,
      retryAfterMs: error.retryAfter * 1000,
    };
  }
  // A client built with retries of its own (not Renubu's) ends a 429 as a request error.
  if (error instanceof WebAPIRequestError && /rate limit was exceeded/.test(error.message)) {
    return { error: 'ratelimited', permanent: false, unsure: false, retryAfterMs: null };
  }
  if (error instanceof WebAPIHTTPError) {
    return {
      error: `http_${error.statusCode}`,
      permanent: false,
      unsure: posting,
      retryAfterMs: null,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    error: `request_failed: ${message.slice(0, 200)}`,
    permanent: false,
    unsure: posting,
    retryAfterMs: null,
  };
}

/** The token is gone for good: the workspace uninstalled Renubu or revoked it. */
const REVOKED = new Set(['token_revoked', 'account_inactive']);
/** The token is refused; for a company that uninstalled Renubu that is why. */
const REFUSED = new Set([...REVOKED, 'invalid_auth', 'not_authed']);

/**
 * Why a failed send is dropped rather than failed (it can never go, and no operator retry
 * should send it: the workspace uninstalled Renubu), or null. A refused token of a company
 * still installed is the operator's to fix (SLACK_BOT_TOKEN): that row fails as before.
 */
export async function droppedFor(
  failure: SendFailure,
  uninstalled: () => Promise<boolean>,
): Promise<string | null> {
  if (REVOKED.has(failure.error)) return `${failure.error}: the workspace revoked Renubu`;
  if (REFUSED.has(failure.error) && (await uninstalled())) {
    return `${failure.error}: the workspace uninstalled Renubu`;
  }
  return null;
}
