/**
 * The events service (PRODUCT.md §7), one function for the webhook and the CLI. In one
 * transaction: store the event once (its id is unique per company), apply its data, start or
 * feed the workflow it calls for, enqueue the CSM's DM, wake steps snoozed until such an
 * event, and store the result on the event row. A replay, or a duplicate that raced the
 * original, stores nothing and answers the original's result with status `duplicate`.
 */
import type { Clock } from '../clock.ts';
import type { Sql, TransactionSql } from '../db/connection.ts';
import { type DomainSettings, resolveSettings } from '../domain/index.ts';
import { applyEvent, mayStartWorkflow, scoringDay } from './apply.ts';
import { type EventCustomer, EventRejected, readStoredResult, storeEvent } from './rows.ts';
import type { RenubuEvent } from './schema.ts';
import { wakeSnoozedSteps } from './wake.ts';
import { type EventWorkflow, loadEventFacts, openEventWorkflow } from './workflow.ts';

export interface EventResult {
  /** created: a workflow was started or fed; stored: kept, nothing to do; duplicate: replay. */
  status: 'created' | 'duplicate' | 'stored';
  /** The event's own id, as sent. */
  eventId: string;
  workflows: EventWorkflow[];
  /** On a duplicate: the status the original got (what a replay over HTTP answers). */
  replayOf?: 'created' | 'stored';
}

export interface EventRejection {
  status: 'rejected';
  code: EventRejected['code'];
  field: string;
  message: string;
}

export interface HandleOptions {
  clock: Clock;
  source: 'webhook' | 'cli';
}

/**
 * Handle one validated event. An unknown (or ambiguous) customer, or an unknown contact
 * without the fields to create it, is a `rejected` result (HTTP 422) and stores nothing.
 */
export async function handleEvent(
  sql: Sql,
  event: RenubuEvent,
  options: HandleOptions,
): Promise<EventResult | EventRejection> {
  try {
    return await sql.begin((tx) => handleInTransaction(tx, event, options));
  } catch (error) {
    if (!(error instanceof EventRejected)) throw error;
    return { status: 'rejected', code: error.code, field: error.field, message: error.message };
  }
}

async function handleInTransaction(
  tx: TransactionSql,
  event: RenubuEvent,
  options: HandleOptions,
): Promise<EventResult> {
  const now = options.clock.now();
  const stored: EventResult = { status: 'stored', eventId: event.id, workflows: [] };
  const { customers, rowId } = await storeEvent(tx, event, options.source, now, stored);
  const customer = onlyCustomer(customers, event.customer);
  if (rowId === null) {
    const result = await readStoredResult<EventResult>(tx, customer.company_id, event.id);
    const original = result ?? stored;
    const replayOf = original.status === 'created' ? 'created' : 'stored';
    return { ...original, status: 'duplicate', replayOf };
  }
  const settings = settingsOf(customer);
  const applying = applyEvent(tx, customer, event, settings);
  // Sent right behind the apply and run after it on the same connection: the facts see the
  // applied data, one round trip sooner. Unused when the event turns out to start nothing.
  const loadFacts = () =>
    loadEventFacts(tx, customer, settings, scoringDay(event), new Date(event.occurred_at));
  const prefetched = mayStartWorkflow(event) ? loadFacts() : null;
  prefetched?.catch(() => undefined); // a failed apply fails the transaction, not this
  const applied = await applying;
  const opening = applied.workflow
    ? openEventWorkflow(tx, {
        customer,
        settings,
        facts: await (prefetched ?? loadFacts()),
        type: applied.workflow.type,
        reasons: applied.workflow.reasons,
        eventKey: event.id,
        eventRowId: rowId,
        eventType: event.type,
        occurredAt: new Date(event.occurred_at),
        priority: event.type === 'ticket.created' ? event.data.priority : null,
        now,
      })
    : null;
  const waking = applied.wake ? wakeSnoozedSteps(tx, customer, applied.wake, event.id, now) : null;
  // the workflow statement also stores the result (status created) on the event row
  const [workflow] = await Promise.all([opening, waking]);
  return workflow ? { status: 'created', eventId: event.id, workflows: [workflow] } : stored;
}

function onlyCustomer(found: EventCustomer[], externalId: string): EventCustomer {
  if (found.length === 0) {
    throw new EventRejected('unknown_customer', 'customer', `no customer "${externalId}"`);
  }
  if (found.length > 1) {
    throw new EventRejected(
      'ambiguous_customer',
      'customer',
      `customer "${externalId}" exists in more than one company`,
    );
  }
  return found[0]!;
}

/** Company settings are parsed once per distinct settings document, not once per event. */
const settingsCache = new Map<string, DomainSettings>();

function settingsOf(customer: EventCustomer): DomainSettings {
  const key = JSON.stringify(customer.settings ?? {});
  let settings = settingsCache.get(key);
  if (!settings) {
    settings = resolveSettings(customer.settings ?? {});
    if (settingsCache.size > 100) settingsCache.clear();
    settingsCache.set(key, settings);
  }
  return settings;
}
