/**
 * Snoozes that end on an event (PRODUCT.md §5 `until:usage-recovers`, `until:ticket-solved`,
 * `until:contact-replies`): the customer's steps snoozed until this kind of event are set
 * back to `in_progress` (the step-state trigger keeps the execution's snooze flags right), a
 * `wake` action records which event woke them, and the CSM gets a DM saying why.
 *
 * `contact-replies` is never woken here: no §7 event says a contact replied (contact.changed
 * is about role and activity), so such steps wake at their fallback date.
 */
import { escapeMrkdwn } from '../../blocks/format.ts';
import type { TransactionSql } from '../db/connection.ts';
import type { SnoozeEvent } from './apply.ts';
import type { EventCustomer } from './rows.ts';

export const WAKE_OUTBOX_KIND = 'step_woken';

export interface WokenStep {
  executionId: number;
  stepIndex: number;
  stepId: string;
}

export async function wakeSnoozedSteps(
  tx: TransactionSql,
  customer: EventCustomer,
  wake: { until: SnoozeEvent; reason: string },
  eventKey: string,
  now: Date,
): Promise<WokenStep[]> {
  const metadata = { event: eventKey, until: wake.until };
  // Slack reads the DM's text as mrkdwn: the name and the event's ids must neither ping nor link.
  const who = escapeMrkdwn(customer.name);
  const why = escapeMrkdwn(wake.reason);
  return tx<WokenStep[]>`
    with woken as (
      update workflow_step_states s
         set status = 'in_progress', snoozed_until = null, snooze_until_event = null,
             updated_at = ${now}
        from workflow_executions e
       where e.id = s.execution_id and e.customer_id = ${customer.id}
         and s.status = 'snoozed' and s.snooze_until_event = ${wake.until}
      returning s.company_id, s.execution_id, s.step_index, s.step_id, e.csm_id
    ),
    action as (
      insert into workflow_step_actions
        (company_id, execution_id, step_index, action_type, reason, metadata, created_at)
      select company_id, execution_id, step_index, 'wake', ${wake.reason}, ${tx.json(metadata)}, ${now}
        from woken
    ),
    dm as (
      insert into outbox (company_id, idempotency_key, channel, kind, recipient, payload, available_at)
      select company_id,
             'wake:' || execution_id || ':' || step_index || ':' || ${eventKey}, 'slack',
             ${WAKE_OUTBOX_KIND},
             (select coalesce(m.slack_user_id, m.email) from csms m where m.id = woken.csm_id),
             jsonb_build_object(
               'executionId', execution_id, 'csmId', csm_id, 'stepIndex', step_index, 'stepId', step_id,
               'customerId', ${customer.external_id}::text, 'customerName', ${customer.name}::text,
               'reason', ${wake.reason}::text,
               'text', ${who}::text || ': step ' || step_id || ' woke: ' || ${why}::text),
             ${now}
        from woken
      on conflict (idempotency_key) do nothing
    )
    select execution_id as "executionId", step_index as "stepIndex", step_id as "stepId"
      from woken order by execution_id, step_index`;
}
