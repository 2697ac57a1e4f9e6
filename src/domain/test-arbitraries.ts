/**
 * fast-check arbitraries shared by the domain's tests (not part of the public API). Ranges
 * reach past realistic values on purpose so clamping is exercised too.
 */
import fc from 'fast-check';
import type { DecisionFacts } from './decide.ts';
import { ACCOUNT_PLANS, type CustomerFacts } from './facts.ts';
import type { HealthInputs } from './health.ts';
import type { PriorityInputs } from './priority.ts';
import { CONTRACT_STATUSES_OR_NONE } from './settings.ts';
import { contractStatus as computeContractStatus } from './stage.ts';

export const AS_OF = 20_417; // 2025-11-25

export const sentimentMean = fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: null });
export const trendPct = fc.double({ min: -100, max: 500, noNaN: true });
export const healthValue = fc.double({ min: 0, max: 100, noNaN: true });
export const utilisation = fc.option(fc.double({ min: 0, max: 3, noNaN: true }), { nil: null });
export const count = fc.integer({ min: 0, max: 12 });
export const statusOrNone = fc.constantFrom(...CONTRACT_STATUSES_OR_NONE);
export const daysOrNull = fc.option(fc.integer({ min: -400, max: 800 }), { nil: null });
export const accountPlan = fc.option(fc.constantFrom(...ACCOUNT_PLANS), { nil: null });

export const healthInputs: fc.Arbitrary<HealthInputs> = fc.record({
  usageTrendPct: trendPct,
  seatUtilisation: utilisation,
  openHighUrgentTickets: count,
  sentimentMean,
  activeChampions: count,
  activeExecutives: count,
  contractStatus: statusOrNone,
});

export const priorityInputs: fc.Arbitrary<PriorityInputs> = fc.record({
  arr: fc.double({ min: 0, max: 5e7, noNaN: true }),
  daysToRenewal: daysOrNull,
  healthDecline: fc.double({ min: -50, max: 100, noNaN: true }),
  usageTrendPct: trendPct,
  strategic: fc.boolean(),
});

/** Decision facts whose status and days agree (no days without a contract, and so on). */
export const decisionFacts: fc.Arbitrary<DecisionFacts> = fc
  .record({
    riskScore: fc.integer({ min: 0, max: 100 }).map((n) => n / 10),
    opportunityScore: fc.integer({ min: 0, max: 100 }).map((n) => n / 10),
    days: fc.integer({ min: -400, max: 800 }),
    recordStatus: fc.constantFrom('none', 'open', 'renewed', 'churned') as fc.Arbitrary<
      'none' | 'open' | 'renewed' | 'churned'
    >,
    accountPlan,
  })
  .map(({ riskScore, opportunityScore, days, recordStatus, accountPlan }) => {
    const none = recordStatus === 'none';
    const contractStatus = none
      ? 'none'
      : computeContractStatus({
          status: recordStatus === 'open' ? null : recordStatus,
          daysToRenewal: days,
        });
    return {
      riskScore,
      opportunityScore,
      daysToRenewal: none ? null : days,
      contractStatus,
      renewalDay: none ? null : AS_OF + days,
      accountPlan,
    } satisfies DecisionFacts;
  });

export const customerFacts: fc.Arbitrary<CustomerFacts> = fc.record({
  arr: fc.double({ min: 0, max: 5e6, noNaN: true }),
  seats: fc.integer({ min: 0, max: 500 }),
  strategic: fc.boolean(),
  accountPlan,
  contract: fc.option(
    fc.record({
      status: fc.constantFrom(null, 'active', 'renewed', 'churned'),
      renewalDay: fc.integer({ min: AS_OF - 400, max: AS_OF + 800 }),
    }),
    { nil: null },
  ),
  asOfDay: fc.constant(AS_OF),
  usageLast30Sum: fc.integer({ min: 0, max: 20_000 }),
  usagePrev30Sum: fc.integer({ min: 0, max: 20_000 }),
  avgActiveUsersLast30: fc.double({ min: 0, max: 600, noNaN: true }),
  sentimentMean,
  openHighUrgentTickets: count,
  activeChampions: count,
  activeExecutives: count,
  previousHealth: fc.option(healthValue, { nil: null }),
});

/** Two values of an arbitrary, smaller first. */
export function ordered<T extends number>(arb: fc.Arbitrary<T>): fc.Arbitrary<[T, T]> {
  return fc.tuple(arb, arb).map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [T, T]);
}
