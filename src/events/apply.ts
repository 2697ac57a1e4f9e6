/**
 * Apply an event's data to the customer's records (ticket upserted, a day's usage upserted,
 * a contact updated) and say what it means, using the domain's event rules: which workflow
 * it starts (if any, with the reasons a CSM reads), and which event-ending snooze it ends.
 */
import type { TransactionSql } from '../db/connection.ts';
import {
  contactEventWorkflow,
  type DomainSettings,
  ticketEventWorkflow,
  usageEventWorkflow,
  type WorkflowType,
} from '../domain/index.ts';
import { type EventCustomer, EventRejected } from './rows.ts';
import type { ContactEvent, RenubuEvent, TicketEvent, UsageEvent } from './schema.ts';

export type SnoozeEvent = 'usage-recovers' | 'ticket-solved' | 'contact-replies';

export interface AppliedEvent {
  workflow: { type: WorkflowType; reasons: string[] } | null;
  wake: { until: SnoozeEvent; reason: string } | null;
}

/**
 * Whether the event may start a workflow, before its data is applied: the facts can then be
 * read in the same round trip. A usage spike is rare, so its facts are read only after one.
 */
export function mayStartWorkflow(event: RenubuEvent): boolean {
  if (event.type === 'ticket.created') {
    return event.data.status !== 'solved' && ticketEventWorkflow(event.data.priority) !== null;
  }
  return event.type === 'contact.changed' && !event.data.active;
}

/** The fixed day an event is scored on (a usage day), or null for its instant's day. */
export function scoringDay(event: RenubuEvent): string | null {
  return event.type === 'usage.reported' ? event.data.date : null;
}

export async function applyEvent(
  tx: TransactionSql,
  customer: EventCustomer,
  event: RenubuEvent,
  settings: DomainSettings,
): Promise<AppliedEvent> {
  switch (event.type) {
    case 'ticket.created':
      return applyTicket(tx, customer, event);
    case 'usage.reported':
      return applyUsage(tx, customer, event, settings);
    case 'contact.changed':
      return applyContact(tx, customer, event);
  }
}

async function applyTicket(tx: TransactionSql, customer: EventCustomer, event: TicketEvent) {
  const { data } = event;
  const externalId = data.external_id ?? event.id;
  const status = data.status ?? 'open';
  await tx`
    insert into tickets (company_id, external_id, customer_id, opened_at, priority, status, sentiment, subject)
    values (${customer.company_id}, ${externalId}, ${customer.id}, ${event.occurred_at},
            ${data.priority}, ${status}, ${data.sentiment ?? null}, ${data.subject ?? ''})
    on conflict (company_id, external_id) do update
      set priority = excluded.priority, status = excluded.status,
          sentiment = coalesce(excluded.sentiment, tickets.sentiment),
          subject = case when ${data.subject ?? null}::text is null then tickets.subject
                         else excluded.subject end,
          updated_at = now()`;
  // A ticket that arrives already solved is no longer a risk to escalate.
  const type = status === 'solved' ? null : ticketEventWorkflow(data.priority);
  const subject = data.subject ? `: "${data.subject}"` : '';
  return {
    workflow: type && { type, reasons: [`${data.priority} ticket ${externalId} opened${subject}`] },
    wake:
      status === 'solved'
        ? {
            until: 'ticket-solved' as const,
            reason: `ticket ${externalId} solved (event ${event.id})`,
          }
        : null,
  };
}

async function applyUsage(
  tx: TransactionSql,
  customer: EventCustomer,
  event: UsageEvent,
  settings: DomainSettings,
) {
  const { date, active_users: users, events } = event.data;
  const days = settings.windows.spikeTrailingDays;
  // The mean over the days reported in the trailing window (missing days are unknown, not 0).
  const [row] = await tx<{ mean: number | null }[]>`
    with saved as (
      insert into usage_daily (company_id, customer_id, day, active_users, events)
      values (${customer.company_id}, ${customer.id}, ${date}, ${users}, ${events ?? 0})
      on conflict (customer_id, day) do update
        set active_users = excluded.active_users,
            events = case when ${events ?? null}::bigint is null then usage_daily.events
                          else excluded.events end
      returning 1
    )
    select (select avg(active_users)::float8 from usage_daily
             where customer_id = ${customer.id}
               and day >= ${date}::date - ${days}::int and day < ${date}::date) as mean,
           (select count(*) from saved) as saved`;
  const mean = row?.mean ?? 0;
  const type = usageEventWorkflow(users, mean, settings);
  const ratio = mean > 0 ? Math.round((users / mean) * 10) / 10 : 0;
  return {
    workflow: type && {
      type,
      reasons: [
        `${users} active users on ${date}, ${ratio}× the ${days}-day mean of ${Math.round(mean)}`,
      ],
    },
    wake:
      mean > 0 && users >= mean
        ? {
            until: 'usage-recovers' as const,
            reason: `usage recovered: ${users} active users on ${date}, ${days}-day mean ${Math.round(mean)} (event ${event.id})`,
          }
        : null,
  };
}

async function applyContact(tx: TransactionSql, customer: EventCustomer, event: ContactEvent) {
  const { data } = event;
  const [row] = await tx<
    { was_active: boolean; role: string; name: string; title: string | null }[]
  >`
    with old as (
      select id, active, role from contacts
       where company_id = ${customer.company_id} and external_id = ${data.external_id}
       for update
    )
    update contacts p
       set active = ${data.active}, name = coalesce(${data.name ?? null}, p.name),
           email = coalesce(${data.email ?? null}, p.email),
           title = coalesce(${data.title ?? null}, p.title),
           role = coalesce(${data.role ?? null}, p.role), updated_at = now()
      from old
     where p.id = old.id
    returning old.active as was_active, old.role, p.name, p.title`;
  const contact = row ?? (await insertContact(tx, customer, event));
  // the role the contact held: a champion demoted and deactivated at once is still a loss
  const type = contactEventWorkflow({
    role: contact.role as 'champion',
    wasActive: contact.was_active,
    active: data.active,
  });
  const title = contact.title ? ` (${contact.title})` : '';
  return {
    workflow: type && {
      type,
      reasons: [`${contact.role} ${contact.name}${title} marked inactive`],
    },
    wake: null,
  };
}

/** A contact the event introduces: it needs a name and a role; it was not active before. */
async function insertContact(tx: TransactionSql, customer: EventCustomer, event: ContactEvent) {
  const { data } = event;
  if (!data.name || !data.role) {
    throw new EventRejected(
      'unknown_contact',
      'data.external_id',
      `no contact "${data.external_id}"; a new contact needs data.name and data.role`,
    );
  }
  await tx`
    insert into contacts (company_id, external_id, customer_id, name, email, title, role, active)
    values (${customer.company_id}, ${data.external_id}, ${customer.id}, ${data.name},
            ${data.email ?? null}, ${data.title ?? null}, ${data.role}, ${data.active})`;
  return { was_active: false, role: data.role, name: data.name, title: data.title ?? null };
}
