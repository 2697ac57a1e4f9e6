/**
 * The one step service (ARCHITECTURE.md "One step machine"): load a workflow's state (one
 * query, the execution locked), apply the pure machine (src/domain/step-machine.ts), then write
 * the step's new state, the audit row (workflow_step_actions) and the messages (outbox) in the
 * same transaction. The step-state trigger keeps the execution's snooze flags. Every door that
 * changes a step (commands, buttons, modals, wake-ups, events) calls this; scheduling a wake-up
 * job stays the caller's, right after the commit.
 */
import { z } from 'zod';
import { ACTION, stepValue } from '../../blocks/action-ids.ts';
import { escapeMrkdwn, instantInWords, plural } from '../../blocks/format.ts';
import { findSlide } from '../../slides/registry.ts';
import type { Sql, TransactionSql } from '../db/connection.ts';
import {
  bumpMetrics,
  completeRemainingExecution,
  finishExecution,
  finishMetrics,
  saveContext,
  setInstanceStatus,
} from '../db/executions.ts';
import { enqueue } from '../db/outbox.ts';
import {
  insertStepAction,
  loadMachineRow,
  type MachineRow,
  writeStepState,
} from '../db/step-states.ts';
import { executionStateInput, loadExecutionStates } from '../db/work-queue.ts';
import { type DomainSettings, resolveSettings } from '../domain/index.ts';
import {
  type ActionSource,
  type Applied,
  applyStepAction,
  type Decision,
  isWorkAction,
  type MachineAction,
  type MachineState,
  openStepRefusal,
  type Person,
  type Refused,
  type StepId,
  type StepMessage,
  stepIdsOfContext,
  stepRecordSchema,
  type ThreadFollow,
  toStepId,
  undoSnapshotSchema,
  type WorkAction,
} from '../domain/step-machine.ts';
import { workflowState } from '../domain/workflow-state.ts';
import { rehydrateAfterDecision } from './price.ts';
import { stepNote, threadOf, writeThreadMove } from './step-thread.ts';
import type { ExecutionContext } from './thread-messages.ts';

export const ESCALATE_KIND = 'step_escalated';
/** The snooze-wakeup DM (a timer ran out). */
export const WAKE_KIND = 'step_wake';
/** The DM of a step woken by an event (events/wake.ts). */
export const WAKE_OUTBOX_KIND = 'step_woken';

export function wakeOutboxKey(d: {
  executionId: number;
  stepIndex: number;
  snoozedUntil: string;
}): string {
  return `wake:${d.executionId}:${d.stepIndex}:${d.snoozedUntil}`;
}

export interface StepTarget {
  executionId: number;
  /** 0-based; null: the execution's current step. */
  stepIndex: number | null;
  /** Who acts: the execution's CSM, or null for Renubu itself (a job, an event). */
  actorCsmId: number | null;
  now: Date;
  /** Where the action came from: the door says it, the audit row keeps it. */
  source: ActionSource;
  /** The door asks the thread to follow, in the action's transaction (step-thread.ts). */
  thread?: ThreadFollow | undefined;
}

export interface StepChange {
  action: MachineAction['action'];
  executionId: number;
  companyId: number;
  csmId: number;
  stepIndex: number;
  stepId: StepId;
  stepTitle: string;
  customerName: string;
  /** The step's snoozed_until before and after (the wake-up job moves or goes with it). */
  previousUntil: Date | null;
  snoozedUntil: Date | null;
  reason: string | null;
  actionId: number;
  escalatedTo: { id: number; name: string } | null;
  /** The thread followed (a note, the step posted, the parent updated) in this transaction. */
  threadMoved: boolean;
}

export type StepOutcome =
  | { ok: true; change: StepChange; applied: Applied; settings: DomainSettings }
  | Refused;

const GONE: Refused = {
  ok: false,
  problem: 'stale_target',
  refusal: 'That workflow no longer exists.',
};

