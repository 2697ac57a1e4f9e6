/**
 * Launching a workflow execution (PRODUCT.md §4, seed Layer 8): compose the instance's
 * definition for its customer first (strictly: a failure is reported, nothing is written),
 * then in one transaction the execution, its step states, the `start` action, the instance
 * in progress, and in the outbox the thread's parent and its first step's reply (which the
 * deliverer posts under the parent once it is out). Idempotent: an instance with an
 * execution in progress gets that one back (the unique index settles a race).
 */
import type { Sql, TransactionSql } from '../db/connection.ts';
import {
  bumpMetrics,
  findActiveExecution,
  findLaunchInstance,
  insertExecution,
  insertStepStates,
  loadStepStates,
  setInstanceStatus,
  setThread,
} from '../db/executions.ts';
import { insertStepAction } from '../db/step-states.ts';
import { type ActionSource, applyBegin, beginRefusal, toStepId } from '../domain/step-machine.ts';
import { RenubuError } from '../errors.ts';
import { composeWorkflow } from './compose.ts';
import { loadWorkflowContext } from './context.ts';
import { loadDefinition } from './store.ts';
import { type ExecutionContext, enqueueParent, enqueueStep, parentKey } from './thread-messages.ts';

export interface LaunchRequest {
  instanceId: number;
  csmId: number;
  slackUserId: string;
  /** The CSM's today and local hour (the door knows the clock and time zone). */
  asOf: string;
  localHour: number;
  now: Date;
  /** Where the launch came from (the card's button): its `start` audit row says so. */
  source: ActionSource;
}

export type LaunchResult =
  | { kind: 'not-found' }
  | { kind: 'failed'; message: string }
  | { kind: 'started' | 'existing'; executionId: number; threadTs: string | null };

export async function launchExecution(sql: Sql, r: LaunchRequest): Promise<LaunchResult> {
  const instance = await findLaunchInstance(sql, r.instanceId);
  const whose = instance && { id: instance.id, csmId: instance.csm_id, status: instance.status };
  // whose and whether open, before composing: the step machine says
  if (!instance || beginRefusal(whose, r.csmId)) return { kind: 'not-found' };
  const existing = await findActiveExecution(sql, instance.id);
  if (existing)
    return { kind: 'existing', executionId: existing.id, threadTs: existing.slack_thread_ts };
  let ctx: ExecutionContext;
  let definitionId: number;
  try {
    const loaded = await loadDefinition(sql, instance.company_id, instance.type);
    const standard = await loadWorkflowContext(sql, {
      companyId: instance.company_id,
      customerExternalId: instance.customer_external_id,
      asOf: r.asOf,
      localHour: r.localHour,
    });
    const composed = composeWorkflow(loaded.definition, standard);
    definitionId = loaded.id;
    ctx = {
      workflowName: composed.name,
      customerName: standard.customerName,
      customerExternalId: standard.customerId,
      currentArr: standard.contract?.arr ?? standard.arr,
      asOf: r.asOf,
      ...(standard.stage ? { stage: standard.stage } : {}),
      steps: composed.steps,
      checked: {},
      decided: null,
      composedFrom: { definition: loaded.definition, standard },
      version: 0,
    };
  } catch (error) {
    if (error instanceof RenubuError) return { kind: 'failed', message: error.message };
    throw error;
  }
  return sql.begin(async (tx) => {
    const id = await insertExecution(tx, {
      companyId: instance.company_id,
      instanceId: instance.id,
      definitionId,
      type: instance.type,
      customerId: instance.customer_id,
      csmId: r.csmId,
      totalSteps: ctx.steps.length,
      context: ctx,
      now: r.now,
    });
    if (id === null) {
      const raced = await findActiveExecution(tx, instance.id);
      if (!raced) throw new Error(`instance ${instance.id}: insert refused, no active execution`);
      return { kind: 'existing' as const, executionId: raced.id, threadTs: raced.slack_thread_ts };
    }
    const stepIds = ctx.steps.map((s) => toStepId(s.slideId));
    const begun = applyBegin(whose, { actorCsmId: r.csmId, stepIds, definitionId });
    if (!begun.ok) throw new Error(`instance ${instance.id}: ${begun.refusal}`);
    const at = { executionId: id, companyId: instance.company_id, now: r.now };
    await insertStepStates(tx, { ...at, steps: begun.records });
    await insertStepAction(tx, { ...at, ...begun.audit, source: r.source });
    await setInstanceStatus(tx, instance.id, begun.instanceStatus, r.now);
    await bumpMetrics(tx, id, { clicks: 1 });
    const states = await loadStepStates(tx, id);
    const target = {
      executionId: id,
      companyId: instance.company_id,
      slackUserId: r.slackUserId,
      now: r.now,
    };
    await enqueueParent(tx, target, { ctx, states, current: 0, status: 'in_progress' }, null);
    // the first step replies under the parent: the deliverer posts it once the parent is out
    await enqueueStep(tx, target, ctx, 0, { of: parentKey(id) });
    return { kind: 'started' as const, executionId: id, threadTs: null };
  });
}

/**
 * The parent was posted at `ts` in `channel` (the deliverer, in the transaction that marks
 * it sent): record the thread, where later messages reply. Its first step's reply was
 * enqueued at launch, naming the parent by key. Does nothing the second time.
 */
export async function attachThread(
  tx: TransactionSql,
  a: { executionId: number; channel: string; ts: string },
): Promise<boolean> {
  if (!(await setThread(tx, a.executionId, a.channel, a.ts))) return false;
  await bumpMetrics(tx, a.executionId, { slides: 1 });
  return true;
}
