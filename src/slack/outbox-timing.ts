/**
 * How long one delivery attempt may take, and how long a claim holds a row: the one place
 * these numbers live. The WebClient makes ONE attempt per call with a request timeout (no
 * retries of its own, a 429 thrown at once); the deliverers own every retry, through the
 * row's `available_at`. A row's lease is its attempt's deadline plus a margin, so no second
 * process can claim a row while the first may still be sending it.
 */
import type { WebClientOptions } from '@slack/web-api';

/** One Web API request is abandoned after this long (the WebClient's `timeout`). */
export const SLACK_REQUEST_TIMEOUT_MS = 10_000;
/**
 * One Slack delivery attempt ends by this deadline, whatever its calls (users.lookupByEmail,
 * conversations.open, the history look-up, chat.postMessage or chat.update).
 */
export const SLACK_ATTEMPT_TIMEOUT_MS = 4 * SLACK_REQUEST_TIMEOUT_MS;
/** One email delivery attempt (SMTP or file) ends by this deadline. */
export const EMAIL_ATTEMPT_TIMEOUT_MS = 60_000;
/** Covers the database writes around an attempt and clock skew between processes. */
export const LEASE_MARGIN_MS = 30_000;
/** How long a claim holds a Slack row: always longer than its attempt. */
export const SLACK_LEASE_MS = SLACK_ATTEMPT_TIMEOUT_MS + LEASE_MARGIN_MS;
/** How long a claim holds an email row: always longer than its attempt. */
export const EMAIL_LEASE_MS = EMAIL_ATTEMPT_TIMEOUT_MS + LEASE_MARGIN_MS;

/** Every WebClient Renubu builds: one attempt, a timeout, a 429 thrown to the deliverer. */
export const SLACK_CLIENT_OPTIONS = {
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
  timeout: SLACK_REQUEST_TIMEOUT_MS,
} satisfies WebClientOptions;

/** Thrown when an attempt outlives its deadline. */
export class AttemptTimeoutError extends Error {}

/**
 * `work`'s result, or an AttemptTimeoutError once `ms` have passed. The work itself is not
 * stopped; its late outcome is ignored (callers write nothing from it after the deadline).
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AttemptTimeoutError(`${what} took longer than ${ms} ms`)),
      ms,
    );
  });
  work.catch(() => undefined); // a late failure is not an unhandled rejection
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
