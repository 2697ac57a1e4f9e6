import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from './settings.ts';
import { STAGES, stageForDays } from './stage.ts';
import {
  RENEWAL_WORKFLOW_BY_STAGE,
  WORKFLOW_TRIGGER,
  WORKFLOW_TRIGGERS,
  WORKFLOW_TYPES,
} from './workflow-types.ts';

describe('workflow types', () => {
  it('map every type to a known trigger, and every trigger has a type', () => {
    expect(Object.keys(WORKFLOW_TRIGGER).sort()).toEqual([...WORKFLOW_TYPES].sort());
    expect(new Set(Object.values(WORKFLOW_TRIGGER))).toEqual(new Set(WORKFLOW_TRIGGERS));
  });

  it('have a renewal workflow for exactly the stages inside the renewal window', () => {
    const window = DEFAULT_SETTINGS.stages.activeMaxDays;
    const inWindow = new Set(
      Array.from({ length: window + 2 }, (_, i) => stageForDays(i - 1, DEFAULT_SETTINGS)),
    );
    for (const stage of STAGES) {
      expect(RENEWAL_WORKFLOW_BY_STAGE[stage] !== undefined).toBe(inWindow.has(stage));
      const type = RENEWAL_WORKFLOW_BY_STAGE[stage];
      if (type) expect(WORKFLOW_TRIGGER[type]).toBe('renewal');
    }
  });

  it('give an expired contract the emergency workflow', () => {
    expect(RENEWAL_WORKFLOW_BY_STAGE.expired).toBe('emergency-retention');
  });
});
