/**
 * The database connection: DATABASE_URL when set, else the embedded default under
 * RENUBU_HOME. A server that cannot be reached gets one clear sentence, not a stack trace.
 */
import net from 'node:net';
import postgres from 'postgres';
import { RenubuError } from '../errors.ts';
import { DATABASE_POOL_DEFAULT } from './budget.ts';
import { startEmbeddedDatabase } from './embedded.ts';

export type Sql = postgres.Sql<Record<string, never>>;
export type TransactionSql = postgres.TransactionSql<Record<string, never>>;

export interface Database {
  sql: Sql;
  /** Where it is, without the password, for messages. */
  describe: string;
  embedded: boolean;
  /** The connection URL (with credentials): for clients with their own pool (Agenda's). */
  url: string;
  /** The pool's `application_name` (db/budget.ts); Agenda's pool is named after it. */
  applicationName?: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl: string | undefined;
  home: string;
  /** Pool size: the process's share of DATABASE_POOL_MAX (db/budget.ts). */
  max?: number;
  /** `application_name` of the pool, e.g. `renubu serve pid:4242` (db/budget.ts). */
  applicationName?: string;
  onNotice?: (message: string) => void;
}

/**
 * Open a pool of at most `max` connections to a given URL (no embedded fallback) and check it
 * answers. `max` comes from the process's budget (db/budget.ts); `name` shows in
 * `pg_stat_activity.application_name`.
 */
export async function connect(url: string, max: number, name = 'renubu'): Promise<Sql> {
  const sql = postgres(url, {
    // an option postgres.js takes but does not declare in its types
    ...{ socket: openSocket },
    max,
    onnotice: () => {},
    connect_timeout: 10,
    // dates turned into instants (and back) the same way on every server
    connection: { TimeZone: 'UTC', application_name: name },
    // ids and money fit in a double; plain numbers keep rows JSON-friendly.
    types: {
      bigint: { to: 20, from: [20], serialize: String, parse: Number },
      numeric: { to: 1700, from: [1700], serialize: String, parse: Number },
    },
    transform: { undefined: null },
  }) as unknown as Sql;
  try {
    await sql`select 1`;
  } catch (cause) {
    await sql.end({ timeout: 1 }).catch(() => undefined);
    throw new RenubuError('database_unreachable', unreachableMessage(url, cause), { cause });
  }
  return sql;
}

/** What postgres.js hands its `socket` option: the URL's hosts and ports, or a Unix socket. */
interface SocketTarget {
  host: string[];
  port: number[];
  path?: string | false;
}

/**
 * Each connection's socket, opened with TCP_NODELAY, as libpq opens its own. postgres.js
 * leaves Nagle's algorithm on, so a message sent while the one before was unacknowledged
 * (a COPY's data then its end, the next page's query then a batch's write) waited for the
 * server's delayed acknowledgement, 40 ms on Linux: a daily run of 300 customers in
 * batches of 5 took 16 s instead of 0.5 s. Given a socket, postgres.js starts its protocol
 * on it at once (Node holds the writes until it is connected) and still times the connection
 * out after `connect_timeout`. DATABASE_URL names one host (a list of several would be tried
 * from its first only).
 */
function openSocket({ host, port, path }: SocketTarget): net.Socket {
  if (path) return net.connect({ path });
  const target = { host: host[0] ?? 'localhost', port: port[0] ?? 5432 };
  const socket = net.connect({ ...target, noDelay: true });
  // the name TLS checks the server's certificate against (postgres.js reads it from here)
  return Object.assign(socket, { host: target.host });
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'the configured database';
  }
}

function unreachableMessage(url: string, cause: unknown): string {
  const where = redactUrl(url);
  const error = cause as { code?: string; message?: string };
  const reason =
    {
      ECONNREFUSED: 'the connection was refused (is PostgreSQL running on that host and port?)',
      ENOTFOUND: 'that host name does not resolve',
      EAI_AGAIN: 'that host name does not resolve',
      ETIMEDOUT: 'the connection timed out',
      CONNECT_TIMEOUT: 'the connection timed out',
      '28P01': 'the user name or password was rejected',
      '28000': 'the server refused this user',
      '3D000': 'that database does not exist (create it first)',
    }[error.code ?? ''] ??
    (error.message || 'unknown error');
  return `Cannot connect to PostgreSQL at ${where} (DATABASE_URL): ${reason}.`;
}

/** Open Renubu's database: DATABASE_URL, or the embedded server under `home`. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const sql = await connect(options.databaseUrl, poolSize(options), options.applicationName);
    return {
      sql,
      describe: redactUrl(options.databaseUrl),
      embedded: false,
      url: options.databaseUrl,
      ...named(options),
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const server = await startEmbeddedDatabase({
    home: options.home,
    ...(options.onNotice ? { onNotice: options.onNotice } : {}),
  });
  let sql: Sql;
  try {
    sql = await connect(server.url, poolSize(options), options.applicationName);
  } catch (error) {
    await server.release();
    throw error;
  }
  return {
    sql,
    describe: `embedded PostgreSQL in ${server.dataDir}`,
    embedded: true,
    url: server.url,
    ...named(options),
    async close() {
      await sql.end({ timeout: 5 });
      await server.release();
    },
  };
}

function poolSize(options: OpenOptions): number {
  return options.max ?? DATABASE_POOL_DEFAULT;
}

function named(options: OpenOptions): { applicationName?: string } {
  return options.applicationName ? { applicationName: options.applicationName } : {};
}
