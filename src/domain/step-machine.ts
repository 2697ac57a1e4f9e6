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
import { completionBlocker, type StepStateInput, workflowState } from './workflow-state.ts';

/**
 * Where an action came from, kept on its audit row (`workflow_step_actions.source`, PRODUCT.md
 * §11-12): a thread or card button, a submitted modal, /renubu, a Slack message, an email
 * reply, a background job (the wake-up), an incoming event.
 */
export const ACTION_SOURCES = [
  'button',
  'modal',
  'command',
  'message',
  'email',
  'job',
  'event',
] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];

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

function stepRecordSchemaPartial() {
  return stepRecordSchema.partial().required({ status: true });
}

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
  /** The workflow's CSM's last action in it (what `undo` reverts), or null. */
  lastAction?: LastAction | null;
  /** What Continue checks (the gates, ticks, decision): read from the context when present. */
  work?: StepWork | null;
}

/** What a step's gate asks before Continue. */
export type StepGate =
  | { kind: 'none' }
  | { kind: 'checklist-complete'; items: { id: string; label: string }[] }
  | { kind: 'pricing-decided' };

export interface StepWork {
  /** By step index. */
  gates: StepGate[];
  /** Ticked checklist item ids, by step index. */
  checked: Record<string, string[]>;
  /** A price is decided. */
  decided: boolean;
  /** The steps' titles as the thread shows them (Mark Complete's refusals name them). */
  titles?: string[];
}

/** A price decision (a scenario of the step's pricing artifact, or a custom change). */
export interface Decision {
  scenario: string;
  changePct: number;
  newArr: number;
}

/** Minutes within which the CSM's last action can be undone (PRODUCT.md §11). */
export const UNDO_MINUTES = 10;

/**
 * What an action's audit row keeps so it can be undone: the step before it (the fields it
 * changed; null: pending, never acted on), the execution's current step before it, and the
 * step it opened (went on to), which was pending.
 */
export interface UndoSnapshot {
  step: (Partial<StepRecord> & { status: StepStatus }) | null;
  currentStep: number;
  opened: number | null;
  /** Back: the step it left (in progress before, pending after), in progress again on undo. */
  left?: number | null;
}

export const undoSnapshotSchema = z.object({
  step: stepRecordSchemaPartial().nullable(),
  currentStep: z.number().int().min(0),
  opened: z.number().int().min(0).nullable(),
  left: z.number().int().min(0).nullable().optional(),
});

/** The CSM's last audit row in the workflow, as loaded. */
export interface LastAction {
  id: number;
  stepIndex: number | null;
  actionType: string;
  at: Date;
  /** Null when the row keeps no snapshot (an action that cannot be undone). */
  undo: UndoSnapshot | null;
}

export type WakeCause =
  | { kind: 'timer'; snoozedUntil: string }
  | { kind: 'event'; until: SnoozeEvent; reason: string; eventKey: string };

export type MachineAction =
  | { action: 'snooze'; until: Date; event: SnoozeEvent | null; reason: string }
  | { action: 'skip'; reason: string }
  | { action: 'escalate'; reason: string | null }
  | { action: 'resume' }
  | { action: 'wake'; cause: WakeCause }
  | { action: 'undo' }
  | { action: 'back' }
  | WorkAction;

/** An action on one step's state (not undo or back, not a thread button's work). */
type StepAction = Exclude<MachineAction, WorkAction | { action: 'undo' } | { action: 'back' }>;

/**
 * Working through a thread's step (its buttons): tick the checklist, Continue (the gate, then
 * complete and go on), accept a price (null: no such scenario on the step) and go on; finish
 * a step its own door worked (the quote uploaded, the email sent or saved): complete it with
 * what the door did (`metadata`) and go on, no gate asked, no undo (an email stays sent);
 * Mark Complete (`complete`, the last step only): the workflow is done, or waits for its
 * snoozed and escalated steps.
 */
export type WorkAction =
  | { action: 'tick'; ticked: string[] }
  | { action: 'continue' }
  | { action: 'accept'; decided: Decision | null }
  | { action: 'finish'; metadata: Record<string, unknown> }
  | { action: 'complete' };

const WORK_ACTIONS: ReadonlySet<string> = new Set([
  'tick',
  'continue',
  'accept',
  'finish',
  'complete',
]);

