/**
 * Snoozes that end on an event (PRODUCT.md §5 `until:usage-recovers`, `until:ticket-solved`,
 * `until:contact-replies`): each of the customer's steps snoozed until this kind of event wakes
 * through the one step service (src/workflows/step-service.ts), inside the event's transaction:
 * the step is set back to `in_progress` (the step-state trigger keeps the execution's snooze
 * flags right), a `wake` action records which event woke it, and the CSM gets a DM saying why.
 *
 * `contact-replies` is never woken here: no §7 event says a contact replied (contact.changed
 * is about role and activity), so such steps wake at their fallback date.
 */
import type { TransactionSql } from '../db/connection.ts';
import { findStepsSnoozedUntilEvent } from '../db/step-states.ts';
import { runStepActionIn, WAKE_OUTBOX_KIND } from '../workflows/step-service.ts';
import type { SnoozeEvent } from './apply.ts';
import type { EventCustomer } from './rows.ts';

export { WAKE_OUTBOX_KIND };

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
  const woken: WokenStep[] = [];
  for (const step of await findStepsSnoozedUntilEvent(tx, customer.id, wake.until)) {
    const outcome = await runStepActionIn(
      tx,
      {
        executionId: step.executionId,
        stepIndex: step.stepIndex,
        actorCsmId: null,
        now,
        source: 'event',
      },
      {
        action: 'wake',
        cause: { kind: 'event', until: wake.until, reason: wake.reason, eventKey },
      },
    );
    if (outcome.ok) woken.push({ ...step, stepId: outcome.change.stepId });
  }
  return woken;
}
