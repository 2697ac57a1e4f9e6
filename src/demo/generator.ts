/**
 * The bundled demo portfolio: Obsidian Black plus the scenario mix of `scenarios.ts`, spread
 * over the demo CSM team, as the arrays an import takes (PRODUCT.md §2). Pure and
 * deterministic: the same demo day gives byte-identical output; another day gives the same
 * accounts and ids with every date moved along, so "days to renewal" never changes.
 */

import { isDay } from '../domain/dates.ts';
import type { Entity, RawRecord } from '../import/types.ts';
import { csmRecords, JUSTIN, rotatingCsm } from './csms.ts';
import { createCompanyNamer } from './names.ts';
import { obsidianBlackSpec } from './obsidian-black.ts';
import { randomFor } from './prng.ts';
import { type AccountSpec, accountRecords } from './records.ts';
import { drawAccount, type Slot } from './sample.ts';
import { SCENARIOS } from './scenarios.ts';

/** A dataset with every entity present as a plain array. */
export type DemoPortfolio = Record<Entity, RawRecord[]>;

/**
 * One slot per account of the scenario table, shuffled so that ids do not give the scenario
 * away, then numbered `cust-0001` … and given an owner: Justin's share of each scenario goes
 * to him, the rest to the team in rotation.
 */
function demoSlots(): Slot[] {
  const slots = SCENARIOS.flatMap((scenario) =>
    Array.from({ length: scenario.count }, (_, k) => ({ scenario, justin: k < scenario.justin })),
  );
  let others = 0;
  return randomFor('slots')
    .shuffle(slots)
    .map(({ scenario, justin }, i) => ({
      externalId: `cust-${String(i + 1).padStart(4, '0')}`,
      scenario,
      csm: justin ? JUSTIN : rotatingCsm(others++),
      smallArr: justin,
    }));
}

/** Every account of the demo, Obsidian Black first. Independent of the demo day. */
export function demoAccounts(): AccountSpec[] {
  const namer = createCompanyNamer();
  return [
    obsidianBlackSpec(),
    ...demoSlots().map((slot) => drawAccount(slot, randomFor(slot.externalId), namer)),
  ];
}

/** The demo dataset as of `demoDay` (YYYY-MM-DD). */
export function generateDemoPortfolio(demoDay: string): DemoPortfolio {
  if (!isDay(demoDay)) throw new RangeError(`demo day must be YYYY-MM-DD, got "${demoDay}"`);
  const portfolio: DemoPortfolio = {
    csms: csmRecords(),
    customers: [],
    contracts: [],
    contacts: [],
    usage: [],
    tickets: [],
  };
  for (const spec of demoAccounts()) {
    const records = accountRecords(spec, demoDay, randomFor(`${spec.externalId}:usage`));
    portfolio.customers.push(records.customer);
    portfolio.contracts.push(...records.contracts);
    portfolio.contacts.push(...records.contacts);
    portfolio.usage.push(...records.usage);
    portfolio.tickets.push(...records.tickets);
  }
  return portfolio;
}
