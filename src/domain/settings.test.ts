import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  resolveSettings,
  SettingsError,
  settingsOverridesSchema,
  settingsSchema,
} from './settings.ts';
import { stageForDays } from './stage.ts';

function issuesOf(overrides: unknown): string[] {
  try {
    resolveSettings(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).issues;
  }
  throw new Error('expected the overrides to be rejected');
}

describe('DEFAULT_SETTINGS', () => {
  it('hold the numbers PRODUCT.md fixes', () => {
    const s = DEFAULT_SETTINGS;
    expect(s.contract.expiringWithinDays).toBe(120);
    expect(s.sentiment).toEqual({ positiveAbove: 0.2, negativeBelow: -0.2 });
    expect([s.windows.usageDays, s.windows.sentimentDays]).toEqual([30, 90]);
    expect(s.triggers).toEqual({
      riskScoreAtLeast: 7,
      opportunityScoreAtLeast: 6,
      inBandWithinDays: 120,
    });
    expect(s.preparationWindow).toEqual({ minDays: 121, maxDays: 180 });
    expect(s.events.usageSpikeFactor).toBe(2);
    expect(s.events.burstWindowMinutes).toBe(60);
    expect(s.snooze).toEqual({ rotLimitDays: 7, managerAfterDays: 2 });
  });

  it('satisfy their own schema', () => {
    expect(settingsSchema.safeParse(DEFAULT_SETTINGS).success).toBe(true);
  });
});

describe('resolveSettings', () => {
  it.each([undefined, null, {}])('gives the defaults for %j', (overrides) => {
    const settings = resolveSettings(overrides);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(settings).not.toBe(DEFAULT_SETTINGS);
  });

  it('merges a deep partial over the defaults without touching them', () => {
    const before = structuredClone(DEFAULT_SETTINGS);
    const settings = resolveSettings({
      risk: { health: { zeroAt: 80 } },
      triggers: { riskScoreAtLeast: 6.5 },
    });
    expect(settings.risk.health).toEqual({
      zeroAt: 80,
      fullAt: DEFAULT_SETTINGS.risk.health.fullAt,
    });
    expect(settings.triggers.riskScoreAtLeast).toBe(6.5);
    expect(settings.triggers.opportunityScoreAtLeast).toBe(
      DEFAULT_SETTINGS.triggers.opportunityScoreAtLeast,
    );
    expect(DEFAULT_SETTINGS).toEqual(before);
  });

  it.each([
    [{ bogus: 1 }, 'bogus: unknown setting'],
    [{ health: { weights: { usge: 1 } } }, 'health.weights.usge: unknown setting'],
    [
      { triggers: { riskScoreAtLeast: 11 } },
      'triggers.riskScoreAtLeast: expected a number from 0 to 10',
    ],
    [
      { priority: { weights: { arr: 'high' } } },
      'priority.weights.arr: expected a number from 0 to 10',
    ],
    [{ stages: { urgentMaxDays: 30.5 } }, 'stages.urgentMaxDays: expected a whole number of days'],
    [
      { stages: { criticalMaxDays: 5 } },
      'stages.criticalMaxDays: expected more than stages.emergencyMaxDays (7)',
    ],
    [
      { stages: { prepareMaxDays: 120 } },
      'stages.prepareMaxDays: expected more than stages.activeMaxDays (120)',
    ],
    [{ risk: { health: { fullAt: 90 } } }, 'risk.health.fullAt: expected fullAt below zeroAt'],
    [
      { opportunity: { utilisation: { zeroAt: 2 } } },
      'opportunity.utilisation.fullAt: expected fullAt above zeroAt',
    ],
    [
      { sentiment: { negativeBelow: 0.5 } },
      'sentiment.negativeBelow: expected at most sentiment.positiveAbove',
    ],
    [
      { preparationWindow: { minDays: 200 } },
      'preparationWindow.minDays: expected at most preparationWindow.maxDays',
    ],
    [
      { priority: { arrFloor: 2e6 } },
      'priority.arrFloor: expected less than priority.arrSaturation',
    ],
    [
      { risk: { weights: { health: 0, usageTrend: 0, sentiment: 0, contract: 0 } } },
      'risk.weights: expected at least one weight above 0',
    ],
    [
      { health: { support: { ticketsWeight: 0, sentimentWeight: 0 } } },
      'health.support: expected at least one weight above 0',
    ],
    [{ windows: { usageDays: 0 } }, 'windows.usageDays: expected a whole number of days from 1'],
    [
      { events: { burstWindowMinutes: 7.5 } },
      'events.burstWindowMinutes: expected a whole number of minutes from 0 to 1440',
    ],
    [{ stages: 7 }, 'stages: '],
    [5, '(root): '],
  ])('rejects %j naming the key', (overrides, message) => {
    const issues = issuesOf(overrides);
    expect(issues.some((issue) => issue.startsWith(message))).toBe(true);
  });

  it('reports every bad key at once, in the error message too', () => {
    const issues = issuesOf({ nope: 1, triggers: { riskScoreAtLeast: -1 } });
    expect(issues).toHaveLength(2);
    expect(() => resolveSettings({ nope: 1 })).toThrow(/invalid settings: nope: unknown setting/);
  });

  const boundaries = fc
    .uniqueArray(fc.integer({ min: 0, max: 3650 }), { minLength: 7, maxLength: 7 })
    .map((values) => values.sort((a, b) => a - b));

  it('accepts any strictly increasing stage boundaries, and stages follow them', () => {
    fc.assert(
      fc.property(boundaries, ([e, c, u, f, n, a, p]) => {
        const stages = {
          emergencyMaxDays: e!,
          criticalMaxDays: c!,
          urgentMaxDays: u!,
          finalizeMaxDays: f!,
          negotiateMaxDays: n!,
          activeMaxDays: a!,
          prepareMaxDays: p!,
        };
        const settings = resolveSettings({ stages });
        expect(settings.stages).toEqual(stages);
        expect(stageForDays(e!, settings)).toBe('emergency');
        expect(stageForDays(e! + 1, settings)).toBe('critical');
        expect(stageForDays(a!, settings)).toBe('active');
        expect(stageForDays(p! + 1, settings)).toBe('strategic');
      }),
    );
  });

  it('rejects any stage boundary that does not increase', () => {
    const keys = Object.keys(DEFAULT_SETTINGS.stages) as (keyof typeof DEFAULT_SETTINGS.stages)[];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: keys.length - 1 }),
        fc.integer({ min: 0, max: 30 }),
        (i, below) => {
          const key = keys[i]!;
          const value = Math.max(0, DEFAULT_SETTINGS.stages[keys[i - 1]!] - below);
          expect(
            issuesOf({ stages: { [key]: value } }).some((m) => m.startsWith(`stages.${key}:`)),
          ).toBe(true);
        },
      ),
    );
  });
});

describe('settingsOverridesSchema', () => {
  it('accepts any subset and rejects unknown keys', () => {
    expect(settingsOverridesSchema.safeParse({}).success).toBe(true);
    expect(
      settingsOverridesSchema.safeParse({ health: { usage: { trendPct: { zeroAt: -40 } } } })
        .success,
    ).toBe(true);
    expect(settingsOverridesSchema.safeParse({ health: { colour: 'red' } }).success).toBe(false);
  });
});
