import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessCustomer, evaluateCustomer } from './assess.ts';
import type { CustomerFacts } from './facts.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import { AS_OF, customerFacts, ordered } from './test-arbitraries.ts';

const { riskScoreAtLeast, opportunityScoreAtLeast } = DEFAULT_SETTINGS.triggers;

/** The narrative's account (seed, Chapters 2-4). */
const obsidianBlack: CustomerFacts = {
  arr: 185_000,
  seats: 100,
  strategic: true,
  accountPlan: 'expand',
  contract: { status: 'active', renewalDay: AS_OF + 365 },
  asOfDay: AS_OF,
  usageLast30Sum: 2_400,
  usagePrev30Sum: 2_000,
  avgActiveUsersLast30: 85,
  sentimentMean: 0.5,
  openHighUrgentTickets: 0,
  activeChampions: 1,
  activeExecutives: 1,
  previousHealth: 86,
};

const atRisk: CustomerFacts = {
  ...obsidianBlack,
  arr: 60_000,
  strategic: false,
  accountPlan: 'maintain',
  contract: { status: null, renewalDay: AS_OF + 45 },
  usageLast30Sum: 1_200,
  usagePrev30Sum: 2_000,
  avgActiveUsersLast30: 45,
  sentimentMean: -0.5,
  openHighUrgentTickets: 2,
  activeChampions: 0,
  activeExecutives: 1,
  previousHealth: 60,
};

const healthyFlat: CustomerFacts = {
  ...obsidianBlack,
  strategic: false,
  accountPlan: 'maintain',
  usageLast30Sum: 2_000,
  usagePrev30Sum: 2_000,
  avgActiveUsersLast30: 75,
  sentimentMean: 0.1,
  previousHealth: null,
};

describe('assessCustomer: calibration', () => {
  it('Obsidian Black: health ≈ 87, low risk, an opportunity, strategic stage', () => {
    const a = assessCustomer(obsidianBlack);
    expect(a).toMatchObject({
      daysToRenewal: 365,
      contractStatus: 'active',
      stage: 'strategic',
      usageTrendPct: 20,
      seatUtilisation: 0.85,
      sentiment: 'positive',
    });
    expect(a.healthScore).toBeGreaterThanOrEqual(85);
    expect(a.healthScore).toBeLessThanOrEqual(89);
    expect(a.riskScore).toBeLessThan(3);
    expect(a.opportunityScore).toBeGreaterThanOrEqual(opportunityScoreAtLeast);
  });

  it('Obsidian Black gets strategic planning and an out-of-band opportunity, no risk or renewal', () => {
    const { decisions } = evaluateCustomer(obsidianBlack);
    expect(decisions.map((d) => d.type)).toEqual(['opportunity-out-of-band', 'strategic-planning']);
  });

  it.each([
    ['as described', {}],
    [
      'high seat use, barely negative sentiment',
      { avgActiveUsersLast30: 100, sentimentMean: -0.21 },
    ],
    ['two executives still active', { activeExecutives: 2, sentimentMean: -0.25 }],
    ['no seats known', { seats: 0 }],
  ])('an account in decline before renewal reaches the risk trigger: %s', (_name, change) => {
    const a = assessCustomer({ ...atRisk, ...change });
    expect(a.stage).toBe('finalize');
    expect(a.riskScore).toBeGreaterThanOrEqual(riskScoreAtLeast);
    expect(evaluateCustomer({ ...atRisk, ...change }).decisions.map((d) => d.type)).toEqual([
      'risk-in-band',
      'contract-finalization',
    ]);
  });

  it.each([
    ['as described', {}],
    ['every seat used, glowing tickets', { avgActiveUsersLast30: 100, sentimentMean: 1 }],
    [
      'half the seats, no tickets, no executive',
      { avgActiveUsersLast30: 50, sentimentMean: null, activeExecutives: 0 },
    ],
  ])('a healthy flat account triggers neither risk nor opportunity: %s', (_name, change) => {
    const a = assessCustomer({ ...healthyFlat, ...change });
    expect(a.riskScore).toBeLessThan(riskScoreAtLeast);
    expect(a.opportunityScore).toBeLessThan(opportunityScoreAtLeast);
    expect(evaluateCustomer({ ...healthyFlat, ...change }).decisions).toEqual([]);
  });

  it('a customer without a contract has no days, stage or renewal work', () => {
    const a = assessCustomer({ ...obsidianBlack, contract: null });
    expect(a).toMatchObject({
      daysToRenewal: null,
      contractStatus: 'none',
      stage: null,
      renewalDay: null,
    });
  });

  it('measures health decline against the previous score, never below 0', () => {
    const a = assessCustomer({ ...atRisk, previousHealth: 70 });
    expect(a.healthDecline).toBeCloseTo(70 - a.healthScore, 6);
    expect(assessCustomer({ ...atRisk, previousHealth: 10 }).healthDecline).toBe(0);
    expect(assessCustomer({ ...atRisk, previousHealth: null }).healthDecline).toBe(0);
  });
});

describe('assessCustomer: properties over whole customers', () => {
  it('keeps every score in range', () => {
    fc.assert(
      fc.property(customerFacts, (facts) => {
        const { assessment: a, priority } = evaluateCustomer(facts);
        expect(a.healthScore).toBeGreaterThanOrEqual(0);
        expect(a.healthScore).toBeLessThanOrEqual(100);
        for (const score of [a.riskScore, a.opportunityScore]) {
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(10);
        }
        expect(priority.score).toBeGreaterThanOrEqual(0);
        expect(priority.score).toBeLessThanOrEqual(100);
        expect(a.healthDecline).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('less recent usage never lowers risk; more never lowers opportunity', () => {
    fc.assert(
      fc.property(
        customerFacts,
        ordered(fc.integer({ min: 0, max: 20_000 })),
        (facts, [less, more]) => {
          const low = assessCustomer({ ...facts, usageLast30Sum: less });
          const high = assessCustomer({ ...facts, usageLast30Sum: more });
          expect(low.riskScore).toBeGreaterThanOrEqual(high.riskScore);
          expect(low.opportunityScore).toBeLessThanOrEqual(high.opportunityScore);
        },
      ),
    );
  });

  it('more negative sentiment, more urgent tickets or fewer champions never lower risk', () => {
    fc.assert(
      fc.property(
        customerFacts,
        ordered(fc.double({ min: -1, max: 1, noNaN: true })),
        ordered(fc.integer({ min: 0, max: 10 })),
        (facts, [worse, better], [few, many]) => {
          const risk = (change: Partial<CustomerFacts>) =>
            assessCustomer({ ...facts, ...change }).riskScore;
          expect(risk({ sentimentMean: worse })).toBeGreaterThanOrEqual(
            risk({ sentimentMean: better }),
          );
          expect(risk({ openHighUrgentTickets: many })).toBeGreaterThanOrEqual(
            risk({ openHighUrgentTickets: few }),
          );
          expect(risk({ activeChampions: few })).toBeGreaterThanOrEqual(
            risk({ activeChampions: many }),
          );
        },
      ),
    );
  });

  it('higher seat utilisation never lowers opportunity', () => {
    fc.assert(
      fc.property(
        customerFacts,
        ordered(fc.double({ min: 0, max: 600, noNaN: true })),
        (facts, [few, many]) => {
          const opportunity = (users: number) =>
            assessCustomer({
              ...facts,
              seats: Math.max(1, facts.seats),
              avgActiveUsersLast30: users,
            }).opportunityScore;
          expect(opportunity(few)).toBeLessThanOrEqual(opportunity(many));
        },
      ),
    );
  });
});