/**
 * What a door asks of one step through runStepAction; Mark Complete and a step's own
 * completion have their own entries (runWorkAction, runOpenStep, finishStepIn), which bring
 * what they write besides.
 */
export type DoorAction = Exclude<MachineAction, { action: 'complete' | 'finish' }>;

/** One action on one step, in its own transaction. */
export async function runStepAction(
  sql: Sql,
  target: StepTarget,
  act: DoorAction,
): Promise<StepOutcome> {
  return sql.begin((tx) => runStepActionIn(tx, target, act));
}

/** One action on one step, inside the caller's transaction (an event's, say). */
export async function runStepActionIn(
  tx: TransactionSql,
  target: StepTarget,
  act: DoorAction,
): Promise<StepOutcome> {
  const row = await loadMachineRow(tx, target.executionId);
  if (!row) return GONE;
  return applyAndWrite(tx, row, target, act);
}

/**
 * A thread button's work on a step: tick, Continue, accept or set a price, Mark Complete (on
 * the last step; `writes` adds what completing a workflow leaves behind: tasks, renewal,
 * outcome).
 */
export type WorkRequest =
  | { action: 'tick'; ticked: string[] }
  | { action: 'continue' }
  | { action: 'accept'; choice: { scenario: string } | { pct: number; newArr: number } }
  | { action: 'complete'; writes: CompletionWrites };

/** A thread button's work, in one transaction, through the machine. */
export function runWorkAction(
  sql: Sql,
  target: Omit<StepTarget, 'thread'>,
  request: WorkRequest,
): Promise<StepOutcome> {
  return sql.begin(async (tx) => {
    const row = await loadMachineRow(tx, target.executionId);
    if (!row) return GONE;
    if (request.action === 'complete') {
      return applyAndWrite(tx, row, target, { action: 'complete' }, request.writes);
    }
    const act: WorkAction =
      request.action === 'accept'
        ? { action: 'accept', decided: decision(row, target.stepIndex, request.choice) }
        : request;
    return applyAndWrite(tx, row, target, act);
  });
}

/**
 * What a step's own door did on its open step (the email composer): the context to keep and,
 * unless null, what the step completes with (its audit row's metadata); or why not, in words.
 */
export type OpenStepWork =
  | { ok: false; reason: string }
  | { ok: true; context: ExecutionContext; finish: Record<string, unknown> | null };

/**
 * A step's own door on its open step, in one transaction on the locked execution: the machine
 * says whether the step is open (in the buttons' words; a click counted when it is), the door
 * does its work (an outbox row, a timeline row), then the step completes through the machine
 * (`finish`: it goes on as Continue does) or stays open with the context kept.
 */
export function runOpenStep(
  sql: Sql,
  target: Omit<StepTarget, 'thread'>,
  work: (tx: TransactionSql, row: MachineRow) => Promise<OpenStepWork>,
): Promise<{ ok: true } | Refused> {
  return sql.begin(async (tx) => {
    const row = await loadMachineRow(tx, target.executionId);
    if (!row) return GONE;
    const closed = openStepRefusal(machineState(row, target.now), target);
    if (closed) return closed;
    await bumpMetrics(tx, row.id, { clicks: 1 });
    const done = await work(tx, row);
    if (!done.ok) return { ok: false, problem: 'gate', refusal: done.reason };
    if (done.finish === null) {
      await saveContext(tx, row.id, done.context, target.now);
      return { ok: true };
    }
    const outcome = await finishWith(tx, row, target, done.context, done.finish);
    return outcome.ok ? { ok: true } : outcome;
  });
}

/**
 * Complete an open step its own door worked (the quote's upload recorded), inside the
 * caller's transaction: the context the door made, the audit row with what it did.
 */
export async function finishStepIn(
  tx: TransactionSql,
  target: Omit<StepTarget, 'thread'>,
  context: ExecutionContext,
  metadata: Record<string, unknown>,
): Promise<StepOutcome> {
  const row = await loadMachineRow(tx, target.executionId);
  if (!row) return GONE;
  return finishWith(tx, row, target, context, metadata);
}

