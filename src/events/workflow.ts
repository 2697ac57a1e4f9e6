/**
 * The workflow an event starts: scored like the daily run (the customer's facts as of the
 * event day, from the daily run's own facts query → assessCustomer → priorityScore, factors
 * stored as `{ ...factors, inputs }`), and announced through the outbox in the same
 * transaction.
 *
 * One open instance per customer and event workflow type (cycle_key `event:<type>`): five
 * urgent tickets in a morning make one `risk-escalation`, whose history lists each event and
 * whose priority is re-scored by each. Once it is completed or closed, the next event opens a
 * new one. Every event that feeds a workflow messages the CSM once (idempotency key per event
 * id): a top-level DM, or, within a burst (burst.ts), a reply in the thread of the burst's DM.
 */
import { escapeMrkdwn } from '../../blocks/format.ts';
import type { TransactionSql } from '../db/connection.ts';
import { type CustomerFactsRow, loadCustomerFacts } from '../db/daily-facts.ts';
import { enqueue } from '../db/outbox.ts';
import {
  assessCustomer,
  type DomainSettings,
  priorityInputsOf,
  priorityScore,
  type WorkflowType,
} from '../domain/index.ts';
import { customerFacts, roundFactors } from '../engine/customer-facts.ts';
import { BURST_REPLY_KIND, burstSummary, eventMessageKey, findBurst } from './burst.ts';
import type { EventCustomer } from './rows.ts';

export interface EventWorkflow {
  type: WorkflowType;
  instanceId: number;
  priorityScore: number;
}

export const EVENT_OUTBOX_KIND = 'event_workflow';

export interface OpenWorkflowInput {
  customer: EventCustomer;
  settings: DomainSettings;
  /** The customer's facts as of the event day, read after the event's data was applied. */
  facts: CustomerFactsRow;
  type: WorkflowType;
  reasons: string[];
  /** The event's id (its key) and stored row id. */
  eventKey: string;
  eventRowId: number;
  eventType: string;
  /** When the event happened: the burst window is judged by it. */
  occurredAt: Date;
  /** A ticket's priority (the burst's running count names it), else null. */
  priority: string | null;
  now: Date;
}

/**
 * The customer's facts as of the event day: `asOf` (a usage day), or the day `occurredAt`
 * falls on in the CSM's time zone; the same query the daily run uses, for one customer.
 */
export async function loadEventFacts(
  tx: TransactionSql,
  customer: EventCustomer,
  settings: DomainSettings,
  asOf: string | null,
  occurredAt: Date,
): Promise<CustomerFactsRow> {
  const scope = { companyId: customer.company_id, asOf, now: occurredAt };
  const facts = await loadCustomerFacts(tx, scope, customer.id, settings.windows);
  if (!facts) throw new Error(`customer ${customer.id} has no facts row`);
  return facts;
}

/** Open (or feed) the customer's event workflow of this type and enqueue the CSM's DM. */
export async function openEventWorkflow(
  tx: TransactionSql,
  input: OpenWorkflowInput,
): Promise<EventWorkflow> {
  const { customer, settings, facts } = input;
  const assessment = assessCustomer(customerFacts(facts, settings), settings);
  const inputs = priorityInputsOf(assessment);
  const priority = priorityScore(inputs, settings);
  const factors = { ...roundFactors({ ...priority.factors }), inputs };
  const entry = {
    on: facts.as_of,
    event: input.eventKey,
    eventType: input.eventType,
    reasons: input.reasons,
  };
  const payload = {
    type: input.type,
    csmId: customer.csm_id,
    customerId: customer.external_id,
    customerName: customer.name,
    reasons: input.reasons,
    // Slack reads text as mrkdwn: a ticket subject or contact name must not ping or link.
    text: `${escapeMrkdwn(customer.name)}: ${input.type}. ${escapeMrkdwn(input.reasons.join('; '))}`,
  };
  const windowMinutes = settings.events.burstWindowMinutes;
  const burst = await findBurst(tx, {
    customerId: customer.id,
    companyId: customer.company_id,
    eventRowId: input.eventRowId,
    type: input.type,
    occurredAt: input.occurredAt,
    windowMinutes,
  });
  // Within a burst of the instance this event feeds: a reply in the head DM's thread.
  const summary = burstSummary(
    burst.counts,
    { eventType: input.eventType, priority: input.priority },
    windowMinutes,
  );
  const reply = burst.head && {
    ...payload,
    text: `${escapeMrkdwn(customer.name)}: ${summary}. ${escapeMrkdwn(input.reasons.join('; '))}`,
    thread_of: burst.head.messageKey,
  };
  const replyTo = burst.head?.instanceId ?? null;
  // Then the instance, the CSM's message (through the one enqueue) and the event's result.
  const [instance] = await tx<{ id: number }[]>`
    insert into workflow_instances (
      company_id, customer_id, csm_id, type, trigger, cycle_key, stage, priority_score,
      factors, source_event_id, created_on, updated_on, history)
    values (${customer.company_id}, ${customer.id}, ${customer.csm_id}, ${input.type}, 'event',
            ${`event:${input.type}`}, ${assessment.stage}, ${priority.score},
            ${tx.json(factors)}, ${input.eventRowId}, ${facts.as_of}, ${facts.as_of},
            ${tx.json([entry])})
    on conflict (customer_id, trigger, cycle_key) where status in ('open', 'in_progress', 'snoozed')
    do update set priority_score = excluded.priority_score, factors = excluded.factors,
                  stage = excluded.stage, updated_on = excluded.updated_on, updated_at = now(),
                  history = workflow_instances.history || excluded.history
    returning id`;
  const instanceId = instance!.id;
  const dm =
    reply && instanceId === replyTo
      ? { kind: BURST_REPLY_KIND, body: reply }
      : { kind: EVENT_OUTBOX_KIND, body: payload };
  await enqueue(tx, {
    idempotencyKey: eventMessageKey(customer.company_id, input.eventKey),
    channel: 'slack',
    kind: dm.kind,
    recipient: customer.csm_recipient,
    payload: { instanceId, ...dm.body },
    companyId: customer.company_id,
    availableAt: input.now,
  });
  const result = {
    status: 'created',
    eventId: input.eventKey,
    workflows: [{ type: input.type, instanceId, priorityScore: priority.score }],
  };
  await tx`update events set result = ${tx.json(result)} where id = ${input.eventRowId}`;
  return { type: input.type, instanceId, priorityScore: priority.score };
}
