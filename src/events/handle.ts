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
import { applyEvent } from './apply.ts';
import {
  type EventCustomer,
  EventRejected,
  findEventCustomers,
  insertEvent,
  readStoredResult,
  saveResult,
} from './rows.ts';
import type { RenubuEvent } from './schema.ts';
import { wakeSnoozedSteps } from './wake.ts';
import { type EventWorkflow, openEventWorkflow } from './workflow.ts';

export interface EventResult {
  /** created: a workflow was started or fed; stored: kept, nothing to do; duplicate: replay. */
  status: 'created' | 'duplicate' | 'stored';
  /** The event's own id, as sent. */
  eventId: string;
  workflows: EventWorkflow[];
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

export async function handleEvent(
  sql: Sql,
  event: RenubuEvent,
  options: HandleOptions,
): Promise<EventResult | EventRejection> {
  try {
    const customer = await findCustomer(sql, event.customer);
    const settings = settingsOf(customer);
    return await sql.begin((tx) => handleInTransaction(tx, customer, settings, event, options));
  } catch (error) {
    if (!(error instanceof EventRejected)) throw error;
    return { status: 'rejected', code: error.code, field: error.field, message: error.message };
  }
}

async function handleInTransaction(
  t: TransactionSql,
  customer: EventCustomer,
  settings: DomainSettings,
  event: RenubuEvent,
  options: HandleOptions,
): Promise<EventResult> {
  const now = options.clock.now();
  const rowId = await insertEvent(t, customer, event, options.source, now);
  if (rowId === null) {
    const stored = await readStoredResult<EventResult>(t, customer.company_id, event.id);
    return { ...(stored ?? { eventId: event.id, workflows: [] }), status: 'duplicate' };
  }
  const applied = await applyEvent(t, customer, event, settings);
  const workflows: EventWorkflow[] = [];
  if (applied.workflow) {
    workflows.push(
      await openEventWorkflow(t, {
        customer,
        settings,
        type: applied.workflow.type,
        reasons: applied.workflow.reasons,
        eventKey: event.id,
        eventRowId: rowId,
        eventType: event.type,
        asOf: applied.asOf,
        occurredAt: new Date(event.occurred_at),
        now,
      }),
    );
  }
  if (applied.wake) await wakeSnoozedSteps(t, customer, applied.wake, event.id, now);
  const result: EventResult = {
    status: workflows.length > 0 ? 'created' : 'stored',
    eventId: event.id,
    workflows,
  };
  await saveResult(t, rowId, result);
  return result;
}

async function findCustomer(sql: Sql, externalId: string): Promise<EventCustomer> {
  const found = await findEventCustomers(sql, externalId);
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
