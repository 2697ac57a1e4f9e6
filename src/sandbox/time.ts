/**
 * Time in the sandbox: a clock that runs with the wall clock from a movable offset, and the
 * jobs `renubu serve` would have run between two instants, run in order as of their own
 * times: each CSM's 06:00 daily run and morning DM and 23:00 digest (in the CSM's zone),
 * every snooze wake-up at its `snoozed_until`, and the rot escalation check after a wake-up
 * past the rot limit. The job handlers are the real ones from jobs/; only Agenda's timing is
 * replaced, because Agenda follows the wall clock.
 */
import { dailyRunJob } from '../../jobs/daily-run.ts';
import type { JobDeps } from '../../jobs/deps.ts';
import { deliver } from '../../jobs/deps.ts';
import { nightlyDigestJob } from '../../jobs/nightly-digest.ts';
import { rotEscalationJob } from '../../jobs/rot-escalation.ts';
import { wakeStep } from '../../jobs/snooze-wakeup.ts';
import type { Clock } from '../clock.ts';
import { listCompanies } from '../db/companies.ts';
import type { Sql } from '../db/connection.ts';
import { listSnoozedSteps } from '../db/jobs.ts';
import { csmsOfCompany } from '../db/work-queue.ts';
import { atLocal, localParts } from '../domain/durations.ts';

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

interface RotCheck {
  at: Date;
  executionId: number;
  stepIndex: number;
  wokeAt: string;
}

interface Due {
  at: Date;
  label: string;
  run(): Promise<void>;
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

/** Every `hour`:00 local to `timeZone` in (from, to]. */
function localTimesBetween(from: Date, to: Date, hour: number, timeZone: string): Date[] {
  const times: Date[] = [];
  const first = localParts(new Date(from.getTime() - DAY_MS), timeZone);
  for (let i = 0; i <= MAX_MOVE_DAYS + 2; i++) {
    const day = new Date(Date.UTC(first.year, first.month - 1, first.day + i));
    const at = atLocal(
      { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() },
      hour,
      0,
      timeZone,
    );
    if (at > to) break;
    if (at > from) times.push(at);
  }
  return times;
}

export function createTimeMachine(deps: JobDeps, clock: SandboxClock): TimeMachine {
  const rotChecks: RotCheck[] = [];
  /** The jobs still to run in the move under way (a wake-up can add a rot check to it). */
  let queue: Due[] | null = null;

  async function csms() {
    const all = [];
    for (const company of await listCompanies(deps.sql)) {
      for (const csm of await csmsOfCompany(deps.sql, company.id)) all.push(csm);
    }
    return all;
  }

  function rotDue(check: RotCheck): Due {
    const { executionId, stepIndex, wokeAt } = check;
    return {
      at: check.at,
      label: `${check.at.toISOString().slice(0, 16).replace('T', ' ')} UTC: rot check for step ${stepIndex + 1} of workflow ${executionId}`,
      run: async () => {
        rotChecks.splice(rotChecks.indexOf(check), 1);
        const data = { key: `rot:${executionId}:${stepIndex}`, executionId, stepIndex, wokeAt };
        await rotEscalationJob.run(deps, data, NO_AGENDA);
      },
    };
  }

  async function scheduled(from: Date, to: Date, sql: Sql): Promise<Due[]> {
    const due: Due[] = [];
    for (const csm of await csms()) {
      const data = { key: `sandbox:${csm.id}`, csmId: csm.id, companyId: csm.company_id };
      for (const at of localTimesBetween(from, to, 6, csm.timezone)) {
        due.push({
          at,
          label: `${dayOf(at, csm.timezone)} 06:00 ${csm.timezone}: morning run and DM for ${csm.name}`,
          run: () => dailyRunJob.run(deps, data, NO_AGENDA),
        });
      }
      for (const at of localTimesBetween(from, to, 23, csm.timezone)) {
        due.push({
          at,
          label: `${dayOf(at, csm.timezone)} 23:00 ${csm.timezone}: nightly digest for ${csm.name}`,
          run: () => nightlyDigestJob.run(deps, data, NO_AGENDA),
        });
      }
    }
    for (const step of await listSnoozedSteps(sql)) {
      const at = step.snoozed_until;
      if (at <= from || at > to) continue;
      const data = {
        key: `sandbox-wake:${step.execution_id}:${step.step_index}`,
        executionId: step.execution_id,
        stepIndex: step.step_index,
        snoozedUntil: at.toISOString(),
      };
      due.push({
        at,
        label: `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC: snoozed step ${step.step_index + 1} of workflow ${step.execution_id} wakes`,
        run: async () => {
          const now = clock.now();
          const woken = await wakeStep(deps.sql, data, now);
          if (woken?.rot) {
            const checkAt = new Date(now.getTime() + woken.managerAfterDays * DAY_MS);
            const check = { ...data, at: checkAt, wokeAt: now.toISOString() };
            rotChecks.push(check);
            if (checkAt <= to) queue?.push(rotDue(check));
          }
          await deliver(deps);
        },
      });
    }
    for (const check of rotChecks) if (check.at > from && check.at <= to) due.push(rotDue(check));
    return due.sort((a, b) => a.at.getTime() - b.at.getTime());
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
      const ran: string[] = [];
      queue = await scheduled(from, to, deps.sql);
      try {
        for (let job = queue.shift(); job; job = queue.shift()) {
          clock.set(job.at);
          await job.run();
          ran.push(job.label);
          queue.sort((a, b) => a.at.getTime() - b.at.getTime());
        }
      } finally {
        queue = null;
      }
      clock.set(to);
      return ran.length > 0 ? ran : [`nothing was due up to ${to.toISOString()}`];
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