function finishWith(
  tx: TransactionSql,
  row: MachineRow,
  target: Omit<StepTarget, 'thread'>,
  context: ExecutionContext,
  metadata: Record<string, unknown>,
): Promise<StepOutcome> {
  return applyAndWrite(tx, { ...row, context }, target, { action: 'finish', metadata });
}

/** The decision a choice makes on the step: a scenario of its pricing artifact, or custom. */
function decision(
  row: MachineRow,
  stepIndex: number | null,
  choice: { scenario: string } | { pct: number; newArr: number },
): Decision | null {
  if (!('scenario' in choice)) {
    return { scenario: 'custom', changePct: choice.pct, newArr: choice.newArr };
  }
  const ctx = row.context as ExecutionContext;
  const step = ctx.steps?.[stepIndex ?? row.current_step];
  const pricing = step?.artifacts.find((a) => a.kind === 'pricing');
  const s =
    pricing?.kind === 'pricing'
      ? pricing.scenarios.find((x) => x.name === choice.scenario)
      : undefined;
  return s ? { scenario: s.name, changePct: s.changePct, newArr: s.newArr } : null;
}

/**
 * Mark Complete's own writes (the follow-up tasks, the renewal), made once the machine agreed
 * and before the step's: the outcome the execution and the audit row keep, the ARR change the
 * metrics keep, and the thread's note.
 */
export interface Completion {
  outcome: Record<string, unknown>;
  arrChange: number | null;
  note: string;
}

export type CompletionWrites = (
  tx: TransactionSql,
  row: MachineRow,
  finished: NonNullable<Applied['finished']>,
) => Promise<Completion>;

async function applyAndWrite(
  tx: TransactionSql,
  row: MachineRow,
  target: StepTarget,
  act: MachineAction,
  completing?: CompletionWrites,
): Promise<StepOutcome> {
  const state = machineState(row, target.now);
  const settings = resolveSettings(row.company_settings ?? {});
  const call = {
    stepIndex: target.stepIndex,
    actorCsmId: target.actorCsmId,
    act,
    thread: target.thread,
  };
  const applied = applyStepAction(state, call, target.now, settings);
  // a click on the thread's buttons (a step's own door counts its own: `finish`)
  const isClick = isWorkAction(act) && act.action !== 'finish';
  if ((applied.ok && isClick) || (!applied.ok && applied.counted)) {
    await bumpMetrics(tx, row.id, { clicks: 1 });
  }
  if (!applied.ok) return applied;
  const { step, finished } = applied;
  const completion = finished && completing ? await completing(tx, row, finished) : null;
  const audit =
    applied.audit && completion
      ? { ...applied.audit, metadata: { ...applied.audit.metadata, outcome: completion.outcome } }
      : applied.audit;
  const write = (record: typeof step) =>
    writeStepState(tx, {
      companyId: row.company_id,
      executionId: row.id,
      step: record,
      now: target.now,
    });
  if (audit) await write(step);
  if (applied.thread?.opened) await write(applied.thread.opened);
  if (applied.reverted) await write(applied.reverted);
  const actionId = audit
    ? await insertStepAction(tx, {
        companyId: row.company_id,
        executionId: row.id,
        stepIndex: audit.stepIndex,
        actionType: audit.actionType,
        performedBy: audit.performedBy,
        reason: audit.reason,
        snoozedUntil: audit.snoozedUntil,
        metadata: audit.metadata,
        source: target.source,
        now: target.now,
      })
    : null;
  const manager = step.status === 'escalated' && act.action === 'escalate' ? state.manager : null;
  const change: StepChange = {
    action: act.action,
    executionId: row.id,
    companyId: row.company_id,
    csmId: row.csm_id,
    stepIndex: step.index,
    stepId: step.id,
    stepTitle: applied.title,
    customerName: row.customer_name,
    previousUntil: applied.before?.status === 'snoozed' ? applied.before.snoozedUntil : null,
    snoozedUntil: step.snoozedUntil,
    reason: audit?.reason ?? null,
    actionId: actionId ?? 0,
    escalatedTo: manager ? { id: manager.id, name: manager.name } : null,
    threadMoved: false,
  };
  let ctx = row.context as ExecutionContext;
  if (applied.work?.checked) {
    // the ticks only: the step does not move, the parent stays
    const checked = { ...ctx.checked, [String(step.index)]: applied.work.checked };
    await saveContext(tx, row.id, { ...ctx, checked }, target.now);
  }
  if (applied.work?.decided) {
    // one price from here on: the steps still to come say the chosen one
    const rows = state.records.map((r) => ({ step_index: r.index, status: r.status }));
    // the scenario's name came from the step's pricing artifact (or is 'custom')
    const decided = applied.work.decided as ExecutionContext['decided'];
    ctx = rehydrateAfterDecision({ ...ctx, decided }, rows, step.index);
  }
  if (applied.thread && actionId !== null) {
    change.threadMoved = await writeThreadMove(tx, row, {
      move: applied.thread,
      ctx,
      records: applied.state.records,
      status: finished?.status ?? (applied.completesWorkflow ? 'completed' : row.status),
      actionId,
      note: completion?.note ?? stepNote(change, row.csm?.timezone ?? 'UTC'),
      now: target.now,
    });
  }
  if (finished) {
    // Mark Complete: the outcome and the metrics kept; the execution done or waiting
    const outcome = completion?.outcome ?? {};
    await finishExecution(tx, { id: row.id, status: finished.status, outcome, now: target.now });
    const seconds = Math.round((target.now.getTime() - row.started_at.getTime()) / 1000);
    await finishMetrics(tx, {
      executionId: row.id,
      seconds: Math.max(0, seconds),
      outcome: null,
      arrChange: completion?.arrChange ?? null,
      now: target.now,
    });
  } else if (applied.completesWorkflow) {
    await completeRemainingExecution(tx, row.id, target.now);
  }
  const done = applied.completesWorkflow || finished?.status === 'completed';
  if (done && row.workflow_instance_id !== null) {
    await setInstanceStatus(tx, row.workflow_instance_id, 'completed', target.now);
  }
  for (const message of applied.messages) {
    await enqueueMessage(tx, row, applied, message, actionId ?? 0, target.now);
  }
  return { ok: true, applied, settings, change };
}

