/**
 * The read model behind the morning DM, `/renubu today|list` and App Home: takes the CSM's
 * summary from src/engine/summaries.ts (the same the daily run prints), loads its workflows
 * through src/db/work-queue.ts and shapes it as the data blocks/ renders (CsmDigest,
 * HomeState), with "why this is first" in words (PRODUCT.md §11).
 */

import type { CsmDigest, HomeState, SnoozedStep, WorkItem } from '../../blocks/types.ts';
import { stepTitle } from '../../slides/registry.ts';
import type { Sql, TransactionSql } from '../db/connection.ts';
import { dayNotRun } from '../db/summaries.ts';
import {
  type CsmRow,
  executionStateInput,
  loadHomeItems,
  loadPriorityItems,
  type WorkItemStateRow,
} from '../db/work-queue.ts';
import { localDay } from '../domain/dates.ts';
import {
  type DomainSettings,
  describeFactors,
  type PriorityInputs,
  resolveSettings,
} from '../domain/index.ts';
import { type WorkflowState, workflowState } from '../domain/workflow-state.ts';
import { loadCsmSummary, type SnoozedDue } from './summaries.ts';

/** How many workflows each App Home section lists (the counts cover all of them). */
export const HOME_SECTION_SIZE = 10;

/** The CSM's today: `asOf` when given, else the date in the CSM's time zone. */
export function csmToday(csm: Pick<CsmRow, 'timezone'>, now: Date): string {
  return localDay(now, csm.timezone);
}

/** The company's settings; a company with broken overrides still gets the defaults' words. */
export function settingsOf(csm: CsmRow): DomainSettings {
  try {
    return resolveSettings(csm.company_settings);
  } catch {
    return resolveSettings({});
  }
}

function hasInputs(value: unknown): value is { inputs: PriorityInputs } {
  const inputs = (value as { inputs?: unknown } | null)?.inputs;
  return typeof inputs === 'object' && inputs !== null;
}

/**
 * "Why this is first" from the workflow's stored inputs with the day count of the row (the
 * surface's as-of), so the reasons and the headline can never give two day counts. A
 * renewal the run found settled (no days in the inputs) stays without urgency.
 */
function reasonsOf(row: WorkItemStateRow, settings: DomainSettings): string[] {
  const factors = row.factors;
  if (!hasInputs(factors)) return [];
  const { inputs } = factors;
  const days = inputs.daysToRenewal === null ? null : row.days_to_renewal;
  return describeFactors({ ...inputs, daysToRenewal: days }, settings);
}

/** The one state of a loaded work item (src/domain/workflow-state.ts). */
export function stateOfRow(row: WorkItemStateRow): WorkflowState {
  return workflowState({
    execution: executionStateInput(row.execution),
    workflowSnoozed: row.status === 'snoozed' ? { until: row.workflow_snoozed_until } : null,
  });
}

export function toWorkItem(row: WorkItemStateRow, settings: DomainSettings): WorkItem {
  return {
    instanceId: row.instance_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    type: row.type,
    stage: row.stage,
    priorityScore: row.priority_score,
    arr: row.arr,
    daysToRenewal: row.days_to_renewal,
    healthScore: row.health_score,
    reasons: reasonsOf(row, settings),
    status: row.status,
    state: stateOfRow(row),
  };
}

function toSnoozedStep(due: SnoozedDue): SnoozedStep {
  return {
    executionId: due.executionId,
    customerId: due.customerId,
    customerName: due.customerName,
    type: due.type,
    step: due.step,
    stepTitle: stepTitle(due.step),
    stepIndex: due.stepIndex,
    snoozedUntil: due.snoozedUntil,
    reason: due.reason,
  };
}

/** One CSM's daily summary (src/engine/summaries.ts), ready for morningDm/todayReply. */
export async function loadDigest(
  sql: Sql | TransactionSql,
  csm: CsmRow,
  asOf: string,
): Promise<CsmDigest> {
  const settings = settingsOf(csm);
  const summary = await loadCsmSummary(sql, csm, asOf, settings);
  const ids = summary.priorityList.map((entry) => entry.instanceId);
  const rows = new Map(
    (await loadPriorityItems(sql, csm.id, asOf, ids)).map((row) => [row.instance_id, row]),
  );
  const priorityList = summary.priorityList.flatMap((entry) => {
    const row = rows.get(entry.instanceId);
    return row ? [{ ...toWorkItem(row, settings), also: entry.also }] : [];
  });
  // an empty list before the day's run is "not run yet", not "all clear"
  const notRun = priorityList.length === 0 && (await dayNotRun(sql, csm.id, asOf));
  return {
    ...(notRun ? { dayNotRun: true as const } : {}),
    csm: {
      externalId: csm.external_id,
      name: csm.name,
      slackUserId: csm.slack_user_id,
      timezone: csm.timezone,
    },
    asOf,
    oneThing: priorityList[0] ?? null,
    priorityList,
    snoozedDueToday: summary.snoozedDueToday.map(toSnoozedStep),
  };
}

/** When the workflow wakes: the whole workflow's snooze, else its first step's to wake. */
function snoozedUntil(state: WorkflowState): string | null {
  const steps = state.snoozedSteps.flatMap((s) => (s.until ? [s.until] : [])).sort();
  return state.workflowSnoozedUntil ?? steps[0] ?? null;
}

/** The App Home tab and `/renubu list`: the digest plus the Active / Snoozed / Escalated panel. */
export async function loadHomeState(
  sql: Sql | TransactionSql,
  csm: CsmRow,
  asOf: string,
): Promise<HomeState> {
  const settings = settingsOf(csm);
  const [digest, rows] = await Promise.all([
    loadDigest(sql, csm, asOf),
    loadHomeItems(sql, csm.id, asOf),
  ]);
  const items = rows.map((row) => toWorkItem(row, settings));
  const active = items.filter((item) => item.state.sections.active);
  const snoozed = items.filter((item) => item.state.sections.snoozed);
  const escalated = items.filter((item) => item.state.sections.escalated);
  return {
    digest,
    counts: { active: active.length, snoozed: snoozed.length, escalated: escalated.length },
    active: active.slice(0, HOME_SECTION_SIZE),
    snoozed: snoozed.slice(0, HOME_SECTION_SIZE).map((item) => ({
      ...item,
      snoozedUntil: snoozedUntil(item.state),
    })),
    escalated: escalated.slice(0, HOME_SECTION_SIZE).map((item) => ({
      ...item,
      escalatedTo: item.state.escalatedSteps[0]?.to ?? null,
    })),
  };
}
