/**
 * Agenda 6 (PRODUCT.md §6, FIELD-NOTES.md): PostgreSQL by default, on its own small pg pool,
 * against the agenda_jobs table our migrations create (`ensureSchema: false`); MongoDB when
 * JOBS_BACKEND=mongodb. The database is checked before `new Agenda()` (a down database
 * would otherwise end the process with an unhandled rejection). Each job of jobs/ is defined
 * here with its zod data schema; a failed run is retried with back-off.
 * Agenda's processor decides due-ness by the wall clock, so it runs jobs only when the
 * injected clock is the wall clock; with any other clock jobs/due.ts runs them (ARCHITECTURE.md
 * "Time").
 */
import { PostgresBackend, type PostgresJobRepository } from '@agendajs/postgres-backend';
import { Agenda, type AgendaBackend, backoffStrategies, type Job } from 'agenda';
import type { z } from 'zod';
import { isWallClock } from '../src/clock.ts';
import type { Settings } from '../src/config.ts';
import { JOBS_POOL_MIN } from '../src/db/budget.ts';
import { connect, redactUrl } from '../src/db/connection.ts';
import { RenubuError } from '../src/errors.ts';
import { slackTokenRefusal } from '../src/slack/auth-refusal.ts';
import { dailyRunJob } from './daily-run.ts';
import type { JobDeps } from './deps.ts';
import { createDueRunner, type PassOptions, type RanJob } from './due.ts';
import { nightlyDigestJob } from './nightly-digest.ts';
import { purgeJob } from './purge.ts';
import { rotEscalationJob } from './rot-escalation.ts';
import { snoozeWakeupJob } from './snooze-wakeup.ts';
import { weeklyJob } from './weekly.ts';

/** One kind of job: its name, the shape of its data and what it does. */
export interface JobSpec<T> {
  name: string;
  schema: z.ZodType<T>;
  run(deps: JobDeps, data: T, context: { agenda: Agenda; job: Job<unknown> }): Promise<void>;
  /** One-off jobs: drop the row once done. */
  removeOnComplete?: boolean;
}

/** A failed run is retried after 30 s, 60 s, … five times (Agenda's processor and jobs/due.ts). */
export const JOB_BACKOFF = backoffStrategies.exponential({ delay: 30_000, maxRetries: 5 });

export const JOB_SPECS = [
  dailyRunJob,
  nightlyDigestJob,
  snoozeWakeupJob,
  rotEscalationJob,
  weeklyJob,
  purgeJob,
] as const;

export interface JobsOptions {
  settings: Settings['jobs'];
  /** The database the app uses (the PostgreSQL backend's pool connects to it). */
  databaseUrl: string;
  /** Agenda's pool size, LISTEN included: the jobs share of DATABASE_POOL_MAX (db/budget.ts). */
  poolMax?: number;
  /** `application_name` of Agenda's connections (`renubu serve pid:4242 jobs`). */
  applicationName?: string;
  deps: JobDeps;
  /** A crashed worker's job runs again after this (ms; Agenda's default is 10 minutes). */
  lockLifetimeMs?: number;
  processEvery?: number;
  name?: string;
}

export interface Jobs {
  agenda: Agenda;
  state(): 'running' | 'stopped';
  /**
   * Run now whatever is due by the injected clock (after `clock.set`, say) and wait for it.
   * With the wall clock Agenda's processor runs jobs on its own and this runs nothing.
   */
  runDue(pass?: PassOptions): Promise<RanJob[]>;
  /** Stop taking jobs, let running ones finish, close Agenda's connections. */
  stop(): Promise<void>;
}

/** A crashed worker's job runs again after this by default (ms; Agenda's default too). */
const LOCK_LIFETIME_MS = 10 * 60_000;
/** How often due jobs are looked for by default (ms). */
const PROCESS_EVERY_MS = 5000;

async function backendFor(options: JobsOptions): Promise<AgendaBackend> {
  if (options.settings.backend === 'mongodb') {
    const { MongoBackend } = await import('@agendajs/mongo-backend');
    return new MongoBackend({ address: options.settings.mongodbUrl ?? '' });
  }
  const poolMax = options.poolMax ?? JOBS_POOL_MIN;
  if (poolMax < JOBS_POOL_MIN) {
    throw new RangeError(`Agenda's pool needs ${JOBS_POOL_MIN} connections: LISTEN and one more`);
  }
  const name = options.applicationName ?? 'renubu jobs';
  // made and closed before Agenda's pool opens: it spends one connection of the jobs share
  const db = await connect(options.databaseUrl, 1, name).catch((cause: unknown) => {
    throw new RenubuError(
      'database_unreachable',
      `Jobs cannot start: PostgreSQL at ${redactUrl(options.databaseUrl)} does not answer.`,
      { cause },
    );
  });
  await db.end({ timeout: 1 });
  const backend = new PostgresBackend({
    poolConfig: { connectionString: options.databaseUrl, max: poolMax, application_name: name },
    ensureSchema: false,
    ...(options.name ? { name: options.name } : {}),
  });
  surviveLostConnections(backend, options.deps.logger);
  return backend;
}

