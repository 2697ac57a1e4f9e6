import { describe, expect, it } from 'vitest';
import { actionSchema, viewState } from './act.ts';

const option = (value: string, text: string) => ({
  text: { type: 'plain_text', text },
  value,
});

const view = {
  id: 'V1',
  type: 'modal',
  blocks: [
    { type: 'input', block_id: 'reason', element: { type: 'plain_text_input', action_id: 'r' } },
    {
      type: 'input',
      block_id: 'for',
      element: { type: 'radio_buttons', action_id: 'f', options: [option('2d', '2 days')] },
    },
    {
      type: 'input',
      block_id: 'terms',
      element: { type: 'static_select', action_id: 't', options: [option('net30', 'Net 30')] },
    },
    {
      type: 'input',
      block_id: 'attach',
      element: { type: 'checkboxes', action_id: 'a', options: [option('pdf', 'Attach the PDF')] },
    },
    { type: 'input', block_id: 'until', element: { type: 'datepicker', action_id: 'd' } },
    { type: 'input', block_id: 'at', element: { type: 'timepicker', action_id: 'h' } },
  ],
};

describe('viewState: the page’s raw values as Slack’s view.state.values', () => {
  it('types each value after its element, with the option texts the view shows', () => {
    const state = viewState(view, {
      reason: { r: 'waiting for finance' },
      for: { f: '2d' },
      terms: { t: 'net30' },
      attach: { a: ['pdf'] },
      until: { d: '2026-12-01' },
      at: { h: '09:00' },
    });
    expect(state).toEqual({
      reason: { r: { type: 'plain_text_input', value: 'waiting for finance' } },
      for: { f: { type: 'radio_buttons', selected_option: option('2d', '2 days') } },
      terms: { t: { type: 'static_select', selected_option: option('net30', 'Net 30') } },
      attach: { a: { type: 'checkboxes', selected_options: [option('pdf', 'Attach the PDF')] } },
      until: { d: { type: 'datepicker', selected_date: '2026-12-01' } },
      at: { h: { type: 'timepicker', selected_time: '09:00' } },
    });
  });

  it('sends what Slack sends for inputs left empty', () => {
    const state = viewState(view, {
      reason: { r: '' },
      for: { f: null },
      terms: { t: null },
      attach: { a: [] },
      until: { d: null },
      at: { h: null },
    });
    expect(state).toEqual({
      reason: { r: { type: 'plain_text_input', value: null } },
      for: { f: { type: 'radio_buttons', selected_option: null } },
      terms: { t: { type: 'static_select', selected_option: null } },
      attach: { a: { type: 'checkboxes', selected_options: [] } },
      until: { d: { type: 'datepicker', selected_date: null } },
      at: { h: { type: 'timepicker', selected_time: null } },
    });
  });
});

describe('actionSchema', () => {
  it('names what is missing in a malformed act', () => {
    const parsed = actionSchema.safeParse({ type: 'block_action', user: 'U1' });
    expect(parsed.success).toBe(false);
    const paths = parsed.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['container', 'actionId']));
  });

  it('takes a command typed in a thread', () => {
    const act = { type: 'command', user: 'U1', text: 'snooze 2d', threadTs: '1.2' };
    expect(actionSchema.parse(act)).toEqual(act);
  });
});
