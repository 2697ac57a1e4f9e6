/**
 * Tokens at rest (PRODUCT.md §13): AES-256-GCM under RENUBU_ENCRYPTION_KEY. A sealed value is
 * `v1.IV.TAG.CIPHERTEXT` (base64url parts), so a wrong key or a changed byte is refused on
 * opening instead of handing Slack garbage.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { RenubuError } from './errors.ts';

const VERSION = 'v1';

function checkKey(key: Buffer): void {
  if (key.length !== 32) {
    throw new RenubuError(
      'settings_invalid',
      `RENUBU_ENCRYPTION_KEY must hold 32 bytes (got ${key.length}).`,
    );
  }
}

/** Encrypt `clear` under `key` (32 bytes); a fresh IV each time. */
export function seal(key: Buffer, clear: string): string {
  checkKey(key);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
  return [VERSION, ...parts].join('.');
}

/** The clear text of a sealed value; throws when the key is not the one it was sealed with. */
export function open(key: Buffer, sealed: string): string {
  checkKey(key);
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) {
    throw new RenubuError('token_unreadable', 'A stored token is not in the sealed format.');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const clear = Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]);
    return clear.toString('utf8');
  } catch (error) {
    throw new RenubuError(
      'token_unreadable',
      'A stored Slack token cannot be decrypted: RENUBU_ENCRYPTION_KEY is not the key it was stored with.',
      { cause: error },
    );
  }
}
