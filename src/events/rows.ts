/**
 * The events table and the look-ups an event needs. An event's id is its `event_key`, unique
 * per company: the insert that wins stores the event, any other (a replay, or a duplicate
 * racing it) finds the stored row and its result instead.
 */
import type { Sql, TransactionSql } from '../db/connection.ts';
import type { RenubuEvent } from './schema.ts';

export interface EventCustomer {
  id: number;
  company_id: number;
  external_id: string;
  name: string;
  csm_id: number;
  settings: unknown;
}

/** Customers with this external id, in every company (more than one is ambiguous). */
export async function findEventCustomers(sql: Sql, externalId: string): Promise<EventCustomer[]> {
  return sql<EventCustomer[]>`
    select c.id, c.company_id, c.external_id, c.name, c.csm_id, co.settings
      from customers c join companies co on co.id = c.company_id
     where c.external_id = ${externalId}
     order by c.company_id
     limit 2`;
}

/**
 * Store the event once. Returns its row id, or null when the company already has this
 * event id. A concurrent insert of the same id is waited for (the unique index makes the
 * loser wait until the winner commits), so null means the stored row is visible now.
 */
export async function insertEvent(
  tx: TransactionSql,
  customer: EventCustomer,
  event: RenubuEvent,
  source: 'webhook' | 'cli',
  now: Date,
): Promise<number | null> {
  const [row] = await tx<{ id: number }[]>`
    insert into events (company_id, customer_id, event_key, type, source, occurred_at, data, created_at)
    values (${customer.company_id}, ${customer.id}, ${event.id}, ${event.type}, ${source},
            ${event.occurred_at}, ${tx.json(event.data as never)}, ${now})
    on conflict (company_id, event_key) where event_key is not null do nothing
    returning id`;
  return row ? row.id : null;
}

/** The result stored with an event id (null when that row has none). */
export async function readStoredResult<T>(
  tx: TransactionSql,
  companyId: number,
  eventKey: string,
): Promise<T | null> {
  const [row] = await tx<{ result: T | null }[]>`
    select result from events
     where company_id = ${companyId} and event_key = ${eventKey}
     for share`;
  return row ? row.result : null;
}

export async function saveResult(tx: TransactionSql, eventRowId: number, result: unknown) {
  await tx`update events set result = ${tx.json(result as never)} where id = ${eventRowId}`;
}

/** An event the service refuses after validation (unknown customer or contact): HTTP 422. */
export class EventRejected extends Error {
  constructor(
    readonly code: 'unknown_customer' | 'ambiguous_customer' | 'unknown_contact',
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'EventRejected';
  }
}
