/**
 * The scenario mix, checked from the generated rows themselves: every stage band, both
 * end-of-cycle statuses, and the signals behind every trigger of the decision matrix.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoPortfolio } from './generator.ts';
import { type CustomerFacts, readBack, stageOf } from './read-back.ts';

const facts = [...readBack(generateDemoPortfolio('2026-11-25'), '2026-11-25').values()];
const active = facts.filter((f) => f.contract.status === 'active');
const inBand = (f: CustomerFacts) => f.daysToRenewal <= 120;
const outOfBand = (f: CustomerFacts) => f.daysToRenewal > 120;
const countWhere = (rows: CustomerFacts[], test: (f: CustomerFacts) => boolean) =>
  rows.filter(test).length;

/** Every risk signal of PRODUCT.md §3 at once. */
const atRisk = (f: CustomerFacts) =>
  f.trendPct <= -40 && f.meanSentiment < -0.2 && f.openHighUrgent > 0 && !f.championActive;
const growing = (f: CustomerFacts) =>
  f.trendPct >= 30 && f.utilisation >= 0.95 && f.meanSentiment > 0.2;
const quiet = (f: CustomerFacts) =>
  f.daysToRenewal > 180 &&
  Math.abs(f.trendPct) <= 12 &&
  f.meanSentiment >= -0.2 &&
  f.openHighUrgent === 0 &&
  f.championActive &&
  !['invest', 'expand'].includes(String(f.customer.account_plan));

describe('demo scenario coverage', () => {
  it.each([
    'expired',
    'emergency',
    'critical',
    'urgent',
    'finalize',
    'negotiate',
    'active',
    'prepare',
    'strategic',
  ])('has active contracts in the %s stage', (stage) => {
    expect(countWhere(active, (f) => stageOf(f.daysToRenewal) === stage)).toBeGreaterThanOrEqual(
      stage === 'expired' ? 3 : 5,
    );
  });

  it('has customers whose cycle ended renewed and others churned', () => {
    expect(countWhere(facts, (f) => f.contract.status === 'renewed')).toBeGreaterThanOrEqual(5);
    expect(countWhere(facts, (f) => f.contract.status === 'churned')).toBeGreaterThanOrEqual(5);
  });

  it('has accounts with every risk signal, inside and outside the renewal band', () => {
    expect(countWhere(active, (f) => atRisk(f) && inBand(f))).toBeGreaterThanOrEqual(5);
    expect(countWhere(active, (f) => atRisk(f) && outOfBand(f))).toBeGreaterThanOrEqual(5);
  });

  it('has each risk signal on its own too', () => {
    expect(countWhere(active, (f) => f.trendPct <= -40)).toBeGreaterThan(0);
    expect(countWhere(active, (f) => f.meanSentiment < -0.2)).toBeGreaterThan(0);
    expect(countWhere(active, (f) => f.openHighUrgent > 0)).toBeGreaterThan(0);
    expect(countWhere(active, (f) => !f.championActive && f.executiveActive)).toBeGreaterThan(0);
    expect(countWhere(active, (f) => !f.championActive && !f.executiveActive)).toBeGreaterThan(0);
  });

  it('has growing accounts near their seat limit, inside and outside the renewal band', () => {
    expect(countWhere(active, (f) => growing(f) && inBand(f))).toBeGreaterThanOrEqual(5);
    expect(countWhere(active, (f) => growing(f) && outOfBand(f))).toBeGreaterThanOrEqual(5);
  });

  it('has strategic plans of both kinds', () => {
    for (const plan of ['invest', 'expand']) {
      expect(countWhere(active, (f) => f.customer.account_plan === plan)).toBeGreaterThan(0);
    }
  });

  it('is mostly quiet accounts that only need monitoring', () => {
    expect(countWhere(active, quiet)).toBeGreaterThanOrEqual(facts.length * 0.4);
  });

  it('keeps usage plausible: nobody above 105% of seats on an average day', () => {
    expect(facts.filter((f) => f.utilisation > 1.05)).toEqual([]);
    expect(facts.filter((f) => f.laterSum <= 0 || f.earlierSum <= 0)).toEqual([]);
  });
});
