import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureOutput } from '../test/helpers/output.ts';
import { loadSettings, SCORES_RETENTION_MIN_DAYS } from './config.ts';
import { RenubuError } from './errors.ts';
import { LOOKBACK_DAYS } from './feedback/retune-service.ts';

function problems(env: Record<string, string>): string {
  try {
    loadSettings(env, '/srv/renubu');
  } catch (error) {
    expect(error).toBeInstanceOf(RenubuError);
    return (error as RenubuError).userMessage;
  }
  throw new Error('expected the settings to be rejected');
}

describe('loadSettings', () => {
  it('gives the defaults of PRODUCT.md §9 for an empty environment', () => {
    const settings = loadSettings({}, '/srv/renubu');
    expect(settings).toMatchObject({
      databaseUrl: undefined,
      port: 3000,
      shutdownGraceMs: 10_000,
      emailFrom: 'renubu@localhost',
      home: '/srv/renubu/.renubu',
      outboxDir: '/srv/renubu/.renubu/outbox',
      defaultTimezone: 'UTC',
      jobs: { backend: 'postgres' },
      slack: { apiUrl: 'https://slack.com/api/', botToken: undefined },
    });
  });

  it('reads every setting', () => {
    const settings = loadSettings(
      {
        DATABASE_URL: 'postgres://u:p@db:5432/renubu',
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's3cret',
        SLACK_API_URL: 'http://127.0.0.1:9999/api/',
        PORT: '8080',
        SHUTDOWN_GRACE_MS: '2500',
        SMTP_URL: 'smtp://user:pass@mail:587',
        EMAIL_FROM: 'bot@example.com',
        RENUBU_HOME: '/var/lib/renubu',
        RENUBU_OUTBOX_DIR: 'mail',
        EVENTS_WEBHOOK_SECRET: 'a-long-enough-secret',
        RENUBU_TIMEZONE: 'Europe/Berlin',
        JOBS_BACKEND: 'mongodb',
        MONGODB_URL: 'mongodb://localhost:27017/renubu',
      },
      '/srv/renubu',
    );
    expect(settings).toMatchObject({
      databaseUrl: 'postgres://u:p@db:5432/renubu',
      port: 8080,
      shutdownGraceMs: 2500,
      home: '/var/lib/renubu',
      outboxDir: '/srv/renubu/mail',
      defaultTimezone: 'Europe/Berlin',
      jobs: { backend: 'mongodb', mongodbUrl: 'mongodb://localhost:27017/renubu' },
      slack: { botToken: 'xoxb-1', signingSecret: 's3cret', apiUrl: 'http://127.0.0.1:9999/api/' },
    });
  });

  it('treats empty values as unset', () => {
    expect(loadSettings({ PORT: '', DATABASE_URL: '  ' }, '/x')).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
    });
  });

  it.each([
    ['PORT', 'abc', 'PORT: expected a whole number from 1 to 65535 (got "abc")'],
    ['PORT', '70000', 'PORT: expected a whole number from 1 to 65535 (got "70000")'],
    ['SHUTDOWN_GRACE_MS', '10s', 'SHUTDOWN_GRACE_MS: expected a whole number of milliseconds'],
    ['SHUTDOWN_GRACE_MS', '-1', 'from 0 to 600000, such as 10000 (got "-1")'],
    ['SHUTDOWN_GRACE_MS', '900000', 'SHUTDOWN_GRACE_MS: expected a whole number of milliseconds'],
    ['RENUBU_TIMEZONE', 'Mars/Base', 'RENUBU_TIMEZONE: expected an IANA time zone'],
    ['JOBS_BACKEND', 'redis', 'JOBS_BACKEND: expected postgres or mongodb (got "redis")'],
    ['EMAIL_FROM', 'nope', 'EMAIL_FROM: expected an email address'],
    ['DATABASE_URL', 'mysql://x/y', 'DATABASE_URL: expected a URL like postgres://'],
    ['SMTP_URL', 'http://mail', 'SMTP_URL: expected a URL like smtp://'],
    ['SLACK_BOT_TOKEN', 'xoxp-user', 'SLACK_BOT_TOKEN: expected a bot token starting with xoxb-'],
    ['EVENTS_WEBHOOK_SECRET', 'short', 'EVENTS_WEBHOOK_SECRET: expected a secret of at least 16'],
  ])('rejects %s=%s by name with what is expected', (name, value, message) => {
    expect(problems({ [name]: value, SLACK_SIGNING_SECRET: 'x' })).toContain(message);
  });

  it('reports every bad value at once, rules between settings included', () => {
    const message = problems({
      PORT: '0',
      JOBS_BACKEND: 'mongodb',
      SLACK_BOT_TOKEN: 'xoxb-1',
    });
    expect(message.split('\n')).toEqual([
      'Invalid settings:',
      '  PORT: expected a whole number from 1 to 65535 (got "0")',
      '  SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN unless SLACK_APP_TOKEN (Socket Mode) is set',
      '  MONGODB_URL: required when JOBS_BACKEND=mongodb',
    ]);
  });

  it('does not need a signing secret in Socket Mode, but needs the bot token', () => {
    expect(
      loadSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }, '/x').slack.appToken,
    ).toBe('xapp-1');
    expect(problems({ SLACK_APP_TOKEN: 'xapp-1' })).toContain(
      'SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN',
    );
  });

  it('reads the email reply settings: off unless EMAIL_REPLY_DOMAIN is set', () => {
    expect(loadSettings({}, '/x').emailReply).toEqual({
      domain: undefined,
      smtpInboundPort: undefined,
    });
    expect(
      loadSettings({ EMAIL_REPLY_DOMAIN: 'Reply.Example.com', SMTP_INBOUND_PORT: '2525' }, '/x')
        .emailReply,
    ).toEqual({ domain: 'reply.example.com', smtpInboundPort: 2525 });
  });

  it.each([
    ['EMAIL_REPLY_DOMAIN', 'reply@example.com', 'EMAIL_REPLY_DOMAIN: expected a domain name'],
    ['EMAIL_REPLY_DOMAIN', 'https://example.com', 'EMAIL_REPLY_DOMAIN: expected a domain name'],
    ['SMTP_INBOUND_PORT', '0', 'SMTP_INBOUND_PORT: expected a whole number from 1 to 65535'],
    ['SMTP_INBOUND_PORT', 'smtp', 'SMTP_INBOUND_PORT: expected a whole number from 1 to 65535'],
  ])('rejects %s=%s and says what is expected', (name, value, message) => {
    expect(problems({ EMAIL_REPLY_DOMAIN: 'reply.example.com', [name]: value })).toContain(message);
  });

  it('the SMTP listener needs the reply domain', () => {
    expect(problems({ SMTP_INBOUND_PORT: '2525' })).toContain(
      'EMAIL_REPLY_DOMAIN: required when SMTP_INBOUND_PORT is set',
    );
  });

  it('reads DATABASE_POOL_MAX, 10 by default', () => {
    expect(loadSettings({}, '/x').databasePoolMax).toBe(10);
    expect(loadSettings({ DATABASE_POOL_MAX: ' 4 ' }, '/x').databasePoolMax).toBe(4);
  });

  it.each(['3', '0', '-5', '2.5', 'ten'])('rejects DATABASE_POOL_MAX=%s and says why', (value) => {
    expect(problems({ DATABASE_POOL_MAX: value })).toContain(
      `DATABASE_POOL_MAX: expected a whole number of at least 4: renubu serve needs 2 connections ` +
        `for Agenda (its LISTEN and its queries) and 2 for the app (a transaction and one more ` +
        `query) (got "${value}")`,
    );
  });

  it('reads the RETENTION_*_DAYS settings, 90/365/7/730/30 days by default', () => {
    expect(loadSettings({}, '/x').retention).toEqual({
      outboxDays: 90,
      eventsDays: 365,
      slackEventsDays: 7,
      scoresDays: 730,
      tenantDays: 30,
    });
    const settings = loadSettings(
      {
        RETENTION_OUTBOX_DAYS: '30',
        RETENTION_EVENTS_DAYS: '60',
        RETENTION_SLACK_EVENTS_DAYS: '2',
        RETENTION_SCORES_DAYS: ' 400 ',
        RETENTION_TENANT_DAYS: '14',
      },
      '/x',
    );
    expect(settings.retention).toEqual({
      outboxDays: 30,
      eventsDays: 60,
      slackEventsDays: 2,
      scoresDays: 400,
      tenantDays: 14,
    });
  });

  it.each(['0', 'a month'])('rejects RETENTION_TENANT_DAYS=%s and says why', (value) => {
    expect(problems({ RETENTION_TENANT_DAYS: value })).toContain(
      `RETENTION_TENANT_DAYS: expected a whole number of days from 1 to 36500, such as 30 (got "${value}")`,
    );
  });

  it.each(['0', '-1', '1.5', 'forever', '99999'])('rejects RETENTION_OUTBOX_DAYS=%s', (value) => {
    expect(problems({ RETENTION_OUTBOX_DAYS: value })).toContain(
      `RETENTION_OUTBOX_DAYS: expected a whole number of days from 1 to 36500, such as 90 (got "${value}")`,
    );
  });

  it('keeps score history at least as long as the feedback loop reads it back', () => {
    expect(SCORES_RETENTION_MIN_DAYS).toBeGreaterThanOrEqual(LOOKBACK_DAYS);
    expect(problems({ RETENTION_SCORES_DAYS: '30' })).toContain(
      'RETENTION_SCORES_DAYS: expected a whole number of days from 180 to 36500, such as 730 ' +
        '(the feedback loop reads 180 days of scores) (got "30")',
    );
  });

  it('never echoes secrets or URLs back', () => {
    expect(problems({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).not.toContain('hunter2');
  });

  it('makes the command exit non-zero with the message', async () => {
    const { runCli } = await import('./cli/index.ts');
    const err = captureOutput();
    const code = await runCli(['migrate'], {
      env: { PORT: 'abc' },
      cwd: '/tmp',
      out: captureOutput(),
      err,
    });
    expect(code).toBe(2);
    expect(err.text()).toContain('PORT: expected a whole number');
  });
});

