/** Payload pieces the driver builds, and its signature checked by Bolt's own verifier. */
import { verifySlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../src/sandbox/slack/slack-driver.ts';
import {
  actionPayload,
  findElement,
  stateValue,
  stateValues,
} from '../../src/sandbox/slack/slack-payloads.ts';

const plain = (text: string) => ({ type: 'plain_text', text });
const choices = [
  { text: plain('1 day'), value: '1d' },
  { text: plain('1 week'), value: '1w' },
];
const view = {
  blocks: [
    {
      type: 'input',
      block_id: 'when',
      element: { type: 'static_select', action_id: 'pick', options: choices },
    },
    { type: 'input', block_id: 'why', element: { type: 'plain_text_input', action_id: 'text' } },
    {
      type: 'section',
      block_id: 'more',
      accessory: { type: 'overflow', action_id: 'menu', options: choices },
    },
    { type: 'actions', elements: [{ type: 'checkboxes', action_id: 'ticks', options: choices }] },
  ],
};

describe('findElement and stateValue', () => {
  it('finds an element by action_id in inputs, accessories and actions', () => {
    expect(findElement(view.blocks, 'pick')?.blockId).toBe('when');
    expect(findElement(view.blocks, 'menu')?.element.type).toBe('overflow');
    expect(findElement(view.blocks, 'ticks')).toMatchObject({ blockId: undefined });
    expect(findElement(view.blocks, 'missing')).toBeUndefined();
  });

  it.each([
    [{ type: 'static_select', options: choices }, '1w', { selected_option: choices[1] }],
    [{ type: 'checkboxes', options: choices }, ['1d', '1w'], { selected_options: choices }],
    [{ type: 'datepicker' }, '2024-05-01', { selected_date: '2024-05-01' }],
    [{ type: 'users_select' }, 'U0ANA', { selected_user: 'U0ANA' }],
    [{ type: 'plain_text_input' }, 'waiting', { value: 'waiting' }],
    [undefined, 'anything', { type: 'plain_text_input', value: 'anything' }],
  ])('turns a shorthand for %o into Slack state', (element, input, expected) => {
    expect(stateValue(element, input)).toMatchObject(expected);
  });

  it('keeps a full state object as given, and fills a whole view', () => {
    const own = { type: 'static_select', selected_option: null };
    expect(stateValue(undefined, own)).toBe(own);
    expect(stateValues(view, { when: { pick: '1d' }, why: { text: 'later' } })).toEqual({
      when: { pick: { type: 'static_select', selected_option: choices[0] } },
      why: { text: { type: 'plain_text_input', value: 'later' } },
    });
  });

  it('builds an action with the element type, block_id and option text', () => {
    const found = findElement(view.blocks, 'menu');
    expect(actionPayload({ actionId: 'menu', selectedOption: '1w' }, found, '1.2')).toEqual({
      type: 'overflow',
      action_id: 'menu',
      block_id: 'more',
      action_ts: '1.2',
      selected_option: choices[1],
    });
    expect(actionPayload({ actionId: 'go', value: 'v' }, undefined, '1.2')).toMatchObject({
      type: 'button',
      value: 'v',
      text: { type: 'plain_text', text: 'go' },
    });
  });
});

describe('signSlackRequest', () => {
  it('signs as Slack does: Bolt verifies it, and rejects another body or secret', () => {
    const now = Math.floor(Date.now() / 1000);
    const body = 'command=%2Frenubu&text=today';
    const headers = (signature: string) => ({
      'x-slack-request-timestamp': now,
      'x-slack-signature': signature,
    });
    const signature = signSlackRequest('secret', now, body);
    expect(() =>
      verifySlackRequest({ signingSecret: 'secret', body, headers: headers(signature) }),
    ).not.toThrow();
    expect(() =>
      verifySlackRequest({
        signingSecret: 'secret',
        body: `${body}x`,
        headers: headers(signature),
      }),
    ).toThrow(/signature mismatch/);
    const other = signSlackRequest('other', now, body);
    expect(() =>
      verifySlackRequest({ signingSecret: 'secret', body, headers: headers(other) }),
    ).toThrow();
  });
});
