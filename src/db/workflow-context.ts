/**
 * What a workflow is hydrated with, read for one customer (by external id within a company):
 * the customer and its CSM, the current contract and its terms, contacts, score history up to
 * the as-of day, seat use over the last 30 days and tickets. Dates come back as YYYY-MM-DD.
 */
import type { Sql } from './connection.ts';

export interface ContextCustomerRow {
  id: number;
  external_id: string;
  name: string;
  arr: number;
  seats: number;
  account_plan: string | null;
  strategic: boolean;
  industry: string | null;
  csm_name: string;
  csm_email: string;
  csm_timezone: string;
  avg_active_users: number | null;
}

export interface ContextContractRow {
  id: number;
  start_date: string;
  renewal_date: string;
  arr: number;
  status: string;
  auto_renew: boolean;
}

export interface ContextRows {
  customer: ContextCustomerRow;
  contract: ContextContractRow | null;
  terms: { name: string; value: string }[];
  contacts: {
    name: string;
    email: string | null;
    title: string | null;
    role: 'champion' | 'executive' | 'user' | 'billing';
    active: boolean;
  }[];
  /** Oldest first, up to and including the as-of day. */
  scores: {
    as_of: string;
    health_score: number;
    risk_score: number;
    opportunity_score: number;
    usage_trend_pct: number;
    sentiment: 'positive' | 'neutral' | 'negative';
  }[];
  tickets: { subject: string; priority: string; status: string; opened_on: string }[];
  openTickets: number;
  urgentOpenTickets: number;
}

/** Days of health history and how many recent tickets the context carries. */
export const HEALTH_TIMELINE_DAYS = 90;
export const RECENT_TICKETS = 5;

/** The rows for one customer as of `asOf`, or null when the customer is unknown. */
export async function loadContextRows(
  sql: Sql,
  companyId: number,
  customerExternalId: string,
  asOf: string,
): Promise<ContextRows | null> {
  const [customer] = await sql<ContextCustomerRow[]>`
    select c.id, c.external_id, c.name, c.arr, c.seats, c.account_plan, c.strategic, c.industry,
           m.name as csm_name, m.email as csm_email, m.timezone as csm_timezone,
           (select avg(u.active_users)::float8 from usage_daily u
             where u.customer_id = c.id and u.day >= ${asOf}::date - 30 and u.day < ${asOf}::date)
             as avg_active_users
      from customers c join csms m on m.id = c.csm_id
     where c.company_id = ${companyId} and c.external_id = ${customerExternalId}`;
  if (!customer) return null;
  const [contract] = await sql<ContextContractRow[]>`
    select id, start_date::text, renewal_date::text, arr, status, auto_renew
      from contracts
     where customer_id = ${customer.id} and start_date <= ${asOf}::date
     order by (status = 'active') desc, renewal_date desc
     limit 1`;
  const [terms, contacts, scores, tickets, [counts]] = await Promise.all([
    contract
      ? sql<ContextRows['terms']>`
          select name, value from contract_terms where contract_id = ${contract.id} order by id`
      : Promise.resolve([]),
    sql<ContextRows['contacts']>`
      select name, email, title, role, active from contacts
       where customer_id = ${customer.id}
       order by active desc, array_position(array['champion','executive','billing','user'], role), id`,
    sql<ContextRows['scores']>`
      select as_of::text, health_score, risk_score, opportunity_score, usage_trend_pct, sentiment
        from score_history
       where customer_id = ${customer.id} and as_of <= ${asOf}::date
         and as_of > ${asOf}::date - ${HEALTH_TIMELINE_DAYS}::int
       order by as_of`,
    sql<ContextRows['tickets']>`
      select subject, priority, status, (opened_at at time zone 'UTC')::date::text as opened_on
        from tickets
       where customer_id = ${customer.id} and opened_at < ${asOf}::date + 1
       order by opened_at desc
       limit ${RECENT_TICKETS}`,
    sql<{ open: number; urgent: number }[]>`
      select count(*)::int as open,
             (count(*) filter (where priority in ('high', 'urgent')))::int as urgent
        from tickets
       where customer_id = ${customer.id} and status <> 'solved'
         and opened_at < ${asOf}::date + 1`,
  ]);
  return {
    customer,
    contract: contract ?? null,
    terms,
    contacts,
    scores,
    tickets,
    openTickets: counts?.open ?? 0,
    urgentOpenTickets: counts?.urgent ?? 0,
  };
}
