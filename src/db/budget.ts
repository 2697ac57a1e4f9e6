/**
 * The connection budget (PRODUCT.md §9 `DATABASE_POOL_MAX`): how many PostgreSQL connections
 * one process may hold, all pools together, and how they are split. Every pool a process
 * opens takes its size from here:
 *
 * - `renubu serve` and `renubu sandbox`: Agenda's pg pool gets `jobs` (its LISTEN connection
 *   plus its own queries); the app's postgres.js pool gets the rest. Jobs do their work on the
 *   app pool: Agenda's pool only locks and saves job rows.
 * - the other commands: one postgres.js pool of `min(what the command needs, the budget)`.
 *
 * Short-lived connections are counted too: the embedded server's `create database` check
 * closes before any pool opens; Agenda's "does the database answer" check is made, and
 * closed, before Agenda's pool opens (it spends a connection of the jobs share); the
 * sandbox's admin connection closes before the sandbox's pool opens. Migrations take their
 * advisory lock on the app pool, not on a connection of their own.
 */

/** Agenda's pool: one connection held by LISTEN, at least one for its queries. */
export const JOBS_POOL_MIN = 2;
/** More than this does not make Agenda faster (FIELD-NOTES.md: "about 5"). */
export const JOBS_POOL_MAX = 5;
/**
 * The app pool: a transaction (a job's daily run, an import's COPY) and at least one more
 * query at once (the health check, the outbox lease, a Slack click), or they wait on it.
 */
export const APP_POOL_MIN = 2;
/** The smallest `DATABASE_POOL_MAX` a process can run with: `renubu serve` needs both pools. */
export const DATABASE_POOL_MIN = JOBS_POOL_MIN + APP_POOL_MIN;
export const DATABASE_POOL_DEFAULT = 10;

export interface ServerBudget {
  /** postgres.js: Slack, /events, the deliverers, the jobs' own work, /healthz. */
  app: number;
  /** Agenda's pg pool, LISTEN included. */
  jobs: number;
}

/** Split a server's budget: about a third to Agenda (2 to 5), the rest to the app. */
export function serverBudget(total: number): ServerBudget {
  checkTotal(total);
  const jobs = Math.min(JOBS_POOL_MAX, Math.max(JOBS_POOL_MIN, Math.floor(total / 3)));
  return { app: total - jobs, jobs };
}

/** A command's one pool: what it asks for (all of the budget when it does not say), capped. */
export function commandPool(total: number, wanted?: number): number {
  checkTotal(total);
  return Math.min(wanted ?? total, total);
}

function checkTotal(total: number) {
  if (!Number.isInteger(total) || total < DATABASE_POOL_MIN) {
    throw new RangeError(
      `a connection budget is a whole number of at least ${DATABASE_POOL_MIN} (got ${total})`,
    );
  }
}

/**
 * The `application_name` of a pool, so `pg_stat_activity` shows whose connections these are:
 * `renubu serve pid:4242` for the app pool, `renubu serve pid:4242 jobs` for Agenda's.
 */
export function applicationName(command: string, pool?: 'jobs', pid = process.pid): string {
  return `renubu ${command} pid:${pid}${pool ? ` ${pool}` : ''}`;
}