/** A thread's work on its open step (not a step's own state change). */
export function isWorkAction(act: MachineAction): act is WorkAction {
  return WORK_ACTIONS.has(act.action);
}

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
  /** The progress changed without a move (a step completed around the current one). */
  progressed?: boolean;
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
  | 'not_snoozed_so'
  | 'nothing_to_undo'
  | 'too_late_to_undo'
  | 'changed_since'
  | 'nothing_before'
  | 'gate';

export interface AuditRow {
  stepIndex: number;
  actionType: Exclude<MachineAction['action'], WorkAction['action']> | 'complete' | 'start';
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
  /** Null for a change that keeps no audit row (checklist ticks). */
  audit: AuditRow | null;
  /** What the context keeps of the work: the step's ticks, the decided price. */
  work: { checked?: string[]; decided?: Decision } | null;
  messages: StepMessage[];
  /** Every step is now completed or skipped: the execution and its instance complete. */
  completesWorkflow: boolean;
  /** Undo: the step the undone action had opened, pending again (written with the step). */
  reverted: StepRecord | null;
  /** How the thread follows, when the door asked and the workflow has a thread. */
  thread: ThreadMove | null;
  /**
   * Mark Complete: the execution's status now (completed, or in progress while `waiting`
   * names the snoozed or escalated steps still to work, e.g. "3. Pricing, 4. Quote").
   */
  finished?: { status: 'completed' | 'in_progress'; waiting: string | null };
}

export interface Refused {
  ok: false;
  problem: StepProblem;
  /** The click reached an open step (it counts as one in the metrics). */
  counted?: boolean;
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
  const work = call.act;
  if (isWorkAction(work)) {
    const closed = openStepRefusal(state, call);
    return closed ?? applyWork(state, call, work);
  }
  if (call.actorCsmId !== null && execution.csmId !== call.actorCsmId) {
    return refuse('not_yours', 'That workflow belongs to another CSM.');
  }
  if (execution.status === 'completed' || execution.status === 'abandoned') {
    const word = execution.status === 'completed' ? 'completed' : 'closed';
    return refuse('stale_target', `That workflow is already ${word}.`);
  }
  if (call.act.action === 'undo') return applyUndo(state, call, now);
  if (call.act.action === 'back') return applyBack(state, call);
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
  const act = call.act as StepAction;
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
  if (act.action !== 'wake' && call.actorCsmId !== null) {
    // What an undo needs: the step before, the current step before, the step opened.
    const undo: UndoSnapshot = {
      step: before,
      currentStep: execution.currentStep,
      opened: thread?.opened?.index ?? null,
    };
    audit.metadata = { ...audit.metadata, undo };
  }
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
    reverted: null,
    work: null,
  };
}

/** What a step's gate still asks (every checklist item ticked; a price decided), or null. */
export function gateProblem(work: StepWork, stepIndex: number): string | null {
  const gate = work.gates[stepIndex];
  if (gate?.kind === 'checklist-complete') {
    const ticked = new Set(work.checked[String(stepIndex)] ?? []);
    const missing = gate.items.filter((i) => !ticked.has(i.id));
    if (missing.length > 0) {
      return `Tick every item first: ${missing.map((i) => i.label).join(', ')}.`;
    }
  }
  if (gate?.kind === 'pricing-decided' && !work.decided) {
    return 'Accept a scenario or set a price first.';
  }
  return null;
}

/**
 * Why a thread's work may not touch the step `call` names, in the buttons' words, or null: it
 * is the CSM's own workflow, still open, and the step is open (in progress: the current one,
 * or one the CSM went around and resumed).
 */
export function openStepRefusal(
  state: MachineState,
  call: Pick<MachineCall, 'stepIndex' | 'actorCsmId'>,
): Refused | null {
  const { execution } = state;
  if (execution.csmId !== call.actorCsmId) {
    return refuse(
      'not_yours',
      'That button belongs to a workflow that is not yours; nothing was changed.',
    );
  }
  if (execution.status === 'completed' || execution.status === 'abandoned') {
    return refuse(
      'stale_target',
      `This workflow is already ${execution.status}; nothing was changed.`,
    );
  }
  const index = call.stepIndex ?? execution.currentStep;
  const status = state.records.find((r) => r.index === index)?.status;
  if (status !== 'in_progress' || !execution.steps[index]) {
    return refuse(
      'stale_target',
      `Step ${index + 1} is ${status === 'completed' ? 'already done' : 'not open now'}; the thread's latest step is where to go on. Nothing was changed.`,
    );
  }
  return null;
}

