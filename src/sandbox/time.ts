/**
 * Time in the sandbox: a clock that runs with the wall clock from a movable offset, and the
 * jobs `renubu serve` would have run between two instants. They are `renubu serve`'s own:
 * Agenda holds the schedules (each CSM's 06:00 daily run and morning DM and 23:00 digest in
 * the CSM's zone, the Sunday review, every snooze wake-up at its `snoozed_until`, the rot
 * check after a wake-up past the rot limit), and jobs/due.ts runs what the sandbox's clock
 * says is due, in order, each as of its own time: one truth for what is due.
 */

import type { Jobs } from '../../jobs/agenda.ts';
import { dailyRunJob } from '../../jobs/daily-run.ts';
import type { JobDeps } from '../../jobs/deps.ts';
import type { RanJob } from '../../jobs/due.ts';
import type { Clock } from '../clock.ts';
import { listCompanies } from '../db/companies.ts';
import { csmsOfCompany } from '../db/work-queue.ts';

/** The furthest one move may jump: a month of jobs is plenty to try things out. */
export const MAX_MOVE_DAYS = 31;
const DAY_MS = 86_400_000;

export interface SandboxClock extends Clock {
  /** Jump to `to` (the clock keeps running from there). */
  set(to: Date): void;
}

/** A clock that runs with the wall clock, moved by `set`. */
export function runningClock(start: Date = new Date()): SandboxClock {
  let offset = start.getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    set(to: Date) {
      offset = to.getTime() - Date.now();
    },
  };
}

/** The handlers run here take Agenda's job context but do not use it. */
const NO_AGENDA = undefined as never;

export interface TimeMachine {
  /** Run every job due after now and up to `to`, in order; then the clock reads `to`. */
  moveTo(to: Date): Promise<string[]>;
  /** Each CSM's daily run and morning DM as of now (the sandbox's first morning). */
  runMorningNow(): Promise<string[]>;
}

const dayOf = (at: Date, timeZone: string) =>
  at.toLocaleDateString('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' });

const timeOf = (at: Date, timeZone: string) =>
  at.toLocaleTimeString('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });

/** Words for a job that ran: when, in the CSM's zone where it has one, and what. */
function describe(job: RanJob, csms: Map<number, { name: string; timezone: string }>): string {
  const [, first, second] = (job.key ?? '').split(':').map(Number);
  const utc = `${job.at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const csm = first === undefined ? undefined : csms.get(first);
  const local = (what: string) =>
    csm
      ? `${dayOf(job.at, csm.timezone)} ${timeOf(job.at, csm.timezone)} ${csm.timezone}: ${what} for ${csm.name}`
      : `${utc}: ${what}`;
  const failed = job.ok ? '' : ' (failed; retried later)';
  switch (job.name) {
    case 'daily-run':
      return local('morning run and DM') + failed;
    case 'nightly-digest':
      return local('nightly digest') + failed;
    case 'snooze-wakeup':
      return `${utc}: snoozed step ${(second ?? 0) + 1} of workflow ${first} wakes${failed}`;
    case 'rot-escalation':
      return `${utc}: rot check for step ${(second ?? 0) + 1} of workflow ${first}${failed}`;
    default:
      return `${utc}: ${job.name.replaceAll('-', ' ')}${failed}`;
  }
}

/** The sandbox's time machine over `renubu serve`'s jobs (`jobs`, run by `clock`). */
export function createTimeMachine(deps: JobDeps, clock: SandboxClock, jobs: Jobs): TimeMachine {
  async function csms() {
    const all = [];
    for (const company of await listCompanies(deps.sql)) {
      for (const csm of await csmsOfCompany(deps.sql, company.id)) all.push(csm);
    }
    return all;
  }

  return {
    async moveTo(to) {
      const from = clock.now();
      if (Number.isNaN(to.getTime())) throw new RangeError('the time to move to is not a date');
      if (to <= from) {
        throw new RangeError(
          `the sandbox only moves forward: ${to.toISOString()} is not after its now, ${from.toISOString()}`,
        );
      }
      if (to.getTime() - from.getTime() > MAX_MOVE_DAYS * DAY_MS) {
        throw new RangeError(`one move goes at most ${MAX_MOVE_DAYS} days ahead`);
      }
      // each job runs with the sandbox's clock at its time (its DMs carry it), then at `to`
      const ran = await jobs
        .runDue({ upTo: to, beforeRun: (at) => clock.set(at) })
        .finally(() => clock.set(to));
      const byId = new Map((await csms()).map((csm) => [csm.id, csm]));
      const lines = ran.map((job) => describe(job, byId));
      return lines.length > 0 ? lines : [`nothing was due up to ${to.toISOString()}`];
    },

    async runMorningNow() {
      const ran: string[] = [];
      const now = clock.now();
      for (const csm of await csms()) {
        const data = { key: `sandbox:${csm.id}`, csmId: csm.id, companyId: csm.company_id };
        await dailyRunJob.run(deps, data, NO_AGENDA);
        ran.push(`${dayOf(now, csm.timezone)}: daily run and morning DM for ${csm.name}`);
      }
      return ran;
    },
  };
}
