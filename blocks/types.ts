/**
 * What the Block Kit builders render: plain data loaded by the services (src/db, src/engine)
 * and turned into Block Kit by the pure functions in blocks/. No database, Slack or clock
 * here. Money in currency units, dates as YYYY-MM-DD, instants as ISO strings.
 */
import type { WorkflowState } from '../src/domain/workflow-state.ts';

/** One open workflow of a CSM, with what Slack shows about it. */
export interface WorkItem {
  /** workflow_instances.id: buttons carry it. */
  instanceId: number;
  /** Customer external id. */
  customerId: string;
  customerName: string;
  /** Workflow type, e.g. `strategic-planning` (PRODUCT.md §3). */
  type: string;
  /** Renewal stage, or null without a contract. */
  stage: string | null;
  priorityScore: number;
  arr: number;
  daysToRenewal: number | null;
  healthScore: number | null;
  /** "Why this is first", in words: `['$185K ARR ×1.5', 'renewal in 12 days', …]`. */
  reasons: string[];
  /** open, in_progress or snoozed: the instance row's status (the state below is what shows). */
  status: 'open' | 'in_progress' | 'snoozed';
  /** On a priority-list entry: the customer's other open workflows (types), highest first. */
  also?: string[];
  /** The workflow's one state (begun, current step, snoozed and escalated steps). */
  state: WorkflowState;
}

/** A snoozed step that is due (today, or by a given time). */
export interface SnoozedStep {
  executionId: number;
  customerId: string;
  customerName: string;
  type: string;
  /** Step id (slide id) and its 0-based index in the workflow. */
  step: string;
  /** The step's name as the CSM reads it ("Pricing strategy"). */
  stepTitle: string;
  stepIndex: number;
  snoozedUntil: string;
  reason: string | null;
  /** The workflow's one state in a line (src/domain/workflow-state.ts), where a surface shows it. */
  workflowLabel?: string;
}

/** One CSM's morning: the daily summary of PRODUCT.md §3, ready to render. */
export interface CsmDigest {
  csm: { externalId: string; name: string; slackUserId: string | null; timezone: string };
  /** The CSM's date (YYYY-MM-DD). */
  asOf: string;
  oneThing: WorkItem | null;
  /** Top 10, highest priority first; the one thing is its first item. */
  priorityList: WorkItem[];
  snoozedDueToday: SnoozedStep[];
  /** Set when today's daily run has not run yet for this CSM: no list is not "all clear". */
  dayNotRun?: true;
}

/** The App Home tab and `/renubu list`: the workflow state panel of the seed. */
export interface HomeState {
  digest: CsmDigest;
  /**
   * Counts over all of the CSM's workflows, even those not listed, from each one's state: a
   * workflow with a snoozed and an escalated step counts in both.
   */
  counts: { active: number; snoozed: number; escalated: number };
  /** Up to a display limit each, highest priority first. */
  active: WorkItem[];
  snoozed: (WorkItem & { snoozedUntil: string | null })[];
  escalated: (WorkItem & { escalatedTo: string | null })[];
}
