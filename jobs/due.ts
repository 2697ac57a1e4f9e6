/**
 * The clock-driven runner (ARCHITECTURE.md "Time"): when the injected clock is not the wall
 * clock (tests' fixed clock, a clock moved by hand), Agenda keeps the schedule in agenda_jobs
 * but this decides what is due: the jobs whose next_run_at <= clock.now(), earliest first,
 * each run as of its own due time. A repeating job's next run follows its cron in its zone
 * from that due time (so a clock moved three days runs three mornings); a one-off job is
 * removed when done (removeOnComplete); a failure is retried with JOB_BACKOFF, by the clock.
 * Jobs are locked through Agenda's backend (the same atomic lock its processor takes), so
 * two runners, or a runner and a late processor, never run one job twice.
 * Steps: lock the earliest due job → record its run and next run → run the handler → unlock,
 * remove or schedule its retry.
 */
import { type Agenda, Job, type JobParameters } from 'agenda';
import { fixedClock } from '../src/clock.ts';
import { JOB_BACKOFF, JOB_SPECS, type JobSpec, runJobSpec } from './agenda.ts';
import type { JobDeps } from './deps.ts';

/** A job the runner ran: its name, its key, the time it ran as of, and whether it succeeded. */
export interface RanJob {
  name: string;
  key: string | null;
  at: Date;
  ok: boolean;
}

/** A pass stops after this many runs (a clock moved years ahead must not run forever). */
export const MAX_RUNS_PER_PASS = 10_000;

export interface DueOptions {
  /** A job locked longer than this (by the clock) was left by a crashed runner: run it again. */
  lockLifetimeMs: number;
}

export interface PassOptions {
  /** Run what is due up to here (default: the clock's now). */
  upTo?: Date;
  /** Told each job's time before it runs (the sandbox shows its clock there meanwhile). */
  beforeRun?: (at: Date) => void;
}

/** The kinds of job, looked up when running (agenda.ts imports this module: no cycle at load). */
function specs(): Map<string, JobSpec<unknown>> {
  return new Map(JOB_SPECS.map((spec) => [spec.name, spec as JobSpec<unknown>]));
}

/** When a locked job runs as of: its due time, or now for a job past its lock lifetime. */
function dueAt(job: JobParameters, now: Date): Date {
  return job.nextRunAt && job.nextRunAt <= now ? job.nextRunAt : now;
}

/** Lock the earliest due job of any kind; the others locked on the way are let go again. */
async function lockEarliest(agenda: Agenda, now: Date, lockDeadline: Date) {
  const locked: JobParameters[] = [];
  for (const name of specs().keys()) {
    const job = await agenda.db.getNextJobToRun(name, now, lockDeadline, now, undefined);
    if (job) locked.push(job);
  }
  locked.sort((a, b) => dueAt(a, now).getTime() - dueAt(b, now).getTime());
  const [first, ...rest] = locked;
  for (const job of rest) await agenda.db.unlockJob(job);
  return first;
}

/** The run after `due` by the job's cron in its zone (Agenda's own rule); null for a one-off. */
function nextRunAfter(agenda: Agenda, attrs: JobParameters, due: Date): Date | null {
  if (!attrs.repeatInterval) return null;
  const job = new Job(agenda, { ...attrs, nextRunAt: due });
  job.repeatEvery(attrs.repeatInterval, {
    ...(attrs.repeatTimezone ? { timezone: attrs.repeatTimezone } : {}),
    skipImmediate: true,
  });
  return job.attrs.nextRunAt ?? null;
}

async function runOne(agenda: Agenda, deps: JobDeps, attrs: JobParameters, now: Date) {
  const spec = specs().get(attrs.name)!;
  const at = dueAt(attrs, now);
  const next = nextRunAfter(agenda, attrs, at);
  const state: JobParameters = { ...attrs, lockedAt: now, lastRunAt: at, nextRunAt: next };
  const recorded = await agenda.db.saveJobState(state, undefined).then(
    () => true,
    () => false, // cancelled since it was locked (a resume cancels a wake-up): nothing to run
  );
  if (!recorded) return null;
  const job = new Job(agenda, state);
  const ran: RanJob = { name: spec.name, key: keyOf(attrs.data), at, ok: true };
  try {
    // as of its due time; what it delivers is leased by the process's clock (deps.ts)
    const asOf = { ...deps, clock: fixedClock(at), processClock: deps.processClock ?? deps.clock };
    await runJobSpec(spec, asOf, { agenda, job });
    state.failCount = 0;
  } catch (error) {
    ran.ok = false;
    const failed = deps.clock.now();
    state.failCount = (state.failCount ?? 0) + 1;
    state.failReason = error instanceof Error ? error.message : String(error);
    state.failedAt = failed;
    const delay = JOB_BACKOFF({
      attempt: state.failCount,
      error: error instanceof Error ? error : new Error(String(error)),
      jobName: spec.name,
      jobData: attrs.data,
    });
    if (delay !== null) state.nextRunAt = new Date(failed.getTime() + delay);
  }
  state.lockedAt = undefined;
  state.lastFinishedAt = deps.clock.now();
  if (ran.ok && !state.nextRunAt && spec.removeOnComplete) {
    await agenda.db.removeJobs({ id: attrs._id! });
  } else {
    // as Agenda's processor does: a job cancelled while it ran is gone, nothing to save
    await agenda.db.saveJobState(state, undefined).catch(() => undefined);
  }
  return ran;
}

function keyOf(data: unknown): string | null {
  const key = (data as { key?: unknown } | null)?.key;
  return typeof key === 'string' ? key : null;
}

/**
 * Run every job due by `deps.clock`, earliest first, each as of its due time; a job a run
 * schedules (a rot check) runs in the same pass when it is due too.
 */
export async function runDueJobs(
  agenda: Agenda,
  deps: JobDeps,
  options: DueOptions & PassOptions,
): Promise<RanJob[]> {
  await agenda.ready;
  const ran: RanJob[] = [];
  while (ran.length < MAX_RUNS_PER_PASS) {
    const now = options.upTo ?? deps.clock.now();
    const lockDeadline = new Date(now.getTime() - options.lockLifetimeMs);
    const job = await lockEarliest(agenda, now, lockDeadline);
    if (!job) return ran;
    options.beforeRun?.(dueAt(job, now));
    const done = await runOne(agenda, deps, job, now);
    if (done) ran.push(done);
  }
  deps.logger.warn({ runs: ran.length }, 'jobs: pass stopped; the rest run in the next pass');
  return ran;
}

export interface DueRunner {
  /** One pass now, after any pass under way. */
  runDue(pass?: PassOptions): Promise<RanJob[]>;
  /** No more passes; resolves when the one under way is done. */
  stop(): Promise<void>;
}

/** A pass every `everyMs`, and on demand; passes never overlap. */
export function createDueRunner(
  agenda: Agenda,
  deps: JobDeps,
  options: DueOptions & { everyMs: number },
): DueRunner {
  let last: Promise<RanJob[]> = Promise.resolve([]);
  let stopped = false;
  const runDue = (pass: PassOptions = {}) => {
    const run = () => (stopped ? [] : runDueJobs(agenda, deps, { ...options, ...pass }));
    const next = last.then(run, run);
    last = next;
    return next;
  };
  const timer = setInterval(() => {
    runDue().catch((error: unknown) => deps.logger.error({ err: error }, 'jobs: due pass failed'));
  }, options.everyMs);
  timer.unref();
  return {
    runDue,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await last.catch(() => undefined);
    },
  };
}
