import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTION,
  instanceValue,
  parseInstanceValue,
  parseStepValue,
  SNOOZE_QUICK_OPTIONS,
  SNOOZE_WORKFLOW_BLOCKS,
  stepValue,
  VIEW,
} from './action-ids.ts';

const ids = [
  ...Object.values(ACTION),
  ...Object.values(VIEW),
  ...Object.values(SNOOZE_WORKFLOW_BLOCKS).flatMap((b) => [b.blockId, b.actionId]),
];

describe('the id scheme', () => {
  it('keeps the names the listeners match on', () => {
    expect(ACTION).toEqual({
      begin: 'digest.begin',
      open: 'digest.open',
      snoozeWorkflow: 'digest.snooze_workflow',
      resumeStep: 'snoozed.resume',
      refreshHome: 'home.refresh',
      undoMessage: 'conversation.undo',
      say: 'conversation.say',
    });
    expect(VIEW).toEqual({ snoozeWorkflow: 'snooze_workflow.submit' });
  });

  it('names every id <slide>.<verb>, at most 255 characters, each once', () => {
    for (const id of ids) {
      expect(id).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(id.length).toBeLessThanOrEqual(255);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('offers the quick snoozes of PRODUCT.md §5 as durations', () => {
    expect(SNOOZE_QUICK_OPTIONS.map((o) => [o.label, o.value, o.days])).toEqual([
      ['1 day', '1d', 1],
      ['2 days', '2d', 2],
      ['1 week', '1w', 7],
    ]);
  });
});

describe('button values', () => {
  it('round-trip an instance id and a step, within 2000 characters', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 999_999 }),
        (id, index) => {
          expect(parseInstanceValue(instanceValue(id))).toBe(id);
          const value = stepValue(id, index);
          expect(value.length).toBeLessThanOrEqual(2000);
          expect(parseStepValue(value)).toEqual({ executionId: id, stepIndex: index });
        },
      ),
    );
  });

  it.each([undefined, '', '0', '-3', '1.5', 'x', '9007199254740993', '12345678901234567'])(
    'rejects the instance value %j',
    (value) => {
      expect(parseInstanceValue(value)).toBeNull();
    },
  );

  it.each([undefined, '', '7', '7:', ':2', '0:1', '7:-1', '7:2:3', 'a:b'])(
    'rejects the step value %j',
    (value) => {
      expect(parseStepValue(value)).toBeNull();
    },
  );
});
