import type { ModalView } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateView } from '../src/sandbox/slack/slack-limits.ts';
import { SNOOZE_WORKFLOW_BLOCKS as B, VIEW } from './action-ids.ts';
import {
  nextDay,
  readSnoozeWorkflow,
  readSnoozeWorkflowMetadata,
  snoozeWorkflowModal,
} from './snooze-workflow-modal.ts';
import { text } from './test-arbitraries.ts';
import { textOf } from './test-fixtures.ts';

const input = {
  instanceId: 101,
  customerName: 'Obsidian Black',
  type: 'strategic-planning',
  today: '2026-11-25',
};

describe('snoozeWorkflowModal', () => {
  const modal = snoozeWorkflowModal(input);

  it('is a valid modal, typed as views.open takes it, that says which workflow it snoozes', () => {
    const view: ModalView = modal;
    expect(validateView(view)).toEqual([]);
    expect(modal.title.text).toBe('Snooze workflow');
    expect(modal.callback_id).toBe(VIEW.snoozeWorkflow);
    expect(JSON.parse(modal.private_metadata!)).toEqual({ instanceId: 101 });
    expect(textOf(modal.blocks)).toContain('*Obsidian Black* · Strategic planning');
  });

  it('offers 1 day, 2 days, 1 week, or a date from tomorrow, and a reason, all optional', () => {
    const inputs = modal.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => [b.block_id, b.element.action_id, b.optional])).toEqual([
      [B.quick.blockId, B.quick.actionId, true],
      [B.date.blockId, B.date.actionId, true],
      [B.reason.blockId, B.reason.actionId, true],
    ]);
    expect(inputs[0]!.element).toMatchObject({
      type: 'radio_buttons',
      options: [
        { text: { text: '1 day' }, value: '1d' },
        { text: { text: '2 days' }, value: '2d' },
        { text: { text: '1 week' }, value: '1w' },
      ],
    });
    expect(inputs[1]!.element).toMatchObject({ type: 'datepicker', initial_date: '2026-11-26' });
    expect(inputs[2]!.element).toMatchObject({ type: 'plain_text_input', multiline: true });
  });

  it.each([
    ['2026-11-25', '2026-11-26'],
    ['2026-12-31', '2027-01-01'],
    ['2028-02-28', '2028-02-29'],
    ['tomorrow', null],
  ])('the day after %s is %s', (day, next) => {
    expect(nextDay(day)).toBe(next);
  });

  it('leaves the date empty when today is not a date', () => {
    const view = snoozeWorkflowModal({ ...input, today: 'garbage' });
    expect(JSON.stringify(view)).not.toContain('initial_date');
    expect(validateView(view)).toEqual([]);
  });

  it('is valid for any name and type', () => {
    fc.assert(
      fc.property(fc.nat(), text(), text(), (id, customerName, type) => {
        const view = snoozeWorkflowModal({ ...input, instanceId: id, customerName, type });
        expect(validateView(view)).toEqual([]);
        expect(readSnoozeWorkflowMetadata(view.private_metadata!)).toEqual(
          id > 0 ? { instanceId: id } : null,
        );
      }),
    );
  });
});

describe('reading the submission', () => {
  const values = (quick?: string, date?: string, reason?: string) => ({
    [B.quick.blockId]: {
      [B.quick.actionId]: { selected_option: quick ? { value: quick } : null },
    },
    [B.date.blockId]: { [B.date.actionId]: { selected_date: date ?? null } },
    [B.reason.blockId]: { [B.reason.actionId]: { value: reason ?? null } },
  });

  it.each([
    [
      values('2d', '2026-12-01', ' finance '),
      { until: { quick: '2d', days: 2 }, reason: 'finance' },
    ],
    [values(undefined, '2026-12-01'), { until: { date: '2026-12-01' }, reason: null }],
    [values('3y', 'soon', '   '), { until: null, reason: null }],
    [{}, { until: null, reason: null }],
  ])('%j → %j', (state, choice) => {
    expect(readSnoozeWorkflow(state)).toEqual(choice);
  });

  it.each(['', 'null', '{}', '{"instanceId":"7"}', '{"instanceId":1.5}', '[1]'])(
    'ignores metadata %j',
    (metadata) => {
      expect(readSnoozeWorkflowMetadata(metadata)).toBeNull();
    },
  );
});
