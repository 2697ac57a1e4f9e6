/**
 * Signed HTTP requests into the app, exactly as Slack signs them: headers
 * `X-Slack-Request-Timestamp` and `X-Slack-Signature: v0=` + hex HMAC-SHA256 of
 * `v0:{timestamp}:{raw body}`, or deliberately stale or wrongly signed.
 */
import { createHmac } from 'node:crypto';

/** Older than Slack's (and Bolt's) 5-minute window. */
const STALE_SECONDS = 6 * 60;

export interface SignOptions {
  /** Sign with a timestamp older than Slack's 5-minute window. */
  stale?: boolean;
  wrongSignature?: boolean;
  /** Unix seconds to sign with (default: now). */
  timestamp?: number;
}

export interface DriverResponse {
  status: number;
  /** Parsed JSON when the body is JSON, else the text (undefined when empty). */
  body: unknown;
  ms: number;
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`: Slack's request signature. */
export function signSlackRequest(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** A function that POSTs a raw body to `baseUrl` + `path`, signed with `signingSecret`. */
export function createSignedSender(baseUrl: string, path: string, signingSecret: string) {
  return async function send(
    body: string,
    contentType: string,
    sign: SignOptions = {},
    headers: Record<string, string> = {},
  ): Promise<DriverResponse> {
    const now = Math.floor(Date.now() / 1000);
    const timestamp = sign.timestamp ?? (sign.stale ? now - STALE_SECONDS : now);
    const signature = sign.wrongSignature
      ? signSlackRequest(`${signingSecret}-wrong`, timestamp, body)
      : signSlackRequest(signingSecret, timestamp, body);
    const started = performance.now();
    const response = await fetch(new URL(path, baseUrl), {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
        ...headers,
      },
      body,
    });
    const text = await response.text();
    const ms = performance.now() - started;
    let parsed: unknown = text === '' ? undefined : text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: Bolt acks with plain text or an empty body
    }
    return { status: response.status, body: parsed, ms };
  };
}