describe('settings from files (NAME_FILE)', () => {
  it('reads a secret from a file, without its trailing newline', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'renubu-secrets-'));
    await writeFile(path.join(dir, 'bot'), 'xoxb-from-file\n');
    await writeFile(path.join(dir, 'signing'), 'signing-from-file\n');
    const settings = loadSettings(
      { SLACK_BOT_TOKEN_FILE: path.join(dir, 'bot'), SLACK_SIGNING_SECRET_FILE: 'signing' },
      dir,
    );
    expect(settings.slack.botToken).toBe('xoxb-from-file');
    expect(settings.slack.signingSecret).toBe('signing-from-file');
  });

  it('validates a value read from a file like any other', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'renubu-secrets-'));
    await writeFile(path.join(dir, 'port'), 'eighty\n');
    expect(problems({ PORT_FILE: path.join(dir, 'port') })).toContain(
      'PORT: expected a whole number from 1 to 65535',
    );
  });

  it('refuses a missing file and a setting given twice, naming both', () => {
    const message = problems({
      SLACK_BOT_TOKEN_FILE: '/nonexistent/renubu/bot-token',
      SMTP_URL: 'smtp://mail:587',
      SMTP_URL_FILE: '/run/secrets/smtp',
    });
    expect(message).toContain(
      'SLACK_BOT_TOKEN_FILE: could not read /nonexistent/renubu/bot-token (ENOENT); expected a file holding SLACK_BOT_TOKEN',
    );
    expect(message).toContain('SMTP_URL_FILE: set SMTP_URL or SMTP_URL_FILE, not both');
  });
});
