/**
 * zod schemas for {@link DomainSettings}: the full, cross-checked schema a resolved settings
 * object must satisfy, and the deep-partial schema for a company's overrides (every key
 * optional, unknown keys rejected, each value range-checked). The ranges are also the bounds
 * the feedback loop may move weights within.
 */
import { z } from 'zod';
import type { DomainSettings } from './settings.ts';

const num = (min: number, max: number) =>
  z
    .number({ error: `expected a number from ${min} to ${max}` })
    .min(min, { error: `expected a number from ${min} to ${max}` })
    .max(max, { error: `expected a number from ${min} to ${max}` });

const days = () =>
  z
    .number({ error: 'expected a whole number of days from 0 to 3650' })
    .int({ error: 'expected a whole number of days from 0 to 3650' })
    .min(0, { error: 'expected a whole number of days from 0 to 3650' })
    .max(3650, { error: 'expected a whole number of days from 0 to 3650' });

const positiveDays = () =>
  z
    .number({ error: 'expected a whole number of days from 1 to 3650' })
    .int({ error: 'expected a whole number of days from 1 to 3650' })
    .min(1, { error: 'expected a whole number of days from 1 to 3650' })
    .max(3650, { error: 'expected a whole number of days from 1 to 3650' });

/** A ramp whose `fullAt` must lie above (`rising`) or below (`falling`) its `zeroAt`. */
const ramp = (direction: 'rising' | 'falling', min: number, max: number) =>
  z
    .strictObject({ zeroAt: num(min, max), fullAt: num(min, max) })
    .refine((r) => (direction === 'rising' ? r.fullAt > r.zeroAt : r.fullAt < r.zeroAt), {
      path: ['fullAt'],
      error: `expected fullAt ${direction === 'rising' ? 'above' : 'below'} zeroAt`,
    });

const perStatus = (max: number) =>
  z.strictObject({
    active: num(0, max),
    expiring: num(0, max),
    expired: num(0, max),
    renewed: num(0, max),
    churned: num(0, max),
    none: num(0, max),
  });

/** A group of relative weights: each 0..max, not all 0. */
const weights = <K extends string>(keys: readonly K[], max: number) =>
  z
    .strictObject(Object.fromEntries(keys.map((k) => [k, num(0, max)])) as Record<K, z.ZodNumber>)
    .refine((w) => Object.values(w as Record<string, number>).some((v) => v > 0), {
      error: 'expected at least one weight above 0',
    });

const STAGE_KEYS = [
  'emergencyMaxDays',
  'criticalMaxDays',
  'urgentMaxDays',
  'finalizeMaxDays',
  'negotiateMaxDays',
  'activeMaxDays',
  'prepareMaxDays',
] as const;

const stages = z
  .strictObject(
    Object.fromEntries(STAGE_KEYS.map((k) => [k, days()])) as Record<
      (typeof STAGE_KEYS)[number],
      ReturnType<typeof days>
    >,
  )
  .superRefine((s, ctx) => {
    for (let i = 1; i < STAGE_KEYS.length; i++) {
      const key = STAGE_KEYS[i]!;
      const before = STAGE_KEYS[i - 1]!;
      if (!(s[key] > s[before])) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `expected more than stages.${before} (${s[before]}): stage boundaries must increase`,
        });
      }
    }
  });

