/**
 * Health of `renubu serve` (README "Running in production"):
 * - `GET /healthz`, liveness: the process answers. At once, no database call, always 200.
 * - `GET /readyz`, readiness: `{ ok, checks: { database, jobs, outbox, slack, smtp } }`, 200
 *   when every check is ok, else 503 with `failing` naming the parts. The database check is
 *   a query bounded by PROBE_TIMEOUT_MS (a frozen database makes it fail, never hang), and
 *   only one probe is in flight at a time; the job worker must be running; the outbox's
 *   oldest due row must be younger than OUTBOX_STALE_MS; Slack and SMTP report the outcome
 *   of their last call.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from './clock.ts';
import type { Sql } from './db/connection.ts';
import { type OutboxBacklog, outboxBacklog } from './db/health.ts';

/** How long /readyz waits for the database (ms). */
export const PROBE_TIMEOUT_MS = 2000;
/** A due outbox row older than this means the deliverers are not keeping up (ms). */
export const OUTBOX_STALE_MS = 15 * 60_000;

export interface Check {
  ok: boolean;
  [detail: string]: unknown;
}

/** The last outcome of calls to an outside service (Slack, SMTP), for /readyz. */
export interface LastResult {
  record(ok: boolean, error?: string): void;
  check(): Check;
}

/**
 * `off`: the service is not configured (ok). Until the first call, ok with `calls: 'none yet'`.
 */
export function lastResult(clock: Clock, state: 'on' | 'off' = 'on'): LastResult {
  let last: { ok: boolean; at: Date; error?: string } | undefined;
  return {
    record(ok, error) {
      last = { ok, at: clock.now(), ...(error ? { error } : {}) };
    },
    check() {
      if (state === 'off') return { ok: true, state: 'off' };
      if (!last) return { ok: true, state: 'no call yet' };
      return {
        ok: last.ok,
        state: last.ok ? 'up' : 'down',
        at: last.at.toISOString(),
        ...(last.error ? { error: last.error } : {}),
      };
    },
  };
}

export interface HealthOptions {
  sql: Sql;
  clock: Clock;
  jobs(): { state(): 'running' | 'stopped' } | null;
  /** Whether the job worker was asked for (serve without jobs: tests of the Slack surface). */
  jobsWanted: boolean;
  slack: LastResult;
  smtp: LastResult;
  probeTimeoutMs?: number;
}

export interface Health {
  live(request: IncomingMessage, response: ServerResponse): void;
  ready(request: IncomingMessage, response: ServerResponse): void;
  /** The readiness report itself. */
  report(): Promise<{ ok: boolean; failing: string[]; checks: Record<string, Check> }>;
}

class ProbeTimeout extends Error {}

function bounded<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(`no answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createHealth(options: HealthOptions): Health {
  const timeoutMs = options.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
  // one query in flight: a frozen database holds one connection, not one per request
  let inFlight: Promise<OutboxBacklog> | undefined;
  const probe = () => {
    inFlight ??= outboxBacklog(options.sql, options.clock.now()).finally(() => {
      inFlight = undefined;
    });
    return bounded(inFlight, timeoutMs);
  };

  async function report() {
    const checks: Record<string, Check> = {};
    const started = performance.now();
    try {
      const backlog = await probe();
      checks.database = { ok: true, ms: Math.round(performance.now() - started) };
      const ageMs = backlog.oldestDueAt
        ? Math.max(0, options.clock.now().getTime() - backlog.oldestDueAt.getTime())
        : 0;
      checks.outbox = {
        ok: ageMs < OUTBOX_STALE_MS,
        due: backlog.due,
        oldestDueSeconds: Math.round(ageMs / 1000),
      };
    } catch (error) {
      const reason = error instanceof ProbeTimeout ? error.message : (error as Error).message;
      checks.database = { ok: false, error: reason };
      checks.outbox = { ok: false, error: 'unknown while the database does not answer' };
    }
    const jobs = options.jobs();
    checks.jobs = !options.jobsWanted
      ? { ok: true, state: 'off' }
      : { ok: jobs?.state() === 'running', state: jobs?.state() ?? 'not started' };
    checks.slack = options.slack.check();
    checks.smtp = options.smtp.check();
    const failing = Object.entries(checks)
      .filter(([, check]) => !check.ok)
      .map(([name]) => name);
    return { ok: failing.length === 0, failing, checks };
  }

  return {
    live(_request, response) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true }));
    },
    ready(_request, response) {
      void report().then(
        (body) => {
          response.writeHead(body.ok ? 200 : 503, { 'content-type': 'application/json' });
          response.end(JSON.stringify(body));
        },
        (error: unknown) => {
          response.writeHead(503, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ ok: false, error: (error as Error).message }));
        },
      );
    },
    report,
  };
}
