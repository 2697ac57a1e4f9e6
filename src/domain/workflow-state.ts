/**
 * One workflow's state as every surface shows it (PRODUCT.md §3 end, ARCHITECTURE.md "One step
 * machine"): the morning DM, App Home, `/renubu list`, the thread header, the digest and the
 * wake-up DM all render from `workflowState`, so none of them can disagree on whether a
 * workflow is begun, which step is current, or how many steps are snoozed or escalated.
 *
 * Invariants (tested in workflow-state.test.ts):
 * - `begun` exactly when an execution exists; a begun workflow is never `new`.
 * - `completed` exactly when the workflow has steps and every one is completed or skipped; a
 *   stored "completed" with a step still open is not believed.
 * - the current step is an open step: the execution's current step while it is in progress,
 *   else the first step in progress (a resumed one), else the first pending one.
 * - a workflow is in the Snoozed section when it or any step is snoozed, in the Escalated
 *   section when any step is escalated (both at once when both hold), and Active otherwise.
 * Pure: the step states come in loaded, and time never enters.
 */
import type { StepStatus } from './step-status.ts';
import { plural } from './words.ts';

export interface StepStateInput {
  title: string;
  status: StepStatus;
  /** ISO instant, for a snoozed step. */
  snoozedUntil?: string | null;
  /** Who it went to, for an escalated step. */
  escalatedTo?: string | null;
}

export interface WorkflowStateInput {
  /** The execution, or null when the workflow was never begun. */
  execution: {
    /** workflow_executions.status; `snoozed` when the whole workflow is. */
    status: 'in_progress' | 'snoozed' | 'completed' | 'abandoned';
    /** workflow_executions.current_step (0-based; the step count when none is left). */
    currentStep: number;
    /** Every step in order, pending ones included. */
    steps: StepStateInput[];
  } | null;
  /** The whole workflow is snoozed (the instance), until this ISO instant when known. */
  workflowSnoozed?: { until: string | null } | null;
}

export interface StepRef {
  /** 0-based. */
  index: number;
  title: string;
}

export interface WorkflowState {
  begun: boolean;
  status: 'new' | 'in_progress' | 'completed';
  totalSteps: number;
  currentStep: StepRef | null;
  counts: { done: number; skipped: number; snoozed: number; escalated: number; open: number };
  snoozedSteps: (StepRef & { until: string | null })[];
  escalatedSteps: (StepRef & { to: string | null })[];
  /** The whole workflow is snoozed (until this ISO instant, when known). */
  workflowSnoozed: boolean;
  workflowSnoozedUntil: string | null;
  /** Which panel sections it counts in: Snoozed and Escalated may both hold. */
  sections: { active: boolean; snoozed: boolean; escalated: boolean };
  /** One line: `Step 3 of 4 · Save plan · 1 snoozed step · 1 escalated step`. */
  label: string;
}

const OPEN: ReadonlySet<StepStatus> = new Set(['pending', 'in_progress']);

function pickCurrent(
  steps: StepStateInput[],
  stored: number,
  status: NonNullable<WorkflowStateInput['execution']>['status'],
): StepRef | null {
  const at = (index: number): StepRef | null => {
    const step = steps[index];
    return step ? { index, title: step.title } : null;
  };
  if (status === 'completed' || status === 'abandoned') {
    // A stored end with a step still open: that step is where the work is.
    const open = steps.findIndex((s) => OPEN.has(s.status));
    return open < 0 ? null : at(open);
  }
  if (steps[stored]?.status === 'in_progress') return at(stored);
  const running = steps.findIndex((s) => s.status === 'in_progress');
  if (running >= 0) return at(running);
  const pending = steps.findIndex((s) => s.status === 'pending');
  return pending >= 0 ? at(pending) : null;
}

/** What is left, in words: `1 snoozed step · 1 escalated step`. */
function waitingWords(snoozed: number, escalated: number): string[] {
  return [
    ...(snoozed > 0 ? [plural(snoozed, 'snoozed step')] : []),
    ...(escalated > 0 ? [plural(escalated, 'escalated step')] : []),
  ];
}

/** The one state of a workflow, from its execution's step states (see the invariants above). */
export function workflowState(input: WorkflowStateInput): WorkflowState {
  const execution = input.execution;
  const steps = execution?.steps ?? [];
  const of = (status: StepStatus) => steps.filter((s) => s.status === status).length;
  const counts = {
    done: of('completed'),
    skipped: of('skipped'),
    snoozed: of('snoozed'),
    escalated: of('escalated'),
    open: of('pending') + of('in_progress'),
  };
  const snoozedSteps = steps.flatMap((s, index) =>
    s.status === 'snoozed' ? [{ index, title: s.title, until: s.snoozedUntil ?? null }] : [],
  );
  const escalatedSteps = steps.flatMap((s, index) =>
    s.status === 'escalated' ? [{ index, title: s.title, to: s.escalatedTo ?? null }] : [],
  );
  const allDone = steps.length > 0 && counts.done + counts.skipped === steps.length;
  const status = !execution ? 'new' : allDone ? 'completed' : 'in_progress';
  const currentStep =
    execution && status !== 'completed'
      ? pickCurrent(steps, execution.currentStep, execution.status)
      : null;
  const workflowSnoozed =
    status !== 'completed' && (Boolean(input.workflowSnoozed) || execution?.status === 'snoozed');
  const snoozed = status !== 'completed' && (workflowSnoozed || counts.snoozed > 0);
  const escalated = status !== 'completed' && counts.escalated > 0;
  const waiting = waitingWords(counts.snoozed, counts.escalated);
  let label: string;
  if (status === 'new') label = 'Not begun';
  else if (status === 'completed') label = `Completed · all ${plural(steps.length, 'step')}`;
  else if (currentStep) {
    label = [
      `Step ${currentStep.index + 1} of ${steps.length} · ${currentStep.title}`,
      ...waiting,
    ].join(' · ');
  } else label = `Every step worked · waiting on ${waiting.join(' and ') || 'nothing'}`;
  if (workflowSnoozed) label = `Workflow snoozed · ${label}`;
  return {
    begun: execution !== null,
    status,
    totalSteps: steps.length,
    currentStep,
    counts,
    snoozedSteps,
    escalatedSteps,
    workflowSnoozed,
    workflowSnoozedUntil: (workflowSnoozed && input.workflowSnoozed?.until) || null,
    sections: { active: status !== 'completed' && !snoozed && !escalated, snoozed, escalated },
    label,
  };
}

/** Why Mark Complete may not finish the workflow yet, in words; null when it may. */
export function completionBlocker(
  steps: StepStateInput[],
  completing: number,
): { refuse: string } | { waiting: string } | null {
  const others = steps.map((s, index) => ({ ...s, index })).filter((s) => s.index !== completing);
  const name = (s: { index: number; title: string }) => `${s.index + 1}. ${s.title}`;
  const open = others.filter((s) => OPEN.has(s.status));
  if (completing !== steps.length - 1) {
    return { refuse: 'Mark Complete belongs to the last step only; nothing was changed.' };
  }
  if (open.length > 0) {
    return {
      refuse:
        `${open.length === 1 ? 'Step' : 'Steps'} ${open.map(name).join(', ')} ` +
        `${open.length === 1 ? 'is' : 'are'} not done yet: finish or skip ` +
        `${open.length === 1 ? 'it' : 'them'} before Mark Complete. Nothing was changed.`,
    };
  }
  const waiting = others.filter((s) => s.status === 'snoozed' || s.status === 'escalated');
  return waiting.length > 0 ? { waiting: waiting.map(name).join(', ') } : null;
}