/**
 * A PostgreSQL restart or failover must not end the process: pg's pool emits 'error' when an
 * idle connection is cut (57P01), and the LISTEN channel emits 'error' when its connection
 * goes; with no listener either one throws. Both are logged; the pool opens new connections
 * on the next query, the channel reconnects with back-off (without the default limit of 10
 * tries, so LISTEN comes back after a long outage too). Meanwhile Agenda polls.
 */
function surviveLostConnections(backend: PostgresBackend, logger: JobDeps['logger']) {
  (backend.repository as PostgresJobRepository).getPool().on('error', (error: Error) => {
    logger.warn({ err: error }, 'jobs: a database connection was lost; reconnecting on demand');
  });
  const channel = backend.notificationChannel;
  if (!channel) return;
  channel.on('error', (error: Error) => {
    logger.warn({ err: error }, 'jobs: LISTEN connection lost; reconnecting');
  });
  const reconnect = (channel as unknown as { config: { reconnect: { maxAttempts: number } } })
    .config.reconnect;
  reconnect.maxAttempts = Number.POSITIVE_INFINITY;
}

/** Create Agenda with every job defined, without starting to process. */
export async function createAgenda(options: JobsOptions): Promise<Agenda> {
  const agenda = new Agenda({
    backend: await backendFor(options),
    ...(options.name ? { name: options.name } : {}),
    processEvery: options.processEvery ?? PROCESS_EVERY_MS,
    defaultLockLifetime: options.lockLifetimeMs ?? LOCK_LIFETIME_MS,
  });
  agenda.on('error', (error) => options.deps.logger.error({ err: error }, 'jobs: agenda error'));
  for (const spec of JOB_SPECS) defineJob(agenda, spec as JobSpec<unknown>, options.deps);
  return agenda;
}

/** One run of a job's handler: its data checked by its schema, logged, errors rethrown. */
export async function runJobSpec(
  spec: JobSpec<unknown>,
  deps: JobDeps,
  context: { agenda: Agenda; job: Job<unknown> },
): Promise<void> {
  const data = spec.schema.parse(context.job.attrs.data);
  const log = deps.logger.child({ job: spec.name, id: String(context.job.attrs._id ?? '') });
  const started = performance.now();
  try {
    await spec.run({ ...deps, logger: log }, data, context);
    log.info({ ms: Math.round(performance.now() - started) }, 'job done');
  } catch (error) {
    // a refused token is the operator's to fix: one sentence, not a stack per job
    const refusal = slackTokenRefusal(error);
    if (refusal) log.error(`job failed: ${refusal.userMessage}`);
    else log.error({ err: error }, 'job failed');
    throw error;
  }
}

function defineJob(agenda: Agenda, spec: JobSpec<unknown>, deps: JobDeps) {
  agenda.define(spec.name, (job: Job<unknown>) => runJobSpec(spec, deps, { agenda, job }), {
    backoff: JOB_BACKOFF,
    ...(spec.removeOnComplete ? { removeOnComplete: true } : {}),
  });
}

/**
 * Create Agenda and start running jobs; `renubu serve` stops it on SIGTERM. With the wall
 * clock Agenda's processor runs them; with any other clock Agenda only keeps the schedule and
 * the due runner (jobs/due.ts) runs what the injected clock says is due, every
 * `processEvery` ms and on `runDue()`.
 */
export async function startJobs(options: JobsOptions): Promise<Jobs> {
  const agenda = await createAgenda(options);
  const wall = isWallClock(options.deps.clock);
  const runner = wall
    ? null
    : createDueRunner(agenda, options.deps, {
        lockLifetimeMs: options.lockLifetimeMs ?? LOCK_LIFETIME_MS,
        everyMs: options.processEvery ?? PROCESS_EVERY_MS,
      });
  if (wall) await agenda.start();
  let state: 'running' | 'stopped' = 'running';
  let stopping: Promise<void> | undefined;
  return {
    agenda,
    state: () => state,
    runDue: (pass) => runner?.runDue(pass) ?? Promise.resolve([]),
    stop() {
      stopping ??= (async () => {
        state = 'stopped';
        if (runner) {
          await runner.stop();
          await closeAgenda(agenda);
        } else await agenda.stop(true);
      })();
      return stopping;
    },
  };
}

/** Close an Agenda's connections, also one that never started (its stop() skips those). */
export async function closeAgenda(agenda: Agenda): Promise<void> {
  const inner = agenda as unknown as { jobProcessor?: unknown; backend: AgendaBackend };
  if (inner.jobProcessor) await agenda.stop(true);
  else await inner.backend.disconnect();
}