/**
 * A thread's work on an open step ({@link openStepRefusal} said it is). Tick keeps the ticks;
 * Continue checks the gate; accept decides the price; finish keeps what the step's door did;
 * each then completes the step: when it was the current one the next pending step opens (the
 * current step moves), else only the progress follows and, with nothing left open, the
 * workflow completes.
 */
function applyWork(state: MachineState, call: MachineCall, act: WorkAction): Applied | Refused {
  const { execution } = state;
  const index = call.stepIndex ?? execution.currentStep;
  const before = state.records.find((r) => r.index === index);
  const stepDef = execution.steps[index];
  if (!before || !stepDef) throw new Error(`step ${index + 1} is not open`);
  const counted = (problem: StepProblem, refusal: string): Refused => ({
    ok: false,
    problem,
    refusal,
    counted: true,
  });
  const base = {
    ok: true as const,
    before,
    title: stepDef.title,
    messages: [],
    reverted: null,
  };
  if (act.action === 'tick') {
    return {
      ...base,
      state,
      step: before,
      audit: null,
      work: { checked: [...new Set(act.ticked)] },
      completesWorkflow: false,
      thread: null,
    };
  }
  const work = state.work ?? { gates: [], checked: {}, decided: false };
  if (act.action === 'complete') return applyComplete(state, index, work, counted);
  let decided: Decision | undefined;
  if (act.action === 'accept') {
    if (!act.decided) return counted('gate', 'That pricing scenario is not on this step.');
    decided = act.decided;
  } else if (act.action === 'continue') {
    const problem = gateProblem(work, index);
    if (problem) return counted('gate', problem);
  }
  const step: StepRecord = { ...before, status: 'completed' };
  let records = withRecord(state.records, step);
  const total = execution.totalSteps;
  const finished = records.filter((r) => r.status === 'completed' || r.status === 'skipped');
  const percentage = Math.round((finished.length / total) * 100);
  const around = execution.currentStep !== index;
  const next = around ? execution.currentStep : nextPendingStep(records, index, total);
  const nextDef = execution.steps[next];
  const opened =
    !around && next < total && nextDef
      ? {
          ...(records.find((r) => r.index === next) ?? pendingRecord(next, nextDef.id)),
          status: 'in_progress' as const,
        }
      : null;
  if (opened) records = withRecord(records, opened);
  const thread: ThreadMove = {
    note: false,
    currentStep: next,
    moved: !around,
    progressed: around,
    percentage,
    opened,
    post: opened ? { index: next, as: 'next' } : null,
  };
  // A plain Continue can be undone; a decided price stays decided.
  const undo: UndoSnapshot = {
    step: { status: 'in_progress' },
    currentStep: execution.currentStep,
    opened: opened?.index ?? null,
  };
  return {
    ...base,
    state: { ...state, execution: { ...execution, currentStep: next }, records },
    step,
    audit: {
      stepIndex: index,
      actionType: 'complete',
      performedBy: call.actorCsmId,
      reason: null,
      snoozedUntil: null,
      // a finished step keeps what its door did; it cannot be undone (an email stays sent)
      metadata: act.action === 'finish' ? act.metadata : decided ? { decided } : { undo },
    },
    work: decided ? { decided } : null,
    // Every step done or skipped around the current one: the last one only by Mark Complete.
    completesWorkflow: around && finished.length === total,
    thread,
  };
}

/**
 * Mark Complete on the open step `index`: only the last step, only when no other step is
 * pending or in progress, only past its gate (refused in words, counted as a click). The step
 * completes; the workflow completes with it, or stays in progress while snoozed or escalated
 * steps wait (a later step's completion finishes it). The current step stays; the thread's
 * parent shows every step behind it, at 100%.
 */
