import type { ModalView } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateView } from '../src/sandbox/slack/slack-limits.ts';
import {
  STEP_BLOCKS as B,
  parseStepMenuValue,
  readStepAction,
  readStepMetadata,
  STEP_MENU_ACTION,
  STEP_VIEW,
  stepEscalateModal,
  stepMenuValue,
  stepSkipModal,
  stepSnoozeModal,
} from './step-action-modals.ts';
import { text } from './test-arbitraries.ts';
import { textOf } from './test-fixtures.ts';
import { threadStep } from './thread-step.ts';

const step = {
  executionId: 7,
  stepIndex: 2,
  stepTitle: 'Pricing strategy',
  customerName: 'Obsidian Black',
};
const inputs = (modal: { blocks: unknown[] }) =>
  (modal.blocks as { type: string; block_id?: string; optional?: boolean }[])
    .filter((b) => b.type === 'input')
    .map((b) => [b.block_id, b.optional]);

describe('the step modals', () => {
  it('are valid modals carrying the step, with the inputs each action needs', () => {
    const snooze = stepSnoozeModal({ ...step, today: '2026-11-25' });
    const skip = stepSkipModal(step);
    const escalate = stepEscalateModal({ ...step, managerName: 'Dana Whitfield' });
    for (const [modal, id] of [
      [snooze, STEP_VIEW.snooze],
      [skip, STEP_VIEW.skip],
      [escalate, STEP_VIEW.escalate],
    ] as const) {
      expect(validateView(modal as unknown as ModalView)).toEqual([]);
      expect(modal.callback_id).toBe(id);
      expect(readStepMetadata(modal.private_metadata!)).toEqual({ executionId: 7, stepIndex: 2 });
      expect(textOf(modal.blocks)).toContain('*Step 3 Pricing strategy* · Obsidian Black');
    }
    expect(inputs(snooze)).toEqual([
      [B.quick.blockId, true],
      [B.date.blockId, true],
      [B.time.blockId, true],
      [B.reason.blockId, true],
    ]);
    expect(JSON.stringify(snooze.blocks)).toContain('"initial_date":"2026-11-26"');
    expect(inputs(skip)).toEqual([[B.reason.blockId, false]]);
    expect(inputs(escalate)).toEqual([[B.reason.blockId, true]]);
    expect(textOf(escalate.blocks)).toContain('*Dana Whitfield*');
  });

  it('stay valid for any title, customer and manager name', () => {
    fc.assert(
      fc.property(text(), text(), text(), (stepTitle, customerName, managerName) => {
        const input = { ...step, stepTitle, customerName };
        for (const modal of [
          stepSnoozeModal({ ...input, today: '2026-11-25' }),
          stepSkipModal(input),
          stepEscalateModal({ ...input, managerName }),
        ]) {
          expect(validateView(modal as unknown as ModalView)).toEqual([]);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('read what was filled in, a blank reason as none', () => {
    const values = {
      [B.quick.blockId]: { [B.quick.actionId]: { selected_option: { value: '2d' } } },
      [B.date.blockId]: { [B.date.actionId]: { selected_date: '2026-11-27' } },
      [B.time.blockId]: { [B.time.actionId]: { selected_time: '14:30' } },
      [B.reason.blockId]: { [B.reason.actionId]: { value: '  ' } },
    };
    expect(readStepAction(values)).toEqual({
      quick: '2d',
      date: '2026-11-27',
      time: '14:30',
      reason: null,
    });
    expect(readStepAction({})).toEqual({ quick: null, date: null, time: null, reason: null });
    for (const bad of ['', 'x', '{}', '{"executionId":0,"stepIndex":1}', '{"executionId":1}']) {
      expect(readStepMetadata(bad)).toBeNull();
    }
  });
});

describe('the step menu', () => {
  it('is an overflow on each step reply with snooze, skip, escalate values that read back', () => {
    const rendered = threadStep({
      executionId: 7,
      stepIndex: 2,
      slideId: 'intro',
      title: 'Intro',
      chatText: 'Hello',
      artifacts: [],
      gate: { kind: 'none' },
      checked: [],
      last: false,
    });
    const menu = (
      rendered.blocks[0] as {
        accessory?: { type: string; action_id: string; options: { value: string }[] };
      }
    ).accessory!;
    expect(menu).toMatchObject({ type: 'overflow', action_id: STEP_MENU_ACTION });
    expect(menu.options.map((o) => o.value)).toEqual(['snooze:7:2', 'skip:7:2', 'escalate:7:2']);
    expect(menu.options.length).toBeLessThanOrEqual(5);
    expect(parseStepMenuValue('skip:7:2')).toEqual({ verb: 'skip', executionId: 7, stepIndex: 2 });
    const longest = stepMenuValue('escalate', Number.MAX_SAFE_INTEGER, 999_999);
    expect(longest.length).toBeLessThanOrEqual(150);
    for (const bad of [undefined, '', 'resume:7:2', 'skip:0:2', 'skip:7', 'skip:7:2:x']) {
      expect(parseStepMenuValue(bad)).toBeNull();
    }
  });
});
