/**
 * The OAuth settings (PRODUCT.md §9, §13): the three of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET,
 * SLACK_STATE_SECRET together, with PUBLIC_URL, RENUBU_ENCRYPTION_KEY and the signing secret;
 * no SLACK_BOT_TOKEN needed. Each bad value is named with what is expected, secrets unshown.
 */
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.ts';
import { open, seal } from '../../src/secret-box.ts';
import { KEY, PUBLIC_URL, SECRET, STATE_SECRET } from './world.ts';

const OAUTH = {
  SLACK_CLIENT_ID: '1000.2000',
  SLACK_CLIENT_SECRET: 'client-secret',
  SLACK_STATE_SECRET: STATE_SECRET,
  SLACK_SIGNING_SECRET: SECRET,
  PUBLIC_URL,
  RENUBU_ENCRYPTION_KEY: KEY,
};

const problems = (env: Record<string, string>) => {
  try {
    loadSettings(env, '/tmp');
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('OAuth settings', () => {
  it('turn on the OAuth install without a bot token', () => {
    const settings = loadSettings(OAUTH, '/tmp');
    expect(settings.slack.botToken).toBeUndefined();
    expect(settings.slack.oauth).toMatchObject({
      clientId: '1000.2000',
      publicUrl: PUBLIC_URL,
    });
    expect(settings.slack.oauth?.encryptionKey).toHaveLength(32);
  });

  it('leave one-token mode as it was', () => {
    const settings = loadSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, '/tmp');
    expect(settings.slack.oauth).toBeNull();
    expect(settings.slack.botToken).toBe('xoxb-1');
  });

  it('name each missing or bad value with what is expected', () => {
    const { SLACK_STATE_SECRET: _s, PUBLIC_URL: _p, ...partial } = OAUTH;
    const missing = problems(partial);
    expect(missing).toMatch(
      /SLACK_STATE_SECRET: required with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET/,
    );
    expect(missing).toMatch(/PUBLIC_URL: required with SLACK_CLIENT_ID/);
    const badKey = problems({ ...OAUTH, RENUBU_ENCRYPTION_KEY: 'c2hvcnQ=' });
    expect(badKey).toMatch(/RENUBU_ENCRYPTION_KEY: expected 32 bytes in base64/);
    // a secret is never echoed back
    expect(badKey).not.toContain('c2hvcnQ=');
    expect(problems({ ...OAUTH, PUBLIC_URL: 'renubu.example.com' })).toMatch(
      /PUBLIC_URL: expected a URL like https:\/\/renubu.example.com/,
    );
    expect(problems({ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-1' })).toMatch(
      /SLACK_BOT_TOKEN: set either SLACK_BOT_TOKEN \(one workspace\) or the OAuth settings, not both/,
    );
    const noKey = { ...OAUTH, RENUBU_ENCRYPTION_KEY: '' };
    expect(problems(noKey)).toMatch(/RENUBU_ENCRYPTION_KEY: required with/);
  });
});

describe('sealed tokens', () => {
  const key = Buffer.from(KEY, 'base64');
  it('open with the key they were sealed with, and only with it', () => {
    const sealed = seal(key, 'xoxb-secret');
    expect(sealed).not.toContain('xoxb');
    expect(seal(key, 'xoxb-secret')).not.toBe(sealed);
    expect(open(key, sealed)).toBe('xoxb-secret');
    expect(() => open(Buffer.alloc(32, 1), sealed)).toThrow(/RENUBU_ENCRYPTION_KEY is not the key/);
    // one byte of the ciphertext changed (not a base64 character, whose low bits may be padding)
    const [version, iv, tag, body] = sealed.split('.');
    const bytes = Buffer.from(body!, 'base64url');
    bytes[0] = bytes[0]! ^ 0xff;
    const changed = [version, iv, tag, bytes.toString('base64url')].join('.');
    expect(() => open(key, changed)).toThrow(/cannot be decrypted/);
  });
});
