/**
 * One account's import rows (PRODUCT.md §2) from a fully decided spec: the customer, its
 * current contract (and the one it renewed from), contacts, 60 days of usage and its tickets.
 * Dates are relative to the demo day, so the same spec tells the same story on any day.
 */

import { addDays } from '../domain/dates.ts';
import type { RawRecord } from '../import/types.ts';
import type { Random } from './prng.ts';
import type { AccountPlan, ContractStatus } from './scenarios.ts';
import { type UsagePlan, usageRecords } from './usage.ts';

export type ContactRole = 'champion' | 'executive' | 'user' | 'billing';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export type TicketStatus = 'open' | 'pending' | 'solved';

export interface ContactSpec {
  /** Unique within the account; the contact's id is `<customer>-<key>`. */
  key: string;
  role: ContactRole;
  name: string;
  /** Email local part; the address is `<handle>@<account domain>`. */
  handle: string;
  title: string;
  active: boolean;
}

export interface TicketSpec {
  /** Days before the demo day it was opened (1 … 89). */
  daysAgo: number;
  /** Minutes after midnight UTC it was opened. */
  minute: number;
  priority: TicketPriority;
  status: TicketStatus;
  /** -1 … 1. */
  sentiment: number;
  subject: string;
}

export interface AccountSpec {
  externalId: string;
  name: string;
  domain: string;
  industry: string;
  csm: string;
  arr: number;
  seats: number;
  plan: AccountPlan | null;
  strategic: boolean;
  /** The scenario it was drawn from; kept as an extra column (an attribute) for debugging. */
  scenario: string;
  contract: {
    daysToRenewal: number;
    termYears: number;
    status: ContractStatus;
    autoRenew: boolean;
  };
  /** ARR of the previous term, which was renewed into the current contract; null: none. */
  priorArr: number | null;
  usage: UsagePlan;
  contacts: ContactSpec[];
  tickets: TicketSpec[];
}

export interface AccountRecords {
  customer: RawRecord;
  contracts: RawRecord[];
  contacts: RawRecord[];
  usage: RawRecord[];
  tickets: RawRecord[];
}

const YEAR_DAYS = 365;

function timestamp(day: string, minute: number): string {
  const hh = String(Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return `${day}T${hh}:${mm}:00Z`;
}

/** The rows of one account as of `demoDay`; `rng` only shapes the daily usage noise. */
export function accountRecords(spec: AccountSpec, demoDay: string, rng: Random): AccountRecords {
  const id = spec.externalId;
  const renewalDate = addDays(demoDay, spec.contract.daysToRenewal);
  const startDate = addDays(renewalDate, -YEAR_DAYS * spec.contract.termYears);
  const contracts: RawRecord[] = [];
  if (spec.priorArr !== null) {
    contracts.push({
      external_id: `${id}-contract-prior`,
      customer: id,
      start_date: addDays(startDate, -YEAR_DAYS),
      renewal_date: startDate,
      arr: spec.priorArr,
      status: 'renewed',
      auto_renew: spec.contract.autoRenew,
    });
  }
  contracts.push({
    external_id: `${id}-contract`,
    customer: id,
    start_date: startDate,
    renewal_date: renewalDate,
    arr: spec.arr,
    status: spec.contract.status,
    auto_renew: spec.contract.autoRenew,
  });
  return {
    customer: {
      external_id: id,
      name: spec.name,
      csm: spec.csm,
      arr: spec.arr,
      seats: spec.seats,
      ...(spec.plan ? { account_plan: spec.plan } : {}),
      strategic: spec.strategic,
      industry: spec.industry,
      demo_scenario: spec.scenario,
    },
    contracts,
    contacts: spec.contacts.map((contact) => ({
      external_id: `${id}-${contact.key}`,
      customer: id,
      name: contact.name,
      email: `${contact.handle}@${spec.domain}`,
      title: contact.title,
      role: contact.role,
      active: contact.active,
    })),
    usage: usageRecords(id, demoDay, spec.usage, rng),
    tickets: spec.tickets.map((ticket, i) => ({
      external_id: `${id}-ticket-${i + 1}`,
      customer: id,
      opened_at: timestamp(addDays(demoDay, -ticket.daysAgo), ticket.minute),
      priority: ticket.priority,
      status: ticket.status,
      sentiment: ticket.sentiment,
      subject: ticket.subject,
    })),
  };
}
