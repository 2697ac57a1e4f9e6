/**
 * The one schema for Renubu's settings (PRODUCT.md §9). Parsed once at start; every bad value
 * is reported by name with what is expected. No other module reads `process.env`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  APP_POOL_MIN,
  DATABASE_POOL_DEFAULT,
  DATABASE_POOL_MIN,
  JOBS_POOL_MIN,
} from './db/budget.ts';
import { isTimeZone } from './domain/dates.ts';
import { RenubuError } from './errors.ts';

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .pipe(z.string())
  .optional()
  .transform((value) => (value === '' ? undefined : value));

function urlWithProtocols(protocols: string[], example: string) {
  return z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL like ${example}` },
  );
}

const POOL_MAX_MESSAGE =
  `expected a whole number of at least ${DATABASE_POOL_MIN}: renubu serve needs ` +
  `${JOBS_POOL_MIN} connections for Agenda (its LISTEN and its queries) and ` +
  `${APP_POOL_MIN} for the app (a transaction and one more query)`;
const GRACE_MESSAGE = 'expected a whole number of milliseconds from 0 to 600000, such as 10000';

// Retention (issue 15 item 6): how many days old rows are kept before the nightly purge.
/** Days kept by default: sent outbox rows, events, seen Slack event ids, score history. */
export const DEFAULT_RETENTION = {
  outboxDays: 90,
  eventsDays: 365,
  slackEventsDays: 7,
  scoresDays: 730,
  /** Days an uninstalled company's data is kept before it is purged (PRODUCT.md §13). */
  tenantDays: 30,
};
/**
 * Score history is read back 180 days by the feedback loop (LOOKBACK_DAYS in
 * src/feedback/retune-service.ts): it is never kept for less.
 */
export const SCORES_RETENTION_MIN_DAYS = 180;
function retentionDays(fallback: number, min = 1) {
  const message =
    `expected a whole number of days from ${min} to 36500, such as ${fallback}` +
    (min > 1 ? ' (the feedback loop reads 180 days of scores)' : '');
  return optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, message)
      .transform(Number)
      .pipe(z.number().int().min(min, message).max(36_500, message))
      .default(fallback),
  );
}
const retentionSchema = {
  RETENTION_OUTBOX_DAYS: retentionDays(DEFAULT_RETENTION.outboxDays),
  RETENTION_EVENTS_DAYS: retentionDays(DEFAULT_RETENTION.eventsDays),
  RETENTION_SLACK_EVENTS_DAYS: retentionDays(DEFAULT_RETENTION.slackEventsDays),
  RETENTION_SCORES_DAYS: retentionDays(DEFAULT_RETENTION.scoresDays, SCORES_RETENTION_MIN_DAYS),
  RETENTION_TENANT_DAYS: retentionDays(DEFAULT_RETENTION.tenantDays),
};
/** Days each kind of old row is kept (RETENTION_*_DAYS). */
export type RetentionSettings = typeof DEFAULT_RETENTION;

