/**
 * The `POST /events` signature (PRODUCT.md §7): header `X-Renubu-Timestamp` holds unix
 * seconds, `X-Renubu-Signature` holds `v1=` + hex HMAC-SHA256(secret, `{timestamp}.{raw body}`).
 * The MAC is computed over the raw body bytes as received (never a re-serialised JSON), and
 * compared in constant time; a timestamp more than five minutes from the clock is refused so
 * a captured request cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-renubu-timestamp';
export const SIGNATURE_HEADER = 'x-renubu-signature';
/** How far the sender's timestamp may be from our clock, either way (seconds). */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

const SIGNATURE_PREFIX = 'v1=';

export type SignatureCheck =
  | { ok: true }
  | {
      ok: false;
      reason: 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature';
    };

/** `v1=` + hex HMAC-SHA256 of `{timestamp}.{body}`. */
export function computeSignature(
  secret: string,
  body: Buffer | string,
  timestamp: number | string,
): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `${SIGNATURE_PREFIX}${mac.digest('hex')}`;
}

/** The two headers that sign `body` at `timestamp` (unix seconds): for tests, CLI, bench. */
export function signEvent(
  secret: string,
  body: Buffer | string,
  timestamp: number,
): Record<typeof TIMESTAMP_HEADER | typeof SIGNATURE_HEADER, string> {
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: computeSignature(secret, body, timestamp),
  };
}

/** Check the headers of a request against its raw body at `now`. */
export function verifySignature(
  secret: string,
  rawBody: Buffer,
  headers: { timestamp: string | undefined; signature: string | undefined },
  now: Date,
): SignatureCheck {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > SIGNATURE_TOLERANCE_SECONDS) {
    return { ok: false, reason: 'stale_timestamp' };
  }
  // signed over the header's text as sent, so leading zeros cannot break a valid signature
  const expected = Buffer.from(computeSignature(secret, rawBody, timestamp));
  const given = Buffer.from(signature.trim());
  // timingSafeEqual needs equal lengths; a length mismatch reveals only the format.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad_signature' };
  }
  return { ok: true };
}