const personSchema = z.object({ id: z.number().int(), name: z.string(), recipient: z.string() });
const lastActionSchema = z.object({
  id: z.number().int(),
  stepIndex: z.number().int().nullable(),
  actionType: z.string(),
  at: z.coerce.date(),
  undo: undoSnapshotSchema.nullable().catch(null),
});

/** The loaded row as the machine reads it: JSON parsed with zod, step ids typed. */
function machineState(row: MachineRow, now: Date): MachineState {
  const records = stepRecordSchema.array().parse(row.steps);
  const csm = personSchema.nullable().parse(row.csm);
  const manager = personSchema.nullable().parse(row.manager);
  const lastAction = lastActionSchema.nullable().parse(row.last_action ?? null);
  const ids: (StepId | undefined)[] = [
    ...(stepIdsOfContext(row.context_steps) ?? (row.definition_steps ?? []).map(toStepId)),
  ];
  // A step state stored at an index the context and definition do not name keeps its own id.
  for (const r of records) ids[r.index] ??= r.id;
  const steps = Array.from(ids, (id) =>
    id === undefined ? undefined : { id, title: findSlide(id)?.title ?? id },
  );
  const ctx = row.context as Partial<ExecutionContext> | null;
  const work = Array.isArray(ctx?.steps)
    ? {
        gates: ctx.steps.map((step) =>
          step.gate?.kind === 'checklist-complete'
            ? {
                kind: 'checklist-complete' as const,
                items: step.artifacts.flatMap((a) => (a.kind === 'checklist' ? a.items : [])),
              }
            : { kind: step.gate?.kind ?? ('none' as const) },
        ),
        checked: ctx.checked ?? {},
        decided: (ctx.decided ?? null) !== null,
        titles: ctx.steps.map((step) => step.title),
      }
    : null;
  return {
    execution: {
      id: row.id,
      companyId: row.company_id,
      csmId: row.csm_id,
      status: row.status,
      totalSteps: row.total_steps,
      currentStep: row.current_step,
      customerName: row.customer_name,
      steps: steps as MachineState['execution']['steps'],
      hasThread: threadOf(row, now) !== null,
    },
    records,
    csm,
    manager,
    lastAction,
    work,
  };
}