const rawSchema = z.object({
  DATABASE_URL: optionalText.pipe(
    urlWithProtocols(
      ['postgres:', 'postgresql:'],
      'postgres://user:pass@host:5432/renubu',
    ).optional(),
  ),
  DATABASE_POOL_MAX: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, POOL_MAX_MESSAGE)
      .transform(Number)
      .pipe(z.number().int().min(DATABASE_POOL_MIN, POOL_MAX_MESSAGE))
      .default(DATABASE_POOL_DEFAULT),
  ),
  SLACK_BOT_TOKEN: optionalText.pipe(
    z.string().startsWith('xoxb-', 'expected a bot token starting with xoxb-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith('xapp-', 'expected an app-level token starting with xapp-').optional(),
  ),
  SLACK_API_URL: optionalText.pipe(
    urlWithProtocols(['http:', 'https:'], 'https://slack.com/api/').default(
      'https://slack.com/api/',
    ),
  ),
  PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'expected a whole number from 1 to 65535')
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(1, 'expected a whole number from 1 to 65535')
          .max(65535, 'expected a whole number from 1 to 65535'),
      )
      .default(3000),
  ),
  SMTP_URL: optionalText.pipe(
    urlWithProtocols(['smtp:', 'smtps:'], 'smtp://user:pass@host:587').optional(),
  ),
  EMAIL_FROM: optionalText.pipe(
    z.email('expected an email address like renubu@example.com').default('renubu@localhost'),
  ),
  RENUBU_HOME: optionalText.pipe(z.string().default('.renubu')),
  RENUBU_OUTBOX_DIR: optionalText,
  EVENTS_WEBHOOK_SECRET: optionalText.pipe(
    z.string().min(16, 'expected a secret of at least 16 characters').optional(),
  ),
  EMAIL_REPLY_DOMAIN: optionalText.pipe(
    z
      .string()
      .regex(
        /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/,
        'expected a domain name such as reply.example.com (no @, no scheme)',
      )
      .optional(),
  ),
  SMTP_INBOUND_PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'expected a whole number from 1 to 65535, such as 2525')
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(1, 'expected a whole number from 1 to 65535, such as 2525')
          .max(65535, 'expected a whole number from 1 to 65535, such as 2525'),
      )
      .optional(),
  ),
  SHUTDOWN_GRACE_MS: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, GRACE_MESSAGE)
      .transform(Number)
      .pipe(z.number().int().max(600_000, GRACE_MESSAGE))
      .default(10_000),
  ),
  RENUBU_TIMEZONE: optionalText.pipe(
    z
      .string()
      .refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Berlin or UTC' })
      .default('UTC'),
  ),
  JOBS_BACKEND: optionalText.pipe(
    z
      .enum(['postgres', 'mongodb'], { message: 'expected postgres or mongodb' })
      .default('postgres'),
  ),
  MONGODB_URL: optionalText.pipe(
    urlWithProtocols(['mongodb:', 'mongodb+srv:'], 'mongodb://host:27017/renubu').optional(),
  ),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText.pipe(
    z.string().min(16, 'expected a secret of at least 16 characters').optional(),
  ),
  PUBLIC_URL: optionalText.pipe(
    urlWithProtocols(['http:', 'https:'], 'https://renubu.example.com').optional(),
  ),
  RENUBU_ENCRYPTION_KEY: optionalText.pipe(
    z
      .string()
      .refine((value) => isKey32(value), {
        message:
          'expected 32 bytes in base64 (44 characters), such as the output of `openssl rand -base64 32`',
      })
      .optional(),
  ),
  RENUBU_ALL_CLEAR_DM: optionalText.pipe(
    z
      .enum(['true', 'false'], { message: 'expected true or false' })
      .default('true')
      .transform((value) => value === 'true'),
  ),
  LOG_LEVEL: optionalText.pipe(
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        message: 'expected one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  ...retentionSchema,
});

interface SettingIssue {
  name: string;
  message: string;
}

/** Rules between settings, checked on the raw values so they are reported with the rest. */
function crossSettingIssues(env: Record<string, string | undefined>): SettingIssue[] {
  const has = (name: string) => (env[name] ?? '').trim() !== '';
  const issues: SettingIssue[] = [];
  if (has('SLACK_BOT_TOKEN') && !has('SLACK_APP_TOKEN') && !has('SLACK_SIGNING_SECRET')) {
    issues.push({
      name: 'SLACK_SIGNING_SECRET',
      message: 'required with SLACK_BOT_TOKEN unless SLACK_APP_TOKEN (Socket Mode) is set',
    });
  }
  if (has('SLACK_APP_TOKEN') && !has('SLACK_BOT_TOKEN')) {
    issues.push({
      name: 'SLACK_BOT_TOKEN',
      message: 'required when SLACK_APP_TOKEN is set (Socket Mode needs the bot token too)',
    });
  }
  if (has('SMTP_INBOUND_PORT') && !has('EMAIL_REPLY_DOMAIN')) {
    issues.push({
      name: 'EMAIL_REPLY_DOMAIN',
      message:
        'required when SMTP_INBOUND_PORT is set (the listener takes mail for reply+TOKEN@EMAIL_REPLY_DOMAIN only)',
    });
  }
  issues.push(...oauthIssues(has));
  if ((env.JOBS_BACKEND ?? '').trim() === 'mongodb' && !has('MONGODB_URL')) {
    issues.push({ name: 'MONGODB_URL', message: 'required when JOBS_BACKEND=mongodb' });
  }
  return issues;
}

