import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MARKET_POSITIONS,
  type MarketPosition,
  PRICING,
  type PricingInputs,
  recommendPricing,
} from './pricing.ts';

const obsidianBlack: PricingInputs = {
  arr: 185_000,
  usageTrendPct: 20,
  seatUtilisation: 0.85,
  healthScore: 87,
  riskScore: 0,
  marketPosition: 'at',
};

const byName = (input: PricingInputs) =>
  Object.fromEntries(recommendPricing(input).map((s) => [s.name, s]));

const inputs = fc.record({
  arr: fc.integer({ min: 0, max: 5_000_000 }),
  usageTrendPct: fc.double({ min: -100, max: 300, noNaN: true }),
  seatUtilisation: fc.option(fc.double({ min: 0, max: 2, noNaN: true })),
  healthScore: fc.double({ min: 0, max: 100, noNaN: true }),
  riskScore: fc.double({ min: 0, max: 10, noNaN: true }),
  marketPosition: fc.constantFrom(...MARKET_POSITIONS),
});

describe('recommendPricing', () => {
  it('recommends Obsidian Black an 8% increase to $199,800 (seed, chapter 8)', () => {
    const s = byName(obsidianBlack);
    expect(s.recommended).toMatchObject({ changePct: 8, newArr: 199_800 });
    expect(s.conservative!.changePct).toBe(8 - PRICING.conservativeGapPct);
    expect(s.aggressive!.changePct).toBe(8 + PRICING.aggressiveGapPct);
    expect(s.recommended!.reasons).toContain('usage +20% in 30 days');
    expect(s.recommended!.reasons).toContain('85% of seats in use');
  });

  it('cuts the price for a risky, shrinking account, never below the floor', () => {
    const s = byName({ ...obsidianBlack, usageTrendPct: -40, healthScore: 30, riskScore: 9 });
    expect(s.recommended!.changePct).toBeLessThan(0);
    expect(s.conservative!.changePct).toBeGreaterThanOrEqual(PRICING.minPct);
  });

  it('keeps scenarios ordered, in range, with confidence in 0..1 falling with the ask', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const [c, r, a] = recommendPricing(input);
        expect(c!.changePct).toBeLessThanOrEqual(r!.changePct);
        expect(r!.changePct).toBeLessThanOrEqual(a!.changePct);
        for (const s of [c!, r!, a!]) {
          expect(s.changePct).toBeGreaterThanOrEqual(PRICING.minPct);
          expect(s.changePct).toBeLessThanOrEqual(PRICING.maxPct);
          expect(s.confidence).toBeGreaterThanOrEqual(0);
          expect(s.confidence).toBeLessThanOrEqual(1);
        }
        expect(c!.confidence).toBeGreaterThanOrEqual(r!.confidence);
        expect(r!.confidence).toBeGreaterThanOrEqual(a!.confidence);
      }),
    );
  });

  const up = fc.double({ min: 0, max: 50, noNaN: true });
  const monotone = (better: (i: PricingInputs, d: number) => PricingInputs) =>
    fc.assert(
      fc.property(inputs, up, (input, d) => {
        const before = byName(input).recommended!;
        const after = byName(better(input, d)).recommended!;
        expect(after.changePct).toBeGreaterThanOrEqual(before.changePct);
        expect(after.confidence).toBeGreaterThanOrEqual(before.confidence);
      }),
    );

  it('never asks less for more usage growth', () =>
    monotone((i, d) => ({ ...i, usageTrendPct: i.usageTrendPct + d })));
  it('never asks less for higher seat utilisation', () =>
    monotone((i, d) => ({ ...i, seatUtilisation: (i.seatUtilisation ?? 0) + d / 50 })));
  it('never asks less for better health', () =>
    monotone((i, d) => ({ ...i, healthScore: Math.min(100, i.healthScore + d) })));
  it('never asks more for more risk', () =>
    monotone((i, d) => ({ ...i, riskScore: Math.max(0, i.riskScore - d / 5) })));

  it('asks more the further below market the price is', () => {
    const order: MarketPosition[] = ['above', 'at', 'below'];
    fc.assert(
      fc.property(inputs, (input) => {
        const pcts = order.map((marketPosition) => byName({ ...input, marketPosition }));
        const changes = pcts.map((s) => s.recommended!.changePct);
        expect([...changes].sort((x, y) => x - y)).toEqual(changes);
      }),
    );
  });
});
