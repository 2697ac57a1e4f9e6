/**
 * The pricing decision (seed, chapter 8): three scenarios from src/domain/pricing.ts, the
 * recommended one in the chat; accept, adjust in a modal, or snooze.
 */
import { z } from 'zod';
import { MARKET_POSITIONS, type MarketPosition, recommendPricing } from '../src/domain/pricing.ts';
import { standardContextShape } from './context.ts';
import { defineSlide } from './define.ts';

const schema = z.object({
  ...standardContextShape,
  settings: z.object({
    /** Where today's price sits against the market. */
    marketPosition: z.enum(MARKET_POSITIONS as [MarketPosition, ...MarketPosition[]]).default('at'),
  }),
});

function scenarios(c: z.infer<typeof schema>) {
  return recommendPricing({
    arr: c.arr,
    usageTrendPct: c.usageTrendPct,
    seatUtilisation: c.seatUtilisation ?? null,
    healthScore: c.healthScore,
    riskScore: c.riskScore,
    marketPosition: c.settings.marketPosition,
  });
}

/** `an 8% increase`, `a 3% decrease`, `keeping the price`. */
export function changePhrase(pct: number): string {
  if (pct === 0) return 'keeping the price';
  const n = Math.abs(pct);
  const article = n === 8 || n === 11 || n === 18 || String(n).startsWith('8') ? 'an' : 'a';
  return `${article} ${n}% ${pct > 0 ? 'increase' : 'decrease'}`;
}

export const pricingStrategySlide = defineSlide({
  id: 'pricing-strategy',
  title: 'Pricing strategy',
  contextSchema: schema,
  derive: (c) => {
    const recommended = scenarios(c).find((s) => s.name === 'recommended')!;
    return {
      recommendedChange: changePhrase(recommended.changePct),
      recommendedArr: recommended.newArr,
      recommendedConfidence: recommended.confidence,
    };
  },
  chat:
    'Based on {{trend usageTrendPct}}, seat utilisation, health and market ' +
    'position, I recommend {{recommendedChange}} to {{dollars recommendedArr}} ' +
    '(confidence {{share recommendedConfidence}}). Accept it, adjust it, or snooze this step ' +
    'while you check.',
  gate: { kind: 'pricing-decided' },
  artifacts: (c) => [{ kind: 'pricing', scenarios: scenarios(c), recommended: 'recommended' }],
});