const OAUTH_NAMES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

/** OAuth install (PRODUCT.md §13): the three settings together, with a public URL and a key. */
function oauthIssues(has: (name: string) => boolean): SettingIssue[] {
  const given = OAUTH_NAMES.filter(has);
  if (given.length === 0) return [];
  const why = `required with ${given.join(', ')} (OAuth install into many workspaces)`;
  const issues: SettingIssue[] = OAUTH_NAMES.filter((name) => !has(name)).map((name) => ({
    name,
    message: `${why}: set all three of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET`,
  }));
  for (const name of ['PUBLIC_URL', 'RENUBU_ENCRYPTION_KEY', 'SLACK_SIGNING_SECRET']) {
    if (!has(name)) issues.push({ name, message: why });
  }
  if (has('SLACK_BOT_TOKEN')) {
    issues.push({
      name: 'SLACK_BOT_TOKEN',
      message: 'set either SLACK_BOT_TOKEN (one workspace) or the OAuth settings, not both',
    });
  }
  if (has('SLACK_APP_TOKEN')) {
    issues.push({
      name: 'SLACK_APP_TOKEN',
      message: 'Socket Mode serves one workspace; the OAuth install runs over HTTP (unset it)',
    });
  }
  return issues;
}

/** A base64 text holding exactly 32 bytes (an AES-256 key). */
function isKey32(value: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

export interface Settings {
  databaseUrl: string | undefined;
  /** Connections one process may hold, all pools together (DATABASE_POOL_MAX; db/budget.ts). */
  databasePoolMax: number;
  slack: {
    botToken: string | undefined;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string;
    /** OAuth install into many workspaces (§13), or null: one workspace, one bot token. */
    oauth?: {
      clientId: string;
      clientSecret: string;
      stateSecret: string;
      publicUrl: string;
      /** RENUBU_ENCRYPTION_KEY: the 32-byte key the stored tokens are encrypted with. */
      encryptionKey: Buffer;
    } | null;
  };
  /** Where `renubu serve` is reached from outside (PUBLIC_URL), if set. */
  publicUrl: string | undefined;
  port: number;
  smtpUrl: string | undefined;
  emailFrom: string;
  home: string;
  outboxDir: string;
  eventsWebhookSecret: string | undefined;
  /** Email replies (PRODUCT.md §12): the reply addresses' domain, and Renubu's own SMTP port. */
  emailReply: { domain: string | undefined; smtpInboundPort: number | undefined };
  /** How long SIGTERM waits for in-flight work before releasing it (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
  defaultTimezone: string;
  jobs: { backend: 'postgres' | 'mongodb'; mongodbUrl: string | undefined };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Send the morning DM also when a CSM has nothing to do today (RENUBU_ALL_CLEAR_DM). */
  allClearDm: boolean;
  retention: RetentionSettings;
}

/** Names of the settings this schema reads, for help text and tests. */
export const SETTING_NAMES = Object.keys(rawSchema.shape);

/**
 * Parse settings from an environment map. Throws a `settings_invalid` RenubuError listing
 * every bad value by name; relative paths resolve against `cwd`.
 */
export function loadSettings(source: Record<string, string | undefined>, cwd: string): Settings {
  const { env, issues: fileIssues } = withSettingFiles(source, cwd);
  const result = rawSchema.safeParse(env);
  const issues: SettingIssue[] = [
    ...fileIssues,
    ...(result.success ? [] : result.error.issues).map((issue) => ({
      name: String(issue.path[0] ?? 'settings'),
      message: issue.message,
    })),
    ...crossSettingIssues(env),
  ];
  if (!result.success || issues.length > 0) {
    const lines = issues.map(({ name, message }) => {
      const given = env[name];
      const shown =
        given === undefined || isSecretName(name) ? '' : ` (got ${JSON.stringify(given)})`;
      return `  ${name}: ${message}${shown}`;
    });
    throw new RenubuError('settings_invalid', `Invalid settings:\n${lines.join('\n')}`, {
      exitCode: 2,
    });
  }
  const raw = result.data;
  const home = path.resolve(cwd, raw.RENUBU_HOME);
  return {
    databaseUrl: raw.DATABASE_URL,
    databasePoolMax: raw.DATABASE_POOL_MAX,
    slack: {
      botToken: raw.SLACK_BOT_TOKEN,
      signingSecret: raw.SLACK_SIGNING_SECRET,
      appToken: raw.SLACK_APP_TOKEN,
      apiUrl: raw.SLACK_API_URL,
      oauth:
        raw.SLACK_CLIENT_ID && raw.SLACK_CLIENT_SECRET && raw.SLACK_STATE_SECRET
          ? {
              clientId: raw.SLACK_CLIENT_ID,
              clientSecret: raw.SLACK_CLIENT_SECRET,
              stateSecret: raw.SLACK_STATE_SECRET,
              publicUrl: raw.PUBLIC_URL ?? '',
              encryptionKey: Buffer.from(raw.RENUBU_ENCRYPTION_KEY ?? '', 'base64'),
            }
          : null,
    },
    publicUrl: raw.PUBLIC_URL,
    port: raw.PORT,
    smtpUrl: raw.SMTP_URL,
    emailFrom: raw.EMAIL_FROM,
    home,
    outboxDir: path.resolve(cwd, raw.RENUBU_OUTBOX_DIR ?? path.join(home, 'outbox')),
    eventsWebhookSecret: raw.EVENTS_WEBHOOK_SECRET,
    emailReply: {
      domain: raw.EMAIL_REPLY_DOMAIN?.toLowerCase(),
      smtpInboundPort: raw.SMTP_INBOUND_PORT,
    },
    shutdownGraceMs: raw.SHUTDOWN_GRACE_MS,
    defaultTimezone: raw.RENUBU_TIMEZONE,
    jobs: { backend: raw.JOBS_BACKEND, mongodbUrl: raw.MONGODB_URL },
    logLevel: raw.LOG_LEVEL,
    allClearDm: raw.RENUBU_ALL_CLEAR_DM,
    retention: {
      outboxDays: raw.RETENTION_OUTBOX_DAYS,
      eventsDays: raw.RETENTION_EVENTS_DAYS,
      slackEventsDays: raw.RETENTION_SLACK_EVENTS_DAYS,
      scoresDays: raw.RETENTION_SCORES_DAYS,
      tenantDays: raw.RETENTION_TENANT_DAYS,
    },
  };
}

/**
 * Secrets from files (Docker and Kubernetes secrets, systemd credentials): `NAME_FILE` holds
 * the path of a file whose content is the setting NAME, for every setting. The file's trailing
 * newline is dropped; setting both NAME and NAME_FILE is refused, as is a file not readable.
 */
function withSettingFiles(
  given: Record<string, string | undefined>,
  cwd: string,
): { env: Record<string, string | undefined>; issues: SettingIssue[] } {
  const env = { ...given };
  const issues: SettingIssue[] = [];
  for (const name of SETTING_NAMES) {
    const file = (given[`${name}_FILE`] ?? '').trim();
    if (file === '') continue;
    if ((given[name] ?? '').trim() !== '') {
      issues.push({ name: `${name}_FILE`, message: `set ${name} or ${name}_FILE, not both` });
      continue;
    }
    try {
      env[name] = readFileSync(path.resolve(cwd, file), 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      issues.push({
        name: `${name}_FILE`,
        message: `could not read ${file} (${code}); expected a file holding ${name}`,
      });
    }
  }
  return { env, issues };
}

function isSecretName(name: string): boolean {
  return /TOKEN|SECRET|URL|KEY/.test(name);
}
