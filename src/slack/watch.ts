/**
 * Slack's health as Renubu last saw it: every Web API call of a client reports whether Slack
 * answered. An answer with an error about the call (a channel not found, a rate limit) still
 * means Slack is there; no answer (refused, timed out, a 5xx) or a token Slack refuses means
 * Slack cannot be used. `renubu serve` shows the last outcome on /readyz (src/health.ts).
 */
import { ErrorCode, WebClient, type WebClientOptions } from '@slack/web-api';
import { TOKEN_REFUSED } from './auth-refusal.ts';

export interface SlackCallResult {
  ok: boolean;
  method: string;
  /** Why not, in a few words (no payloads). */
  error?: string;
}

export function slackCallResult(method: string, error: unknown): SlackCallResult {
  const failure = error as { code?: string; message?: string; data?: { error?: string } };
  if (failure.code === ErrorCode.PlatformError) {
    const code = failure.data?.error ?? 'error';
    return TOKEN_REFUSED.has(code) ? { ok: false, method, error: code } : { ok: true, method };
  }
  if (failure.code === ErrorCode.RateLimitedError) return { ok: true, method };
  return { ok: false, method, error: failure.message ?? String(error) };
}

/**
 * A WebClient that reports the outcome of each call to `onResult` (its methods are bound to
 * `apiCall` when it is built, so this is a subclass, not a wrapper).
 */
export class WatchedWebClient extends WebClient {
  onResult: ((result: SlackCallResult) => void) | undefined;

  constructor(
    token: string | undefined,
    options: WebClientOptions & { onResult?: ((result: SlackCallResult) => void) | undefined },
  ) {
    const { onResult, ...rest } = options;
    super(token, rest);
    this.onResult = onResult;
  }

  override async apiCall(method: string, options?: Record<string, unknown>) {
    try {
      const result = await super.apiCall(method, options);
      this.onResult?.({ ok: true, method });
      return result;
    } catch (error) {
      this.onResult?.(slackCallResult(method, error));
      throw error;
    }
  }
}
