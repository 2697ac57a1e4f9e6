import { describe, expect, it } from 'vitest';
import {
  REPLY_TOKEN_DAYS,
  replyAddress,
  signReplyToken,
  tokenOfAddress,
  verifyReplyToken,
} from './reply-token.ts';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);
const SENT = new Date('2026-11-25T23:00:00Z');
const DAY = 86_400_000;
const token = signReplyToken(KEY, { csmId: 12, outboxId: 987654, sentAt: SENT });

describe('reply token', () => {
  it('names the CSM, the email and an expiry 14 days after sending', () => {
    const check = verifyReplyToken(KEY, token, new Date(SENT.getTime() + DAY));
    expect(check).toEqual({
      ok: true,
      claims: {
        csmId: 12,
        outboxId: 987654,
        expiresAt: new Date(SENT.getTime() + REPLY_TOKEN_DAYS * DAY),
      },
    });
    // fits the 64-character local part of an address with "reply+"
    expect(`reply+${token}`.length).toBeLessThanOrEqual(64);
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('works until the last second before its expiry, and is expired from then on', () => {
    const expiry = SENT.getTime() + REPLY_TOKEN_DAYS * DAY;
    expect(verifyReplyToken(KEY, token, new Date(expiry - 1000)).ok).toBe(true);
    expect(verifyReplyToken(KEY, token, new Date(expiry))).toMatchObject({
      ok: false,
      reason: 'expired',
      claims: { csmId: 12, outboxId: 987654 },
    });
  });

  it('a changed character anywhere is forged', () => {
    const now = new Date(SENT.getTime() + DAY);
    for (let i = 0; i < token.length; i += 1) {
      if (token[i] === '.') continue;
      const swapped = token[i] === 'a' ? 'b' : 'a';
      const tampered = `${token.slice(0, i)}${swapped}${token.slice(i + 1)}`;
      const check = verifyReplyToken(KEY, tampered, now);
      expect(check.ok, tampered).toBe(false);
      expect(['forged', 'malformed']).toContain((check as { reason: string }).reason);
    }
    // another CSM's id with the same MAC
    const [, ...rest] = token.split('.');
    expect(verifyReplyToken(KEY, ['d', ...rest].join('.'), now)).toEqual({
      ok: false,
      reason: 'forged',
    });
  });

  it('signed with another key is forged; not a token at all is malformed', () => {
    const now = new Date(SENT.getTime() + DAY);
    expect(verifyReplyToken(OTHER_KEY, token, now)).toEqual({ ok: false, reason: 'forged' });
    for (const bad of ['', 'abc', 'a.b.c', `${token}x`, `${token}.`, 'reply']) {
      expect(verifyReplyToken(KEY, bad, now)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('finds the token in a reply address of the domain only', () => {
    const address = replyAddress(token, 'reply.renubu.example');
    expect(tokenOfAddress(address, 'reply.renubu.example')).toBe(token);
    expect(
      tokenOfAddress(
        `<${address.replace('reply.renubu', 'REPLY.Renubu')}>`,
        'reply.renubu.example',
      ),
    ).toBe(token);
    expect(tokenOfAddress(address, 'other.example')).toBeNull();
    expect(tokenOfAddress(`someone@reply.renubu.example`, 'reply.renubu.example')).toBeNull();
    expect(tokenOfAddress('no-at-sign', 'reply.renubu.example')).toBeNull();
  });
});
