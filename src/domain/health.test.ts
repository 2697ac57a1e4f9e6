import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HealthInputs, healthScore } from './health.ts';
import { DEFAULT_SETTINGS, resolveSettings } from './settings.ts';
import { count, healthInputs, ordered, sentimentMean, trendPct } from './test-arbitraries.ts';

const obsidian: HealthInputs = {
  usageTrendPct: 20,
  seatUtilisation: 0.85,
  openHighUrgentTickets: 0,
  sentimentMean: 0.5,
  activeChampions: 1,
  activeExecutives: 1,
  contractStatus: 'active',
};

describe('healthScore', () => {
  it('scores the narrative account (Obsidian Black) about 87', () => {
    const { score, components } = healthScore(obsidian, DEFAULT_SETTINGS);
    expect(score).toBeGreaterThanOrEqual(85);
    expect(score).toBeLessThanOrEqual(89);
    expect(components).toEqual({ usage: 77.5, support: 87.5, engagement: 100, contract: 100 });
  });

  it.each([
    ['no seats known: usage is the trend alone', { seatUtilisation: null }, 'usage', 70],
    ['tickets at the zero point', { openHighUrgentTickets: 4 }, 'support', 37.5],
    ['no tickets in the window read as neutral', { sentimentMean: null }, 'support', 75],
    ['no champion', { activeChampions: 0 }, 'engagement', 40],
    ['expired contract', { contractStatus: 'expired' }, 'contract', 20],
  ] as const)('%s', (_name, change, component, value) => {
    const { components } = healthScore({ ...obsidian, ...change }, DEFAULT_SETTINGS);
    expect(components[component]).toBe(value);
  });

  it('blends the shown components with the weights', () => {
    const { score, components: c } = healthScore(obsidian, DEFAULT_SETTINGS);
    const w = DEFAULT_SETTINGS.health.weights;
    const total = w.usage + w.support + w.engagement + w.contract;
    const blended =
      (w.usage * c.usage +
        w.support * c.support +
        w.engagement * c.engagement +
        w.contract * c.contract) /
      total;
    expect(score).toBeCloseTo(blended, 1);
  });

  it('stays in 0..100 with every component in 0..100, to one decimal', () => {
    fc.assert(
      fc.property(healthInputs, (inputs) => {
        const { score, components } = healthScore(inputs);
        for (const v of [score, ...Object.values(components)]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(100);
          expect(Math.round(v * 10) / 10).toBe(v);
        }
      }),
    );
  });

  const rising: [keyof HealthInputs, fc.Arbitrary<number>][] = [
    ['usageTrendPct', trendPct],
    ['seatUtilisation', fc.double({ min: 0, max: 3, noNaN: true })],
    ['sentimentMean', fc.double({ min: -1, max: 1, noNaN: true })],
    ['activeChampions', count],
    ['activeExecutives', count],
  ];
  it.each(rising)('never falls when %s rises', (key, values) => {
    fc.assert(
      fc.property(healthInputs, ordered(values), (inputs, [a, b]) => {
        const low = healthScore({ ...inputs, [key]: a });
        const high = healthScore({ ...inputs, [key]: b });
        expect(low.score).toBeLessThanOrEqual(high.score);
      }),
    );
  });

  it('never rises with more open high/urgent tickets', () => {
    fc.assert(
      fc.property(healthInputs, ordered(count), (inputs, [fewer, more]) => {
        expect(healthScore({ ...inputs, openHighUrgentTickets: more }).score).toBeLessThanOrEqual(
          healthScore({ ...inputs, openHighUrgentTickets: fewer }).score,
        );
      }),
    );
  });

  it('reads "no tickets" like a neutral mean of 0', () => {
    fc.assert(
      fc.property(healthInputs, (inputs) => {
        expect(healthScore({ ...inputs, sentimentMean: null })).toEqual(
          healthScore({ ...inputs, sentimentMean: 0 }),
        );
      }),
    );
  });

  it('follows weight overrides', () => {
    const usageOnly = resolveSettings({
      health: { weights: { usage: 1, support: 0, engagement: 0, contract: 0 } },
    });
    fc.assert(
      fc.property(healthInputs, sentimentMean, (inputs, mean) => {
        const { score, components } = healthScore({ ...inputs, sentimentMean: mean }, usageOnly);
        expect(score).toBe(components.usage);
      }),
    );
  });
});
