import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, resolveSettings } from './settings.ts';
import { contractStatus, STAGES, type Stage, stageForDays } from './stage.ts';
import { ordered } from './test-arbitraries.ts';

const s = DEFAULT_SETTINGS.stages;

describe('stageForDays', () => {
  const boundaries: [number, Stage][] = [
    [-1, 'expired'],
    [0, 'emergency'],
    [s.emergencyMaxDays, 'emergency'],
    [s.emergencyMaxDays + 1, 'critical'],
    [s.criticalMaxDays, 'critical'],
    [s.criticalMaxDays + 1, 'urgent'],
    [s.urgentMaxDays, 'urgent'],
    [s.urgentMaxDays + 1, 'finalize'],
    [s.finalizeMaxDays, 'finalize'],
    [s.finalizeMaxDays + 1, 'negotiate'],
    [s.negotiateMaxDays, 'negotiate'],
    [s.negotiateMaxDays + 1, 'active'],
    [s.activeMaxDays, 'active'],
    [s.activeMaxDays + 1, 'prepare'],
    [s.prepareMaxDays, 'prepare'],
    [s.prepareMaxDays + 1, 'strategic'],
    [-365, 'expired'],
    [365, 'strategic'],
  ];
  it.each(boundaries)('%s days → %s', (days, stage) => {
    expect(stageForDays(days, DEFAULT_SETTINGS)).toBe(stage);
  });

  it('has the defaults of PRODUCT.md §3', () => {
    expect(Object.values(s)).toEqual([7, 14, 30, 60, 90, 120, 180]);
  });

  it('never gives an earlier stage for more days', () => {
    fc.assert(
      fc.property(ordered(fc.integer({ min: -1000, max: 1000 })), ([a, b]) => {
        expect(STAGES.indexOf(stageForDays(a))).toBeLessThanOrEqual(
          STAGES.indexOf(stageForDays(b)),
        );
      }),
    );
  });

  it('follows boundaries moved by company settings', () => {
    const moved = resolveSettings({ stages: { emergencyMaxDays: 3, criticalMaxDays: 10 } });
    expect(stageForDays(moved.stages.emergencyMaxDays, moved)).toBe('emergency');
    expect(stageForDays(moved.stages.emergencyMaxDays + 1, moved)).toBe('critical');
    expect(stageForDays(moved.stages.criticalMaxDays + 1, moved)).toBe('urgent');
    expect(stageForDays(moved.stages.emergencyMaxDays + 1, DEFAULT_SETTINGS)).toBe('emergency');
  });
});

describe('contractStatus', () => {
  const window = DEFAULT_SETTINGS.contract.expiringWithinDays;
  it.each([
    [null, window + 1, 'active'],
    [null, window, 'expiring'],
    [null, 0, 'expiring'],
    [null, -1, 'expired'],
    ['active', window + 1, 'active'],
    ['active', -1, 'expired'],
    ['renewed', -1, 'renewed'],
    ['renewed', window + 1, 'renewed'],
    ['churned', 10, 'churned'],
    ['churned', -10, 'churned'],
  ] as const)('status %s, %s days → %s', (status, daysToRenewal, expected) => {
    expect(contractStatus({ status, daysToRenewal }, DEFAULT_SETTINGS)).toBe(expected);
  });

  it('moves the expiring boundary with the setting', () => {
    const settings = resolveSettings({ contract: { expiringWithinDays: 90 } });
    const days = settings.contract.expiringWithinDays;
    expect(contractStatus({ status: null, daysToRenewal: days }, settings)).toBe('expiring');
    expect(contractStatus({ status: null, daysToRenewal: days + 1 }, settings)).toBe('active');
  });
});
