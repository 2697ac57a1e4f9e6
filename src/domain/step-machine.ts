/**
 * The one step machine (ARCHITECTURE.md "One step machine", PRODUCT.md §5): every change to a
 * workflow step is `applyStepAction(state, action, now, settings)`. It returns the step's new
 * state, the audit row (workflow_step_actions) and the messages to send, or a refusal that says
 * in words why nothing changed. The one service (src/workflows/step-service.ts) loads the state,
 * applies this, and writes all of it in one transaction; no other code decides a step's status.
 *
 * Rules (moved here from the step-actions service, the snooze-wakeup job and events/wake.ts):
 * - nothing changes in a completed or abandoned workflow, nor on a step out of range;
 * - a CSM acts only on their own workflow (a job acts as Renubu: actor null);
 * - a completed or skipped step takes no more actions;
 * - work must not rot quietly: a step that slept more than `snooze.rotLimitDays` in all is not
 *   snoozed again without a reason; a re-snooze, early resume, skip or escalation gives back
 *   the seconds of the current snooze not yet slept;
 * - resume only a snoozed or escalated step; escalate only with a manager to escalate to;
 * - a wake-up wakes only a step still snoozed so (the same until, or the same event); a timer
 *   wake-up of a step snoozed past the rot limit asks for an action (`rot`).
 * Pure: the state comes in loaded, the clock and settings are arguments.
 */
import { z } from 'zod';
import type { DomainSettings } from './settings.ts';
import type { SnoozeEvent } from './step-command.ts';
import type { StepStatus } from './step-status.ts';
import { STEP_STATUSES } from './step-status.ts';
import { plural } from './words.ts';
import { type StepStateInput, workflowState } from './workflow-state.ts';

/** A step's id (a slide id such as `pricing-strategy`): never an index, never empty. */
export type StepId = string & { readonly __brand: 'StepId' };

export function toStepId(raw: string): StepId {
  if (raw.trim() === '') throw new Error('A step id must be a non-empty slide id.');
  return raw as StepId;
}

const stepIdSchema = z
  .string()
  .min(1)
  .transform((s) => s as StepId);

/**
 * `workflow_executions.context.steps` as stored: each step a slide id, or an object with `id`
 * (or the older `slideId`). Null when the context names no steps (the definition's then hold).
 */
const contextStepSchema = z.union([
  stepIdSchema,
  z.looseObject({ id: stepIdSchema }).transform((s) => s.id),
  z.looseObject({ slideId: stepIdSchema }).transform((s) => s.slideId),
]);
const contextStepsSchema = z.array(contextStepSchema).min(1);

export function stepIdsOfContext(steps: unknown): StepId[] | null {
  const parsed = contextStepsSchema.safeParse(steps);
  return parsed.success ? parsed.data : null;
}

/** One stored step state (a row of workflow_step_states); absent rows are pending. */
export interface StepRecord {
  index: number;
  id: StepId;
  status: StepStatus;
  snoozedUntil: Date | null;
  snoozeUntilEvent: string | null;
  snoozeCount: number;
  totalSnoozedSeconds: number;
  reason: string | null;
  escalatedTo: number | null;
}

/** A stored step state as loaded (JSON from the database), parsed where it is read. */
export const stepRecordSchema = z.object({
  index: z.number().int().min(0),
  id: stepIdSchema,
  status: z.enum(STEP_STATUSES),
  snoozedUntil: z.coerce.date().nullable(),
  snoozeUntilEvent: z.string().nullable(),
  snoozeCount: z.number().int(),
  totalSnoozedSeconds: z.number().int(),
  reason: z.string().nullable(),
  escalatedTo: z.number().int().nullable(),
});

export interface Person {
  id: number;
  name: string;
  /** Where a DM goes: the Slack user id, else the email until resolved. */
  recipient: string;
}

/** One workflow's state as the machine reads it. */
export interface MachineState {
  execution: {
    id: number;
    companyId: number;
    csmId: number;
    status: 'in_progress' | 'snoozed' | 'completed' | 'abandoned';
    totalSteps: number;
    currentStep: number;
    customerName: string;
    /** The steps in order, with their titles. */
    steps: { id: StepId; title: string }[];
    /** The workflow has a Slack thread (a door may ask the action to move it). */
    hasThread: boolean;
  };
  /** The stored step states, at most one per index. */
  records: StepRecord[];
  csm: Person | null;
  manager: Person | null;
}

