/**
 * Queues the nightly digest emails (PRODUCT.md §6): for each CSM with snoozed steps that come
 * due tomorrow in the CSM's own time zone, one outbox row keyed `digest:<csmId>:<day>`, so a
 * job that runs twice the same night (a retry, a second worker) queues nothing more. CSMs
 * with nothing due get no row. Delivery is src/email/outbox-email.ts.
 */

import { digestDm } from '../../blocks/index.ts';
import { stepTitle } from '../../slides/registry.ts';
import type { Sql, TransactionSql } from '../db/connection.ts';
import { enqueue } from '../db/outbox.ts';
import {
  type ExecutionStateRow,
  executionStateInput,
  loadExecutionStates,
} from '../db/work-queue.ts';
import { workflowState } from '../domain/workflow-state.ts';
import { type DigestData, type DigestStep, renderDigest } from './digest.ts';

export interface DigestRequest {
  companyId?: number;
  csmId?: number;
  /** The CSM's today (YYYY-MM-DD); omitted, each CSM's today at `now` in their zone. */
  day?: string;
  now: Date;
  /** Also queue the digest's Slack DM (when Slack is on), keyed `digest-dm:<csmId>:<day>`. */
  slackDm?: boolean;
}

export interface DigestQueueReport {
  /** CSMs with steps due tomorrow. */
  csms: number;
  /** Rows written now (the rest were already queued for that night). */
  enqueued: number;
  keys: string[];
}

interface DueStepRow {
  csm_id: number;
  company_id: number;
  csm_name: string;
  email: string;
  timezone: string;
  slack_user_id: string | null;
  team_id: string | null;
  day: string;
  due_day: string;
  execution_id: number;
  step_index: number;
  total_steps: number;
  step_id: string;
  snoozed_until: Date;
  reason: string | null;
  customer_name: string;
  type: string;
  slack_channel_id: string | null;
}

/** Snoozed steps due in each selected CSM's next local day, earliest first. */
function loadDueTomorrow(sql: Sql | TransactionSql, request: DigestRequest) {
  return sql<DueStepRow[]>`
    with csm as (
      select m.*, coalesce(${request.day ?? null}::date,
                           (${request.now}::timestamptz at time zone m.timezone)::date) as today
        from csms m
       where (${request.companyId ?? null}::bigint is null or m.company_id = ${request.companyId ?? null})
         and (${request.csmId ?? null}::bigint is null or m.id = ${request.csmId ?? null})
    )
    select m.id as csm_id, m.company_id, m.name as csm_name, m.email, m.timezone,
           m.slack_user_id, to_char(m.today, 'YYYY-MM-DD') as day,
           to_char(m.today + 1, 'YYYY-MM-DD') as due_day,
           (select team_id from slack_installations i where i.company_id = m.company_id
             order by i.id limit 1) as team_id,
           s.execution_id, s.step_index, e.total_steps, s.step_id, s.snoozed_until, s.reason,
           c.name as customer_name, coalesce(w.type, e.workflow_config_id) as type,
           e.slack_channel_id
      from csm m
      join workflow_executions e on e.csm_id = m.id and e.company_id = m.company_id
      join workflow_step_states s on s.execution_id = e.id and s.company_id = e.company_id
      join customers c on c.id = e.customer_id
      left join workflow_instances w on w.id = e.workflow_instance_id
     where e.status in ('in_progress', 'snoozed')
       and s.status = 'snoozed'
       and s.snoozed_until >= ((m.today + 1)::timestamp at time zone m.timezone)
       and s.snoozed_until < ((m.today + 2)::timestamp at time zone m.timezone)
     order by m.id, s.snoozed_until, s.execution_id, s.step_index`;
}

function toStep(row: DueStepRow, execution: ExecutionStateRow | undefined): DigestStep {
  return {
    workflowState: workflowState({ execution: executionStateInput(execution ?? null) }),
    executionId: row.execution_id,
    stepIndex: row.step_index,
    totalSteps: row.total_steps,
    customerName: row.customer_name,
    workflowType: row.type,
    stepId: row.step_id,
    snoozedUntil: row.snoozed_until.toISOString(),
    reason: row.reason,
    slackChannelId: row.slack_channel_id,
  };
}

/** The digest key of one CSM's night: the same CSM and day never queue two emails. */
export const digestKey = (csmId: number, day: string) => `digest:${csmId}:${day}`;
export const digestDmKey = (csmId: number, day: string) => `digest-dm:${csmId}:${day}`;

/** The digest as a Slack DM to the CSM (found by email at delivery when not linked yet). */
function enqueueDigestDm(
  sql: Sql | TransactionSql,
  rows: DueStepRow[],
  steps: DigestStep[],
  now: Date,
) {
  const first = rows[0]!;
  const message = digestDm({
    csmName: first.csm_name,
    timeZone: first.timezone,
    today: first.day,
    dueDay: first.due_day,
    steps: rows.map((row, i) => ({
      workflowLabel: steps[i]!.workflowState.label,
      executionId: row.execution_id,
      customerId: '',
      customerName: row.customer_name,
      type: row.type,
      step: row.step_id,
      stepTitle: stepTitle(row.step_id),
      stepIndex: row.step_index,
      snoozedUntil: row.snoozed_until.toISOString(),
      reason: row.reason,
    })),
  });
  return enqueue(sql, {
    idempotencyKey: digestDmKey(first.csm_id, first.day),
    channel: 'slack',
    kind: 'digest_dm',
    recipient: first.slack_user_id ?? first.email,
    payload: { text: message.text, blocks: message.blocks },
    companyId: first.company_id,
    availableAt: now,
  });
}

/** Render and queue one digest per CSM with steps due tomorrow; idempotent per night. */
export async function enqueueDigests(
  sql: Sql | TransactionSql,
  request: DigestRequest,
): Promise<DigestQueueReport> {
  const byCsm = new Map<number, DueStepRow[]>();
  const due = await loadDueTomorrow(sql, request);
  for (const row of due) {
    byCsm.set(row.csm_id, [...(byCsm.get(row.csm_id) ?? []), row]);
  }
  const executions = await loadExecutionStates(sql, [...new Set(due.map((r) => r.execution_id))]);
  const report: DigestQueueReport = { csms: byCsm.size, enqueued: 0, keys: [] };
  for (const [csmId, rows] of byCsm) {
    const first = rows[0]!;
    const steps = rows.map((row) => toStep(row, executions.get(row.execution_id)));
    const data: DigestData = {
      csm: { name: first.csm_name, timezone: first.timezone, slackUserId: first.slack_user_id },
      day: first.day,
      dueDay: first.due_day,
      steps,
      slackTeamId: first.team_id,
    };
    const email = renderDigest(data);
    const key = digestKey(csmId, first.day);
    const inserted = await enqueue(sql, {
      idempotencyKey: key,
      channel: 'email',
      kind: 'digest',
      recipient: first.email,
      payload: {
        to: first.email,
        subject: email.subject,
        text: email.text,
        html: email.html,
        // a reply's "2 snooze monday" acts on the second step listed, in this order
        replyAs: {
          csmId,
          items: rows.map((r) => ({ executionId: r.execution_id, stepIndex: r.step_index })),
        },
      },
      companyId: first.company_id,
      availableAt: request.now,
    });
    report.keys.push(key);
    if (inserted) report.enqueued += 1;
    if (request.slackDm) await enqueueDigestDm(sql, rows, steps, request.now);
  }
  return report;
}