function applyComplete(
  state: MachineState,
  index: number,
  work: StepWork,
  counted: (problem: StepProblem, refusal: string) => Refused,
): Applied | Refused {
  const { execution } = state;
  const statusOf = (i: number) => state.records.find((r) => r.index === i)?.status ?? 'pending';
  const titled = execution.steps.map((s, i) => ({
    title: work.titles?.[i] ?? s.title,
    status: statusOf(i),
  }));
  const blocker = completionBlocker(titled, index);
  if (blocker && 'refuse' in blocker) return counted('gate', blocker.refuse);
  const gate = gateProblem(work, index);
  if (gate) return counted('gate', `${gate} Nothing was changed.`);
  const before = state.records.find((r) => r.index === index)!;
  const step: StepRecord = { ...before, status: 'completed' };
  const records = withRecord(state.records, step);
  return {
    ok: true,
    state: { ...state, records },
    before,
    step,
    title: execution.steps[index]!.title,
    audit: {
      stepIndex: index,
      actionType: 'complete',
      performedBy: state.execution.csmId,
      reason: null,
      snoozedUntil: null,
      metadata: {},
    },
    work: null,
    messages: [],
    completesWorkflow: false,
    reverted: null,
    thread: {
      note: true,
      currentStep: execution.totalSteps,
      moved: false,
      percentage: 100,
      opened: null,
      post: null,
    },
    finished: blocker
      ? { status: 'in_progress', waiting: blocker.waiting }
      : { status: 'completed', waiting: null },
  };
}

/** What each undoable action left its step in. */
const UNDOABLE: Record<string, { after: StepStatus; did: string }> = {
  snooze: { after: 'snoozed', did: 'snoozed' },
  skip: { after: 'skipped', did: 'skipped' },
  escalate: { after: 'escalated', did: 'escalated' },
  resume: { after: 'in_progress', did: 'resumed' },
  complete: { after: 'completed', did: 'completed' },
  back: { after: 'in_progress', did: 'went back to' },
};

/**
 * Back (PRODUCT.md §11): the step before the current one, completed or skipped, is open again
 * and current; the step left, when it was in progress, is pending again (its ticks and price
 * stay in the context). A snoozed or escalated step before is resumed, not gone back to.
 */
function applyBack(state: MachineState, call: MachineCall): Applied | Refused {
  const { execution } = state;
  const from = execution.currentStep;
  const index = from - 1;
  const stepDef = execution.steps[index];
  if (index < 0 || !stepDef) {
    return refuse('nothing_before', 'This is step 1: there is no step before it to go back to.');
  }
  const label = `step ${index + 1} ${stepDef.title}`;
  const before = state.records.find((r) => r.index === index) ?? null;
  const status = before?.status ?? 'pending';
  if (status === 'snoozed' || status === 'escalated') {
    return refuse(
      'nothing_before',
      `${cap(label)} is ${status}: resume it instead (e.g. “resume ${index + 1}”).`,
    );
  }
  const step: StepRecord = {
    ...(before ?? pendingRecord(index, stepDef.id)),
    status: 'in_progress',
    reason: null,
  };
  const leftNow = state.records.find((r) => r.index === from) ?? null;
  const left =
    leftNow?.status === 'in_progress' ? { ...leftNow, status: 'pending' as const } : null;
  let records = withRecord(state.records, step);
  if (left) records = withRecord(records, left);
  const finished = records.filter((r) => r.status === 'completed' || r.status === 'skipped');
  const thread: ThreadMove | null = execution.hasThread
    ? {
        note: call.thread === 'follow',
        currentStep: index,
        moved: true,
        percentage: Math.round((finished.length / execution.totalSteps) * 100),
        opened: null,
        post: { index, as: 'reopen' },
      }
    : null;
  const undo: UndoSnapshot = {
    step: before,
    currentStep: from,
    opened: null,
    left: left ? from : null,
  };
  return {
    ok: true,
    state: { ...state, execution: { ...execution, currentStep: index }, records },
    before,
    step,
    title: stepDef.title,
    audit: {
      stepIndex: index,
      actionType: 'back',
      performedBy: call.actorCsmId,
      reason: null,
      snoozedUntil: null,
      metadata: call.actorCsmId === null ? { from } : { from, undo },
    },
    messages: [],
    completesWorkflow: false,
    thread,
    reverted: left,
    work: null,
  };
}

/**
 * Undo the CSM's last action in the workflow (snooze, skip, escalate, resume, continue) when
 * it is at most {@link UNDO_MINUTES} old and nothing changed the step since: the step gets its
 * state before back, and when the action went on to another step, the thread goes back too
 * (that step pending again, the current step the one before).
 */
