import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type OpportunityInputs, opportunityScore, type RiskInputs, riskScore } from './scores.ts';
import { DEFAULT_SETTINGS, resolveSettings } from './settings.ts';
import {
  healthValue,
  ordered,
  sentimentMean,
  statusOrNone,
  trendPct,
  utilisation,
} from './test-arbitraries.ts';

const riskInputs: fc.Arbitrary<RiskInputs> = fc.record({
  health: healthValue,
  usageTrendPct: trendPct,
  sentimentMean,
  contractStatus: statusOrNone,
});
const opportunityInputs: fc.Arbitrary<OpportunityInputs> = fc.record({
  usageTrendPct: trendPct,
  health: healthValue,
  seatUtilisation: utilisation,
  contractStatus: statusOrNone,
});
const { riskScoreAtLeast, opportunityScoreAtLeast } = DEFAULT_SETTINGS.triggers;
const oneDecimal = (v: number) => Math.round(v * 10) / 10 === v;

describe('riskScore', () => {
  it.each([
    ['strong account', { health: 87.3, usageTrendPct: 20, sentimentMean: 0.5 }, 'active', 0, 3],
    ['healthy flat', { health: 76.5, usageTrendPct: 0, sentimentMean: null }, 'active', 0, 3],
    [
      'declining, bad tickets, expiring',
      { health: 38.5, usageTrendPct: -40, sentimentMean: -0.5 },
      'expiring',
      7,
      10,
    ],
    [
      'worst of everything',
      { health: 0, usageTrendPct: -100, sentimentMean: -1 },
      'expired',
      10,
      10,
    ],
  ] as const)('%s', (_name, values, contractStatus, min, max) => {
    const score = riskScore({ ...values, contractStatus }, DEFAULT_SETTINGS);
    expect(score).toBeGreaterThanOrEqual(min);
    expect(score).toBeLessThanOrEqual(max);
  });

  it('stays in 0..10, to one decimal', () => {
    fc.assert(
      fc.property(riskInputs, (inputs) => {
        const score = riskScore(inputs);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(10);
        expect(oneDecimal(score)).toBe(true);
      }),
    );
  });

  it('never falls for lower health, a more negative trend or more negative sentiment', () => {
    fc.assert(
      fc.property(
        riskInputs,
        ordered(healthValue),
        ordered(trendPct),
        ordered(fc.double({ min: -1, max: 1, noNaN: true })),
        (inputs, [lowHealth, highHealth], [lowTrend, highTrend], [lowMean, highMean]) => {
          const at = (change: Partial<RiskInputs>) => riskScore({ ...inputs, ...change });
          expect(at({ health: lowHealth })).toBeGreaterThanOrEqual(at({ health: highHealth }));
          expect(at({ usageTrendPct: lowTrend })).toBeGreaterThanOrEqual(
            at({ usageTrendPct: highTrend }),
          );
          expect(at({ sentimentMean: lowMean })).toBeGreaterThanOrEqual(
            at({ sentimentMean: highMean }),
          );
        },
      ),
    );
  });

  it('does not reach the trigger without a usage decline or negative sentiment', () => {
    fc.assert(
      fc.property(
        riskInputs,
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
        (inputs, trend, mean) => {
          const score = riskScore({ ...inputs, usageTrendPct: trend, sentimentMean: mean });
          expect(score).toBeLessThan(riskScoreAtLeast);
        },
      ),
    );
  });
});

describe('opportunityScore', () => {
  it.each([
    [
      'growing, well used',
      { usageTrendPct: 20, health: 87.3, seatUtilisation: 0.85 },
      'active',
      opportunityScoreAtLeast,
      10,
    ],
    [
      'flat, well used',
      { usageTrendPct: 0, health: 90, seatUtilisation: 1 },
      'active',
      0,
      opportunityScoreAtLeast - 0.1,
    ],
    ['declining', { usageTrendPct: -40, health: 40, seatUtilisation: 0.4 }, 'expiring', 0, 2],
  ] as const)('%s', (_name, values, contractStatus, min, max) => {
    const score = opportunityScore({ ...values, contractStatus }, DEFAULT_SETTINGS);
    expect(score).toBeGreaterThanOrEqual(min);
    expect(score).toBeLessThanOrEqual(max);
  });

  it('stays in 0..10, to one decimal', () => {
    fc.assert(
      fc.property(opportunityInputs, (inputs) => {
        const score = opportunityScore(inputs);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(10);
        expect(oneDecimal(score)).toBe(true);
      }),
    );
  });

  it('never falls for stronger usage growth, higher utilisation or higher health', () => {
    fc.assert(
      fc.property(
        opportunityInputs,
        ordered(trendPct),
        ordered(fc.double({ min: 0, max: 3, noNaN: true })),
        ordered(healthValue),
        (inputs, [lowTrend, highTrend], [lowUse, highUse], [lowHealth, highHealth]) => {
          const at = (change: Partial<OpportunityInputs>) =>
            opportunityScore({ ...inputs, ...change });
          expect(at({ usageTrendPct: lowTrend })).toBeLessThanOrEqual(
            at({ usageTrendPct: highTrend }),
          );
          expect(at({ seatUtilisation: lowUse })).toBeLessThanOrEqual(
            at({ seatUtilisation: highUse }),
          );
          expect(at({ health: lowHealth })).toBeLessThanOrEqual(at({ health: highHealth }));
        },
      ),
    );
  });

  it('does not reach the trigger without usage growth', () => {
    fc.assert(
      fc.property(
        opportunityInputs,
        fc.double({ min: -100, max: 0, noNaN: true }),
        (inputs, trend) => {
          expect(opportunityScore({ ...inputs, usageTrendPct: trend })).toBeLessThan(
            opportunityScoreAtLeast,
          );
        },
      ),
    );
  });

  it('follows weight overrides', () => {
    const growthOnly = resolveSettings({
      opportunity: { weights: { usageTrend: 1, utilisation: 0, health: 0, contract: 0 } },
    });
    const full = DEFAULT_SETTINGS.opportunity.usageTrendPct.fullAt;
    fc.assert(
      fc.property(opportunityInputs, (inputs) => {
        expect(opportunityScore({ ...inputs, usageTrendPct: full }, growthOnly)).toBe(10);
      }),
    );
  });
});