async function enqueueMessage(
  tx: TransactionSql,
  row: MachineRow,
  applied: Applied,
  message: StepMessage,
  actionId: number,
  now: Date,
): Promise<void> {
  const { step } = applied;
  const common = { channel: 'slack' as const, companyId: row.company_id, availableAt: now };
  const to = (person: Person) => person.recipient;
  if (message.kind === 'escalated') {
    const label = `step ${step.index + 1} ${applied.title}`;
    const who = message.fromName ? escapeMrkdwn(message.fromName) : 'A CSM';
    const why = message.reason ? `: ${escapeMrkdwn(message.reason)}` : '';
    await enqueue(tx, {
      ...common,
      idempotencyKey: `escalate:${row.id}:${step.index}:${actionId}`,
      kind: ESCALATE_KIND,
      recipient: to(message.to),
      payload: {
        text: `${who} escalated ${escapeMrkdwn(label)} of ${escapeMrkdwn(row.customer_name)}'s workflow to you${why}.`,
      },
    });
  } else if (message.kind === 'woken') {
    const settings = resolveSettings(row.company_settings ?? {});
    const label = `step ${step.index + 1} ${escapeMrkdwn(applied.title)}`;
    const when = instantInWords(message.snoozedUntil, row.csm?.timezone ?? 'UTC', '');
    const why = `It woke because its snooze ended (${when})${message.reason ? `: ${escapeMrkdwn(message.reason)}` : '.'}`;
    const days = Math.round(step.totalSnoozedSeconds / 86_400);
    const ask = message.rot
      ? `\nIt has been snoozed for ${plural(days, 'day')} in all. Do it now, skip it with a reason ` +
        `(/renubu skip ${step.index + 1} REASON), or escalate it: left untouched for ` +
        `${plural(settings.snooze.managerAfterDays, 'day')}, it goes to your manager.`
      : '';
    const stored = (await loadExecutionStates(tx, [row.id])).get(row.id) ?? null;
    const where = workflowState({ execution: executionStateInput(stored) }).label;
    const text = `${escapeMrkdwn(row.customer_name)}: resume snoozed ${label}. ${why}${ask}\nWorkflow now: ${where}`;
    await enqueue(tx, {
      ...common,
      idempotencyKey: wakeOutboxKey({
        executionId: row.id,
        stepIndex: step.index,
        snoozedUntil: message.snoozedUntil,
      }),
      kind: WAKE_KIND,
      recipient: to(message.to),
      payload: {
        text,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text } },
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                action_id: ACTION.resumeStep,
                text: { type: 'plain_text', text: message.rot ? 'Do it now' : 'Resume step' },
                value: stepValue(row.id, step.index),
                style: 'primary',
              },
            ],
          },
        ],
      },
    });
  } else {
    // Slack reads the DM's text as mrkdwn: the name and the event's ids must neither ping nor link.
    await enqueue(tx, {
      ...common,
      idempotencyKey: `wake:${row.id}:${step.index}:${message.eventKey}`,
      kind: WAKE_OUTBOX_KIND,
      recipient: to(message.to),
      payload: {
        executionId: row.id,
        csmId: row.csm_id,
        stepIndex: step.index,
        stepId: step.id,
        customerId: row.customer_external_id,
        customerName: row.customer_name,
        reason: message.reason,
        text: `${escapeMrkdwn(row.customer_name)}: step ${step.id} woke: ${escapeMrkdwn(message.reason)}`,
      },
    });
  }
}