function applyUndo(state: MachineState, call: MachineCall, now: Date): Applied | Refused {
  const { execution } = state;
  const last = state.lastAction ?? null;
  if (!last) {
    return refuse(
      'nothing_to_undo',
      'There is nothing to undo: you have not changed a step of this workflow yet.',
    );
  }
  if (last.actionType === 'undo') {
    return refuse(
      'nothing_to_undo',
      'Your last change was already undone; nothing more to undo. Change the step from its menu instead.',
    );
  }
  const kind = UNDOABLE[last.actionType];
  const index = last.stepIndex;
  const stepDef = index === null ? undefined : execution.steps[index];
  if (!kind || !last.undo || index === null || !stepDef) {
    const what = last.actionType === 'start' ? 'beginning the workflow' : last.actionType;
    return refuse(
      'nothing_to_undo',
      `Your last action here (${what.replace('_', ' ')}) cannot be undone; nothing was changed.`,
    );
  }
  const label = `step ${index + 1} ${stepDef.title}`;
  const minutes = Math.floor((now.getTime() - last.at.getTime()) / 60_000);
  if (now.getTime() - last.at.getTime() > UNDO_MINUTES * 60_000) {
    return refuse(
      'too_late_to_undo',
      `You ${kind.did} ${label} ${plural(minutes, 'minute')} ago: undo works only within ` +
        `${UNDO_MINUTES} minutes. Change the step from its menu instead.`,
    );
  }
  const current = state.records.find((r) => r.index === index) ?? null;
  const status = current?.status ?? 'pending';
  const snap = last.undo;
  const openedNow =
    snap.opened === null ? null : (state.records.find((r) => r.index === snap.opened) ?? null);
  if (status !== kind.after) {
    return refuse(
      'changed_since',
      `${cap(label)} changed after you ${kind.did} it (it is ${status.replace('_', ' ')} now); nothing was undone.`,
    );
  }
  if (
    snap.opened !== null &&
    (openedNow?.status !== 'in_progress' || execution.currentStep !== snap.opened)
  ) {
    return refuse(
      'changed_since',
      `The workflow went on after you ${kind.did} ${label}; nothing was undone. Change the step from its menu instead.`,
    );
  }
  const step: StepRecord = {
    ...(current ?? pendingRecord(index, stepDef.id)),
    ...(snap.step ?? pendingRecord(index, stepDef.id)),
    index,
    id: stepDef.id,
  };
  const leftIndex = snap.left ?? null;
  const leftNow =
    leftIndex === null ? null : (state.records.find((r) => r.index === leftIndex) ?? null);
  if (leftIndex !== null && (leftNow?.status !== 'pending' || execution.currentStep !== index)) {
    return refuse(
      'changed_since',
      `The workflow went on after you ${kind.did} ${label}; nothing was undone. Change the step from its menu instead.`,
    );
  }
  const reverted = openedNow
    ? { ...openedNow, status: 'pending' as const }
    : leftNow
      ? { ...leftNow, status: 'in_progress' as const }
      : null;
  let records = withRecord(state.records, step);
  if (reverted) records = withRecord(records, reverted);
  const moves = execution.hasThread && (call.thread || snap.currentStep !== execution.currentStep);
  const finished = records.filter((r) => r.status === 'completed' || r.status === 'skipped');
  const thread: ThreadMove | null = moves
    ? {
        note: call.thread === 'follow',
        currentStep: snap.currentStep,
        moved: snap.currentStep !== execution.currentStep,
        percentage: Math.round((finished.length / execution.totalSteps) * 100),
        opened: null,
        // undoing a back: the step it left is open again, posted again in the thread
        post: leftNow ? { index: leftNow.index, as: 'reopen' } : null,
      }
    : null;
  const currentStep = thread?.currentStep ?? execution.currentStep;
  return {
    ok: true,
    state: { ...state, execution: { ...execution, currentStep }, records },
    before: current,
    step,
    title: stepDef.title,
    audit: {
      stepIndex: index,
      actionType: 'undo',
      performedBy: call.actorCsmId,
      reason: null,
      snoozedUntil: null,
      metadata: { undid: last.id, action: last.actionType },
    },
    messages: [],
    completesWorkflow: false,
    thread,
    reverted,
    work: null,
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

/** Let's Begin decided: the new execution's first state, its `start` row, the instance's. */
export interface Begun {
  ok: true;
  execution: { status: 'in_progress'; currentStep: 0; percentage: 0 };
  /** Every step: the first in progress, the others pending. */
  records: StepRecord[];
  audit: Omit<AuditRow, 'actionType'> & { actionType: 'start' };
  instanceStatus: 'in_progress';
}

/** What Let's Begin says when the card's workflow is not the CSM's to begin (any more). */
export const NOT_OPEN_TO_BEGIN = 'That workflow is no longer open; your Home tab shows what is.';

type BeginInstance = { id: number; csmId: number; status: string } | null;

/**
 * Why the CSM may not begin this instance (null: no such instance), or null: only their own,
 * only while it is open (open, in progress or snoozed). A door asks before composing.
 */
export function beginRefusal(instance: BeginInstance, actorCsmId: number): Refused | null {
  const open = ['open', 'in_progress', 'snoozed'];
  if (!instance || instance.csmId !== actorCsmId || !open.includes(instance.status)) {
    return refuse('stale_target', NOT_OPEN_TO_BEGIN);
  }
  return null;
}

/**
 * Let's Begin on a workflow card: {@link beginRefusal}, and only with steps to work. The execution
 * starts in progress at its first step, 0% done; the instance is in progress. An instance
 * with an execution under way is the caller's to return (idempotent), before this.
 */
export function applyBegin(
  instance: BeginInstance,
  call: { actorCsmId: number; stepIds: StepId[]; definitionId: number },
): Begun | Refused {
  const closed = beginRefusal(instance, call.actorCsmId);
  if (closed || !instance) return closed ?? refuse('stale_target', NOT_OPEN_TO_BEGIN);
  if (call.stepIds.length === 0) {
    return refuse('step_out_of_range', 'This workflow has no steps to begin; nothing was changed.');
  }
  const records = call.stepIds.map((id, index) => ({
    ...pendingRecord(index, id),
    status: index === 0 ? ('in_progress' as const) : ('pending' as const),
  }));
  return {
    ok: true,
    execution: { status: 'in_progress', currentStep: 0, percentage: 0 },
    records,
    audit: {
      stepIndex: 0,
      actionType: 'start',
      performedBy: call.actorCsmId,
      reason: null,
      snoozedUntil: null,
      metadata: { instanceId: instance.id, definitionId: call.definitionId },
    },
    instanceStatus: 'in_progress',
  };
}

/** The whole workflow snoozed (its card's Snooze): the execution, not one of its steps. */
export interface WorkflowSnoozed {
  ok: true;
  execution: { status: 'snoozed'; snoozedUntil: Date };
  audit: Omit<AuditRow, 'stepIndex' | 'actionType'> & {
    stepIndex: null;
    actionType: 'snooze_workflow';
  };
}

/**
 * Snooze a whole workflow until `until`: its execution is snoozed, its steps keep their
 * states (each step's own snooze and wake-up stay as they are). Only the CSM's own open
 * workflow, only until a time still ahead.
 */
export function applyWorkflowSnooze(
  execution: Pick<MachineState['execution'], 'csmId' | 'status'>,
  call: { actorCsmId: number; until: Date; reason: string | null; instanceId: number },
  now: Date,
): WorkflowSnoozed | Refused {
  if (execution.csmId !== call.actorCsmId) {
    return refuse('not_yours', 'That workflow belongs to another CSM.');
  }
  if (execution.status === 'completed' || execution.status === 'abandoned') {
    const word = execution.status === 'completed' ? 'completed' : 'closed';
    return refuse('stale_target', `That workflow is already ${word}.`);
  }
  if (!(call.until.getTime() > now.getTime())) {
    return refuse(
      'stale_target',
      'That time is already past: snooze the workflow until a later date or time.',
    );
  }
  return {
    ok: true,
    execution: { status: 'snoozed', snoozedUntil: call.until },
    audit: {
      stepIndex: null,
      actionType: 'snooze_workflow',
      performedBy: call.actorCsmId,
      reason: call.reason,
      snoozedUntil: call.until,
      metadata: { instanceId: call.instanceId },
    },
  };
}