export type WakeCause =
  | { kind: 'timer'; snoozedUntil: string }
  | { kind: 'event'; until: SnoozeEvent; reason: string; eventKey: string };

export type MachineAction =
  | { action: 'snooze'; until: Date; event: SnoozeEvent | null; reason: string }
  | { action: 'skip'; reason: string }
  | { action: 'escalate'; reason: string | null }
  | { action: 'resume' }
  | { action: 'wake'; cause: WakeCause };

/**
 * How a door asks the action's thread to follow (absent: the thread is not touched, as for a
 * job or an event): `follow` notes what changed and goes around the step when it was the
 * current one (the step menu, /renubu); `reopen` posts the resumed step again (the wake-up
 * DM's Resume button).
 */
export type ThreadFollow = 'follow' | 'reopen';

export interface MachineCall {
  /** 0-based; null: the execution's current step. */
  stepIndex: number | null;
  /** Who acts: the workflow's CSM, or null for Renubu itself (a job, an event). */
  actorCsmId: number | null;
  act: MachineAction;
  thread?: ThreadFollow | undefined;
}

/** How the workflow's thread moves with an action, written in the action's transaction. */
export interface ThreadMove {
  /** A short note in the thread says what changed (its words are the service's). */
  note: boolean;
  /** The execution's current step after the action. */
  currentStep: number;
  /** The current step moved on (the acted step was current and is no longer open). */
  moved: boolean;
  /** Steps completed or skipped, in percent of all: set when the step moved. */
  percentage: number;
  /** The step put in progress now: the next pending one the thread goes on at. */
  opened: StepRecord | null;
  /** The step to post in the thread: the next one, or the resumed one again. */
  post: { index: number; as: 'next' | 'reopen' } | null;
}

export type StepProblem =
  | 'stale_target'
  | 'not_yours'
  | 'step_out_of_range'
  | 'not_snoozed'
  | 'rot_needs_reason'
  | 'no_manager'
  | 'not_snoozed_so';

export interface AuditRow {
  stepIndex: number;
  actionType: MachineAction['action'];
  performedBy: number | null;
  reason: string | null;
  snoozedUntil: Date | null;
  metadata: Record<string, unknown>;
}

/** What to tell whom; the service renders the words for its channel. */
export type StepMessage =
  | { kind: 'escalated'; to: Person; fromName: string | null; reason: string | null }
  | { kind: 'woken'; to: Person; snoozedUntil: string; reason: string | null; rot: boolean }
  | { kind: 'woken_by_event'; to: Person; eventKey: string; reason: string };

export interface Applied {
  ok: true;
  state: MachineState;
  /** The acted-on step, before (null: pending, never acted on) and after. */
  before: StepRecord | null;
  step: StepRecord;
  title: string;
  audit: AuditRow;
  messages: StepMessage[];
  /** Every step is now completed or skipped: the execution and its instance complete. */
  completesWorkflow: boolean;
  /** How the thread follows, when the door asked and the workflow has a thread. */
  thread: ThreadMove | null;
}

export interface Refused {
  ok: false;
  problem: StepProblem;
  /** Safe to show the CSM: what was wrong and what to do instead. */
  refusal: string;
}

const DAY_S = 86_400;

