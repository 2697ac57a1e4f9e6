/**
 * Counts of what a demo portfolio holds, for `renubu demo` to print and tests to compare with
 * the database.
 */

import { inflect } from '../domain/words.ts';
import type { DemoPortfolio } from './generator.ts';
import type { ContractStatus } from './scenarios.ts';

export interface DemoSummary {
  csms: number;
  customers: number;
  contracts: Record<ContractStatus, number> & { total: number };
  contacts: number;
  usage: number;
  tickets: number;
}

export function summarizePortfolio(portfolio: DemoPortfolio): DemoSummary {
  const contracts = { total: portfolio.contracts.length, active: 0, renewed: 0, churned: 0 };
  for (const contract of portfolio.contracts) {
    const status = (contract.status ?? 'active') as ContractStatus;
    contracts[status] += 1;
  }
  return {
    csms: portfolio.csms.length,
    customers: portfolio.customers.length,
    contracts,
    contacts: portfolio.contacts.length,
    usage: portfolio.usage.length,
    tickets: portfolio.tickets.length,
  };
}

const count = (n: number, one: string, many?: string) =>
  `${n.toLocaleString('en-US')} ${inflect(n, one, many)}`;

/** One readable line, e.g. "7 CSMs, 351 customers, 493 contracts (…), …". */
export function describeSummary(summary: DemoSummary): string {
  const { contracts } = summary;
  return [
    count(summary.csms, 'CSM'),
    count(summary.customers, 'customer'),
    `${count(contracts.total, 'contract')} (${contracts.active} active, ${contracts.renewed} renewed, ${contracts.churned} churned)`,
    count(summary.contacts, 'contact'),
    count(summary.usage, 'usage row'),
    count(summary.tickets, 'ticket'),
  ].join(', ');
}
