/**
 * The signed reply address of an email to a CSM (PRODUCT.md §12): `reply+TOKEN@domain`, where
 * TOKEN names the CSM, the email (its outbox row) and an expiry, and carries an HMAC-SHA256 of
 * those with a secret only Renubu holds. The token, not the From header, says who replies to
 * what; a changed character anywhere fails the MAC.
 *
 * Form: `<csm>.<email>.<expiry>.<mac>`: the three numbers in base 36 (expiry in unix seconds),
 * the MAC's first 16 bytes in base64url. About 40 characters, inside an address's 64-character
 * local part with `reply+`. Pure: the secret and the time come in.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a reply address works after the email was sent (days). */
export const REPLY_TOKEN_DAYS = 14;
const MAC_BYTES = 16;
const DAY_MS = 86_400_000;

export interface ReplyTokenClaims {
  csmId: number;
  /** The email's outbox row. */
  outboxId: number;
  expiresAt: Date;
}

export type ReplyTokenCheck =
  | { ok: true; claims: ReplyTokenClaims }
  /** Signed by us but past its expiry: the claims are true, the reply is too late. */
  | { ok: false; reason: 'expired'; claims: ReplyTokenClaims }
  | { ok: false; reason: 'malformed' | 'forged' };

function mac(secret: Uint8Array, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest().subarray(0, MAC_BYTES);
}

/** The token for an email sent at `sentAt`: it expires REPLY_TOKEN_DAYS later. */
export function signReplyToken(
  secret: Uint8Array,
  claims: { csmId: number; outboxId: number; sentAt: Date },
): string {
  const expires = Math.floor((claims.sentAt.getTime() + REPLY_TOKEN_DAYS * DAY_MS) / 1000);
  const body = [claims.csmId, claims.outboxId, expires].map((n) => n.toString(36)).join('.');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

const TOKEN = /^([0-9a-z]{1,11})\.([0-9a-z]{1,11})\.([0-9a-z]{1,9})\.([A-Za-z0-9_-]{22})$/;

/** Check a token's form, MAC (constant time) and expiry at `now`. */
export function verifyReplyToken(secret: Uint8Array, token: string, now: Date): ReplyTokenCheck {
  const parts = TOKEN.exec(token);
  if (!parts) return { ok: false, reason: 'malformed' };
  const [, csm, outbox, expires, given] = parts as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  // compared as text: two spellings of the same bytes (base64url's last character) are not both valid
  const expected = Buffer.from(mac(secret, `${csm}.${outbox}.${expires}`).toString('base64url'));
  if (!timingSafeEqual(Buffer.from(given), expected)) {
    return { ok: false, reason: 'forged' };
  }
  const claims = {
    csmId: Number.parseInt(csm, 36),
    outboxId: Number.parseInt(outbox, 36),
    expiresAt: new Date(Number.parseInt(expires, 36) * 1000),
  };
  if (now.getTime() >= claims.expiresAt.getTime()) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

/** `reply+TOKEN@domain`. */
export function replyAddress(token: string, domain: string): string {
  return `reply+${token}@${domain}`;
}

/** The token of a reply address at `domain` (case-blind domain), or null for any other address. */
export function tokenOfAddress(address: string, domain: string): string | null {
  const clean = address.trim().replace(/^<|>$/g, '');
  const at = clean.lastIndexOf('@');
  if (at < 0 || clean.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return null;
  const match = /^reply\+(.+)$/i.exec(clean.slice(0, at));
  return match ? match[1]! : null;
}