function refuse(problem: StepProblem, refusal: string): Refused {
  return { ok: false, problem, refusal };
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Apply one action to one step of a workflow. */
export function applyStepAction(
  state: MachineState,
  call: MachineCall,
  now: Date,
  settings: Pick<DomainSettings, 'snooze'>,
): Applied | Refused {
  const { execution } = state;
  if (call.actorCsmId !== null && execution.csmId !== call.actorCsmId) {
    return refuse('not_yours', 'That workflow belongs to another CSM.');
  }
  if (execution.status === 'completed' || execution.status === 'abandoned') {
    const word = execution.status === 'completed' ? 'completed' : 'closed';
    return refuse('stale_target', `That workflow is already ${word}.`);
  }
  const index = call.stepIndex ?? execution.currentStep;
  const count = Math.min(execution.totalSteps, execution.steps.length);
  const stepDef = execution.steps[index];
  if (!Number.isInteger(index) || index < 0 || index >= count || !stepDef) {
    return refuse(
      'step_out_of_range',
      `This workflow has steps 1 to ${count}; there is no step ${index + 1}.`,
    );
  }
  const before = state.records.find((r) => r.index === index) ?? null;
  const label = `step ${index + 1} ${stepDef.title}`;
  const act = call.act;
  const status = before?.status ?? 'pending';
  if (act.action !== 'wake' && (status === 'completed' || status === 'skipped')) {
    return refuse('stale_target', `${cap(label)} is already ${status}.`);
  }
  const wasUntil = status === 'snoozed' ? (before?.snoozedUntil ?? null) : null;
  // Seconds of the current snooze not yet slept: a re-snooze or early resume gives them back.
  const unslept = wasUntil ? Math.max(0, (wasUntil.getTime() - now.getTime()) / 1000) : 0;
  const base: StepRecord = {
    index,
    id: stepDef.id,
    status,
    snoozedUntil: null,
    snoozeUntilEvent: null,
    snoozeCount: before?.snoozeCount ?? 0,
    totalSnoozedSeconds: (before?.totalSnoozedSeconds ?? 0) - Math.round(unslept),
    reason: null,
    escalatedTo: null,
  };
  const audit: AuditRow = {
    stepIndex: index,
    actionType: act.action,
    performedBy: call.actorCsmId,
    reason: null,
    snoozedUntil: null,
    metadata: {},
  };
  const messages: StepMessage[] = [];
  let step: StepRecord;
  switch (act.action) {
    case 'snooze': {
      const slept = (before?.totalSnoozedSeconds ?? 0) - unslept;
      if (slept > settings.snooze.rotLimitDays * DAY_S && !act.reason) {
        return refuse(
          'rot_needs_reason',
          `${cap(label)} has been snoozed for more than ${plural(settings.snooze.rotLimitDays, 'day')} in ` +
            'all: snooze it again only with a reason (e.g. /renubu snooze 2d waiting for legal), ' +
            'or skip it with a reason, or escalate it.',
        );
      }
      const seconds = Math.round((act.until.getTime() - now.getTime()) / 1000);
      step = {
        ...base,
        status: 'snoozed',
        snoozedUntil: act.until,
        snoozeUntilEvent: act.event,
        snoozeCount: base.snoozeCount + 1,
        totalSnoozedSeconds: base.totalSnoozedSeconds + seconds,
        reason: act.reason || null,
      };
      audit.reason = step.reason;
      audit.snoozedUntil = act.until;
      if (act.event) audit.metadata = { event: act.event };
      break;
    }
    case 'resume': {
      if (status !== 'snoozed' && status !== 'escalated') {
        return refuse('not_snoozed', `${cap(label)} is not snoozed: nothing to resume.`);
      }
      step = { ...base, status: 'in_progress' };
      break;
    }
    case 'skip': {
      step = { ...base, status: 'skipped', reason: act.reason };
      audit.reason = act.reason;
      break;
    }
    case 'escalate': {
      if (!state.manager) {
        return refuse('no_manager', 'You have no manager set in Renubu to escalate to.');
      }
      step = { ...base, status: 'escalated', reason: act.reason, escalatedTo: state.manager.id };
      audit.reason = act.reason;
      messages.push({
        kind: 'escalated',
        to: state.manager,
        fromName: state.csm?.name ?? null,
        reason: act.reason,
      });
      break;
    }
    case 'wake': {
      const cause = act.cause;
      const still =
        before !== null &&
        status === 'snoozed' &&
        (cause.kind === 'timer'
          ? before.snoozedUntil?.toISOString() === cause.snoozedUntil
          : before.snoozeUntilEvent === cause.until);
      if (!still || !before) {
        return refuse(
          'not_snoozed_so',
          `${cap(label)} is no longer snoozed ${cause.kind === 'timer' ? `until ${cause.snoozedUntil}` : `until ${cause.until}`}: nothing to wake.`,
        );
      }
      // Woken: the snooze ends, its count, time slept and reason stay (the wake does not give
      // back time: the snooze ran its course, or its event came).
      step = {
        ...before,
        status: 'in_progress',
        snoozedUntil: null,
        snoozeUntilEvent: null,
      };
      if (cause.kind === 'timer') {
        const rot = before.totalSnoozedSeconds > settings.snooze.rotLimitDays * DAY_S;
        audit.reason = before.reason;
        audit.snoozedUntil = before.snoozedUntil;
        audit.metadata = { snoozedUntil: cause.snoozedUntil, rot };
        if (state.csm) {
          messages.push({
            kind: 'woken',
            to: state.csm,
            snoozedUntil: cause.snoozedUntil,
            reason: before.reason,
            rot,
          });
        }
      } else {
        audit.reason = cause.reason;
        audit.metadata = { event: cause.eventKey, until: cause.until };
        if (state.csm) {
          messages.push({
            kind: 'woken_by_event',
            to: state.csm,
            eventKey: cause.eventKey,
            reason: cause.reason,
          });
        }
      }
      break;
    }
  }
  let records = withRecord(state.records, step);
  const completesWorkflow = act.action === 'skip' && allWorked(state, records);
  const thread =
    call.thread && execution.hasThread && act.action !== 'wake'
      ? moveThread(state, records, step, call.thread)
      : null;
  if (thread?.opened) records = withRecord(records, thread.opened);
  const currentStep = thread?.currentStep ?? execution.currentStep;
  return {
    ok: true,
    state: { ...state, execution: { ...execution, currentStep }, records },
    before,
    step,
    title: stepDef.title,
    audit,
    messages,
    completesWorkflow,
    thread,
  };
}

function withRecord(records: StepRecord[], record: StepRecord): StepRecord[] {
  return [...records.filter((r) => r.index !== record.index), record].sort(
    (a, b) => a.index - b.index,
  );
}

/** A step never acted on: pending, nothing slept. */
function pendingRecord(index: number, id: StepId): StepRecord {
  return {
    index,
    id,
    status: 'pending',
    snoozedUntil: null,
    snoozeUntilEvent: null,
    snoozeCount: 0,
    totalSnoozedSeconds: 0,
    reason: null,
    escalatedTo: null,
  };
}

/**
 * The first pending step after `from`, else the first pending one, else none (`total`). A step
 * without a record is pending.
 */
export function nextPendingStep(
  records: Pick<StepRecord, 'index' | 'status'>[],
  from: number,
  total: number,
): number {
  const statusOf = (i: number) => records.find((r) => r.index === i)?.status ?? 'pending';
  const pending = Array.from({ length: total }, (_, i) => i).filter(
    (i) => statusOf(i) === 'pending',
  );
  return pending.find((i) => i > from) ?? pending[0] ?? total;
}

/**
 * The thread after `step` changed: `reopen` posts the (resumed) step again; `follow` notes the
 * change and, when the step was the current one and is no longer open, goes around it: the
 * next pending step becomes current, in progress, and is posted.
 */
function moveThread(
  state: MachineState,
  records: StepRecord[],
  step: StepRecord,
  how: ThreadFollow,
): ThreadMove {
  const { execution } = state;
  const stay: ThreadMove = {
    note: how === 'follow',
    currentStep: execution.currentStep,
    moved: false,
    percentage: 0,
    opened: null,
    post: null,
  };
  if (how === 'reopen') {
    return step.status === 'in_progress'
      ? { ...stay, post: { index: step.index, as: 'reopen' } }
      : stay;
  }
  if (execution.currentStep !== step.index || step.status === 'in_progress') return stay;
  const total = execution.totalSteps;
  const next = nextPendingStep(records, step.index, total);
  const finished = records.filter((r) => r.status === 'completed' || r.status === 'skipped');
  const nextDef = execution.steps[next];
  const opened =
    next < total && nextDef
      ? {
          ...(records.find((r) => r.index === next) ?? pendingRecord(next, nextDef.id)),
          status: 'in_progress' as const,
        }
      : null;
  return {
    note: true,
    currentStep: next,
    moved: true,
    percentage: Math.round((finished.length / total) * 100),
    opened,
    post: opened ? { index: next, as: 'next' } : null,
  };
}

/** The workflow's one state is completed: every step has a row, completed or skipped. */
function allWorked(state: MachineState, records: StepRecord[]): boolean {
  if (records.length < state.execution.totalSteps) return false;
  const steps: StepStateInput[] = records.map((r) => ({ title: r.id, status: r.status }));
  const derived = workflowState({
    execution: {
      status: state.execution.status,
      currentStep: state.execution.currentStep,
      steps,
    },
  });
  return derived.status === 'completed';
}
