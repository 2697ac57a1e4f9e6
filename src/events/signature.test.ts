/** The §7 signature: what verifies, and each reason a request is refused. */
import { describe, expect, it } from 'vitest';
import {
  computeSignature,
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  signEvent,
  TIMESTAMP_HEADER,
  verifySignature,
} from './signature.ts';

const SECRET = 'whsec-0123456789abcdef';
const NOW = new Date('2026-03-01T12:00:00Z');
const T = NOW.getTime() / 1000;
const BODY = Buffer.from('{"type":"ticket.created","id":"e1"}');

function check(body: Buffer, timestamp: string | undefined, signature: string | undefined) {
  return verifySignature(SECRET, body, { timestamp, signature }, NOW);
}

describe('verifySignature', () => {
  it('accepts what signEvent signs, over the raw bytes', () => {
    const headers = signEvent(SECRET, BODY, T);
    expect(check(BODY, headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER])).toEqual({ ok: true });
  });

  it('is the documented HMAC: v1= + hex HMAC-SHA256 of "{timestamp}.{body}"', () => {
    // a fixed vector computed independently with openssl:
    // printf '1772366400.{}' | openssl dgst -sha256 -hmac whsec-0123456789abcdef
    expect(computeSignature(SECRET, '{}', 1772366400)).toBe(
      'v1=864941d640b9a69b09bc8366652e228a429e1fc956ab1409a02961db7a5e847a',
    );
  });

  it.each([
    ['edge of the window, past', T - SIGNATURE_TOLERANCE_SECONDS, true],
    ['edge of the window, future', T + SIGNATURE_TOLERANCE_SECONDS, true],
    ['one second too old', T - SIGNATURE_TOLERANCE_SECONDS - 1, false],
    ['one second too far ahead', T + SIGNATURE_TOLERANCE_SECONDS + 1, false],
  ])('%s', (_name, timestamp, ok) => {
    const headers = signEvent(SECRET, BODY, timestamp);
    const result = check(BODY, headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER]);
    expect(result).toEqual(ok ? { ok: true } : { ok: false, reason: 'stale_timestamp' });
  });

  it.each([
    ['no timestamp', undefined, 'v1=00', 'missing_headers'],
    ['no signature', String(T), undefined, 'missing_headers'],
    ['a timestamp in milliseconds-as-text', '1.5e9', 'v1=00', 'bad_timestamp'],
    ['a short signature', String(T), 'v1=00', 'bad_signature'],
    [
      'another scheme',
      String(T),
      signEvent(SECRET, BODY, T)[SIGNATURE_HEADER].replace('v1=', 'v0='),
      'bad_signature',
    ],
  ])('refuses %s', (_name, timestamp, signature, reason) => {
    expect(check(BODY, timestamp, signature)).toEqual({ ok: false, reason });
  });

  it('refuses a body changed by one byte, and another secret', () => {
    const headers = signEvent(SECRET, BODY, T);
    const changed = Buffer.from(BODY);
    changed[2] = changed[2]! ^ 1;
    expect(check(changed, headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER]).ok).toBe(false);
    const other = signEvent('another-secret-000000', BODY, T);
    expect(check(BODY, other[TIMESTAMP_HEADER], other[SIGNATURE_HEADER]).ok).toBe(false);
  });
});