/** The full settings schema: what {@link resolveSettings} returns always satisfies it. */
export const settingsSchema = z
  .strictObject({
    stages,
    contract: z.strictObject({ expiringWithinDays: days() }),
    sentiment: z.strictObject({ positiveAbove: num(-1, 1), negativeBelow: num(-1, 1) }),
    windows: z.strictObject({
      usageDays: positiveDays(),
      sentimentDays: positiveDays(),
      healthLookbackDays: positiveDays(),
      spikeTrailingDays: positiveDays(),
    }),
    events: z.strictObject({
      usageSpikeFactor: num(1, 100),
      burstWindowMinutes: z
        .number({ error: 'expected a whole number of minutes from 0 to 1440' })
        .int({ error: 'expected a whole number of minutes from 0 to 1440' })
        .min(0, { error: 'expected a whole number of minutes from 0 to 1440' })
        .max(1440, { error: 'expected a whole number of minutes from 0 to 1440' }),
    }),
    triggers: z.strictObject({
      riskScoreAtLeast: num(0, 10),
      opportunityScoreAtLeast: num(0, 10),
      inBandWithinDays: days(),
    }),
    preparationWindow: z.strictObject({ minDays: days(), maxDays: days() }),
    health: z.strictObject({
      weights: weights(['usage', 'support', 'engagement', 'contract'], 100),
      usage: z.strictObject({
        trendWeight: num(0, 100),
        utilisationWeight: num(0, 100),
        trendPct: ramp('rising', -100, 10_000),
        utilisation: ramp('rising', 0, 100),
      }),
      support: z.strictObject({
        ticketsWeight: num(0, 100),
        sentimentWeight: num(0, 100),
        openTickets: ramp('falling', 0, 1000),
        sentiment: ramp('rising', -1, 1),
      }),
      engagement: z.strictObject({
        championWeight: num(0, 100),
        executiveWeight: num(0, 100),
        champions: ramp('rising', 0, 1000),
        executives: ramp('rising', 0, 1000),
      }),
      contract: perStatus(100),
    }),
    risk: z.strictObject({
      weights: weights(['health', 'usageTrend', 'sentiment', 'contract'], 100),
      health: ramp('falling', 0, 100),
      usageTrendPct: ramp('falling', -100, 10_000),
      sentiment: ramp('falling', -1, 1),
      contract: perStatus(1),
    }),
    opportunity: z.strictObject({
      weights: weights(['usageTrend', 'utilisation', 'health', 'contract'], 100),
      usageTrendPct: ramp('rising', -100, 10_000),
      utilisation: ramp('rising', 0, 100),
      health: ramp('rising', 0, 100),
      contract: perStatus(1),
    }),
    priority: z.strictObject({
      weights: weights(['arr', 'urgency', 'healthDecline', 'usageDecline', 'strategic'], 10),
      arrFloor: num(0.01, 1e12),
      arrSaturation: num(1, 1e12),
      urgencyHalfLifeDays: num(1, 3650),
      healthDeclineFullPoints: num(1, 100),
      usageDeclineFullPct: num(1, 100),
      reasonMinPoints: num(0, 100),
    }),
    summary: z.strictObject({
      priorityListSize: z
        .number({ error: 'expected a whole number from 1 to 100' })
        .int({ error: 'expected a whole number from 1 to 100' })
        .min(1, { error: 'expected a whole number from 1 to 100' })
        .max(100, { error: 'expected a whole number from 1 to 100' }),
    }),
    snooze: z.strictObject({ rotLimitDays: days(), managerAfterDays: days() }),
  })
  .superRefine((s, ctx) => {
    const issue = (path: string[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if (!(s.sentiment.negativeBelow <= s.sentiment.positiveAbove)) {
      issue(['sentiment', 'negativeBelow'], 'expected at most sentiment.positiveAbove');
    }
    if (!(s.preparationWindow.minDays <= s.preparationWindow.maxDays)) {
      issue(['preparationWindow', 'minDays'], 'expected at most preparationWindow.maxDays');
    }
    if (!(s.priority.arrFloor < s.priority.arrSaturation)) {
      issue(['priority', 'arrFloor'], 'expected less than priority.arrSaturation');
    }
    for (const part of ['usage', 'support', 'engagement'] as const) {
      const group = s.health[part] as unknown as Record<string, number>;
      const sum = Object.entries(group)
        .filter(([k]) => k.endsWith('Weight'))
        .reduce((total, [, v]) => total + v, 0);
      if (!(sum > 0)) issue(['health', part], 'expected at least one weight above 0');
    }
  }) satisfies z.ZodType<DomainSettings>;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** A company's overrides: any subset of {@link DomainSettings}, nested the same way. */
export type SettingsOverrides = DeepPartial<DomainSettings>;

/** Every key optional at every depth; leaves keep their range checks; unknown keys fail. */
function partialDeep(schema: z.ZodType): z.ZodType {
  if (!(schema instanceof z.ZodObject)) return schema.optional();
  const shape = Object.fromEntries(
    Object.entries(schema.shape as Record<string, z.ZodType>).map(([k, v]) => [k, partialDeep(v)]),
  );
  return z.strictObject(shape).optional();
}

/** zod schema of {@link SettingsOverrides} (cross-key rules are checked after the merge). */
export const settingsOverridesSchema = (
  partialDeep(settingsSchema) as z.ZodOptional<z.ZodType<SettingsOverrides>>
).unwrap();
