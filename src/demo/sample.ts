/**
 * Turns a scenario row into one concrete account: name, ARR and seats, renewal date, usage
 * window sums, contacts and tickets, all drawn from the account's own random stream (keyed by
 * its external id), so an account does not change when others are added.
 */
import {
  type createCompanyNamer,
  drawPerson,
  INDUSTRIES,
  TICKET_SUBJECTS,
  TITLES,
} from './names.ts';
import type { Random } from './prng.ts';
import type { AccountSpec, ContactRole, ContactSpec, TicketSpec, TicketStatus } from './records.ts';
import {
  ARR_TIERS,
  type ArrTier,
  type ContactsState,
  type Range,
  type Scenario,
  SENTIMENT_BANDS,
} from './scenarios.ts';
import { planWindows } from './usage.ts';

export interface Slot {
  externalId: string;
  scenario: Scenario;
  csm: string;
  /** Draw ARR from the small tier whatever the scenario says (Justin's book). */
  smallArr: boolean;
}

/** Whole dollars, rounded to $500: log-uniform in the tier, skewed toward its low end. */
export function drawArr(rng: Random, tier: ArrTier): number {
  const { min, max, skew } = ARR_TIERS[tier];
  const arr = min * (max / min) ** (rng.next() ** skew);
  return Math.max(min, Math.min(max, Math.round(arr / 500) * 500));
}

/** Larger accounts buy seats cheaper (volume pricing), so seats grow slower than ARR. */
export function seatsFor(rng: Random, arr: number): number {
  const pricePerSeat =
    arr < 30_000 ? rng.int(450, 700) : arr < 150_000 ? rng.int(350, 550) : rng.int(250, 450);
  return Math.max(5, Math.round(arr / pricePerSeat));
}

const within = (rng: Random, [min, max]: Range) => rng.float(min, max);
const round2 = (value: number) => Math.round(value * 100) / 100;

function drawContacts(rng: Random, state: ContactsState): ContactSpec[] {
  const handles = new Set<string>();
  const contact = (key: string, role: ContactRole, active: boolean): ContactSpec => {
    let person = drawPerson(rng);
    while (handles.has(person.handle)) person = drawPerson(rng);
    handles.add(person.handle);
    return { key, role, ...person, title: rng.pick(TITLES[role]), active };
  };
  const contacts = [
    contact('champion', 'champion', state === 'engaged'),
    contact('executive', 'executive', state !== 'dark'),
  ];
  const users = rng.int(1, 3);
  for (let n = 1; n <= users; n++) contacts.push(contact(`user-${n}`, 'user', true));
  if (rng.chance(0.5)) contacts.push(contact('billing', 'billing', true));
  return contacts;
}

/** Hot tickets are open (the first one surely) or pending; others are solved unless recent. */
function drawStatus(rng: Random, hot: boolean, first: boolean, daysAgo: number): TicketStatus {
  if (hot) return first ? 'open' : rng.pick(['open', 'pending'] as const);
  return daysAgo <= 14 ? rng.pick(['solved', 'pending', 'open'] as const) : 'solved';
}

function drawTickets(rng: Random, scenario: Scenario): TicketSpec[] {
  const count = rng.int(...scenario.tickets);
  const hot = Math.min(count, rng.int(...scenario.openHighUrgent));
  const tickets: TicketSpec[] = [];
  for (let i = 0; i < count; i++) {
    const isHot = i < hot;
    const daysAgo = isHot ? rng.int(1, 20) : rng.int(1, 89);
    tickets.push({
      daysAgo,
      minute: rng.int(8 * 60, 18 * 60),
      priority: rng.pick(isHot ? (['urgent', 'high'] as const) : (['low', 'normal'] as const)),
      status: drawStatus(rng, isHot, i === 0, daysAgo),
      sentiment: round2(within(rng, SENTIMENT_BANDS[scenario.sentiment])),
      subject: rng.pick(TICKET_SUBJECTS[isHot ? 'escalation' : scenario.sentiment]),
    });
  }
  return tickets.sort((a, b) => b.daysAgo - a.daysAgo || a.minute - b.minute);
}

/** A namer shared by all accounts of one generation, so no two get the same name. */
export type Namer = ReturnType<typeof createCompanyNamer>;

/** The account a slot stands for. */
export function drawAccount(slot: Slot, rng: Random, namer: Namer): AccountSpec {
  const { scenario } = slot;
  const industry = rng.pick(INDUSTRIES);
  const { name, domain } = namer(rng, industry);
  const arr = drawArr(rng, slot.smallArr ? 'small' : scenario.arr);
  const seats = seatsFor(rng, arr);
  const daysToRenewal = rng.int(...scenario.daysToRenewal);
  const windows = planWindows(
    seats,
    within(rng, scenario.utilisation),
    within(rng, scenario.usageTrendPct),
  );
  const priorArr = rng.chance(0.4) ? Math.round(arr / rng.float(1.03, 1.12) / 500) * 500 : null;
  return {
    externalId: slot.externalId,
    name,
    domain,
    industry,
    csm: slot.csm,
    arr,
    seats,
    plan: scenario.plan,
    strategic: scenario.strategic,
    scenario: scenario.name,
    contract: {
      daysToRenewal,
      termYears: daysToRenewal > 365 ? Math.ceil(daysToRenewal / 365) : 1,
      status: scenario.contractStatus,
      autoRenew: rng.chance(0.25),
    },
    priorArr,
    usage: { ...windows, eventsPerUser: rng.int(6, 24) },
    contacts: drawContacts(rng, scenario.contacts),
    tickets: drawTickets(rng, scenario),
  };
}
