/**
 * The events table and the look-ups an event needs. An event's id is its `event_key`, unique
 * per company: the insert that wins stores the event, any other (a replay, or a duplicate
 * racing it) finds the stored row and its result instead.
 */
import type { TransactionSql } from '../db/connection.ts';
import type { RenubuEvent } from './schema.ts';

export interface EventCustomer {
  id: number;
  company_id: number;
  external_id: string;
  name: string;
  csm_id: number;
  /**
   * Whom the CSM's DMs go to, as the outbox's Slack deliverer takes it: the CSM's Slack user
   * id, or their email until Slack has been asked for the id.
   */
  csm_recipient: string;
  settings: unknown;
}

export interface StoredEvent {
  /** Customers with the event's external id, in every company (more than one: ambiguous). */
  customers: EventCustomer[];
  /** The new row's id; null when the company already has this event id (or no customer). */
  rowId: number | null;
}

/**
 * Find the event's customer and store the event once, in one statement, with `result` (what
 * to answer a replay; updated later in the transaction when the event starts a workflow).
 * A concurrent insert of the same id is waited for (the unique index makes the loser wait
 * until the winner commits), so a null rowId means the stored row is visible now.
 *
 * The customer's row is locked for the transaction (`for no key update`: it does not block
 * the key-share locks of rows that reference the customer), so events of one customer are
 * handled one after another and each sees the ones before it: two events of one burst sent
 * at once give one DM and one reply (burst.ts), not two DMs.
 */
export async function storeEvent(
  tx: TransactionSql,
  event: RenubuEvent,
  source: 'webhook' | 'cli',
  now: Date,
  result: unknown,
): Promise<StoredEvent> {
  const rows = await tx<(EventCustomer & { row_id: number | null })[]>`
    with c as (
      select c.id, c.company_id, c.external_id, c.name, c.csm_id,
             coalesce(m.slack_user_id, m.email) as csm_recipient, co.settings
        from customers c
        join companies co on co.id = c.company_id
        join csms m on m.id = c.csm_id
       where c.external_id = ${event.customer}
       order by c.company_id
       limit 2
       for no key update of c
    ),
    saved as (
      insert into events (company_id, customer_id, event_key, type, source, occurred_at, data, result, created_at)
      select company_id, id, ${event.id}, ${event.type}, ${source}, ${event.occurred_at},
             ${tx.json(event.data as never)}, ${tx.json(result as never)}, ${now}
        from c
       where (select count(*) from c) = 1
      on conflict (company_id, event_key) where event_key is not null do nothing
      returning id
    )
    select c.*, (select id from saved) as row_id from c`;
  const customers = rows.map(({ row_id: _, ...customer }) => customer);
  return { customers, rowId: rows[0]?.row_id ?? null };
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
