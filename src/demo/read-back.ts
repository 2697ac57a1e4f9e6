/**
 * Reads a generated portfolio back into the per-customer facts PRODUCT.md §3 starts from
 * (days to renewal, usage windows, ticket sentiment, contacts), straight from the rows. Tests
 * use it to check the scenario mix from the data itself rather than from the scenario table.
 */

import { addDays, daysBetween } from '../domain/dates.ts';
import type { RawRecord } from '../import/types.ts';
import type { DemoPortfolio } from './generator.ts';

export interface CustomerFacts {
  customer: RawRecord;
  /** The contract with the latest renewal date. */
  contract: RawRecord;
  daysToRenewal: number;
  earlierSum: number;
  laterSum: number;
  /** Percent change of the last 30 days' active users against the 30 before. */
  trendPct: number;
  /** Average daily active users of the last 30 days over seats. */
  utilisation: number;
  /** Tickets opened in the 90 days before the demo day. */
  tickets: RawRecord[];
  meanSentiment: number;
  openHighUrgent: number;
  championActive: boolean;
  executiveActive: boolean;
}

const byCustomer = (rows: RawRecord[]) => {
  const groups = new Map<string, RawRecord[]>();
  for (const row of rows) {
    const key = String(row.customer);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return (id: string) => groups.get(id) ?? [];
};

/** PRODUCT.md §3 stage names by days to renewal. */
export function stageOf(days: number): string {
  if (days < 0) return 'expired';
  const bands: [number, string][] = [
    [7, 'emergency'],
    [14, 'critical'],
    [30, 'urgent'],
    [60, 'finalize'],
    [90, 'negotiate'],
    [120, 'active'],
    [180, 'prepare'],
  ];
  return bands.find(([max]) => days <= max)?.[1] ?? 'strategic';
}

export function readBack(portfolio: DemoPortfolio, demoDay: string): Map<string, CustomerFacts> {
  const contracts = byCustomer(portfolio.contracts);
  const usage = byCustomer(portfolio.usage);
  const tickets = byCustomer(portfolio.tickets);
  const contacts = byCustomer(portfolio.contacts);
  const sumUsage = (id: string, from: number, to: number) =>
    usage(id)
      .filter((row) => String(row.date) >= addDays(demoDay, -from))
      .filter((row) => String(row.date) <= addDays(demoDay, -to))
      .reduce((sum, row) => sum + Number(row.active_users), 0);
  const facts = new Map<string, CustomerFacts>();
  for (const customer of portfolio.customers) {
    const id = String(customer.external_id);
    const [contract] = [...contracts(id)].sort((a, b) =>
      String(b.renewal_date).localeCompare(String(a.renewal_date)),
    );
    if (!contract) throw new Error(`${id} has no contract`);
    const earlierSum = sumUsage(id, 60, 31);
    const laterSum = sumUsage(id, 30, 1);
    const recent = tickets(id).filter(
      (t) => String(t.opened_at).slice(0, 10) >= addDays(demoDay, -90),
    );
    const activeRole = (role: string) =>
      contacts(id).some((c) => c.role === role && c.active === true);
    facts.set(id, {
      customer,
      contract,
      daysToRenewal: daysBetween(demoDay, String(contract.renewal_date)),
      earlierSum,
      laterSum,
      trendPct: earlierSum > 0 ? ((laterSum - earlierSum) / earlierSum) * 100 : 0,
      utilisation: laterSum / 30 / Number(customer.seats),
      tickets: recent,
      meanSentiment:
        recent.length > 0 ? recent.reduce((s, t) => s + Number(t.sentiment), 0) / recent.length : 0,
      openHighUrgent: recent.filter(
        (t) => t.status !== 'solved' && (t.priority === 'high' || t.priority === 'urgent'),
      ).length,
      championActive: activeRole('champion'),
      executiveActive: activeRole('executive'),
    });
  }
  return facts;
}
