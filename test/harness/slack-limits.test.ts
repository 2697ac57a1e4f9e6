/** Block Kit limits: each one accepted at its boundary and rejected one past it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blockTextLength,
  checkMessage,
  SLACK_LIMITS as L,
  type Surface,
  validateBlocks,
  validateView,
} from '../../src/sandbox/slack/slack-limits.ts';

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });
const button = (fields: object = {}) => ({ type: 'button', text: plain('Go'), ...fields });
const option = (value: string, text = value) => ({ text: plain(text), value });
const options = (n: number) => Array.from({ length: n }, (_, i) => option(`o${i}`));
const actions = (...elements: object[]) => ({ type: 'actions', elements });
const times = <T>(n: number, make: (i: number) => T) =>
  Array.from({ length: n }, (_, i) => make(i));
const modal = (fields: object = {}) => ({
  type: 'modal',
  title: plain('Snooze'),
  blocks: [],
  ...fields,
});

/** [what, limit, a block (or blocks) built with n of it, the pointer of the problem] */
const boundaries: Array<[string, number, (n: number) => object, string]> = [
  ['section text', L.sectionText, (n) => section('x'.repeat(n)), '/blocks/0/text/text'],
  [
    'section fields',
    L.sectionFields,
    (n) => ({ type: 'section', fields: times(n, () => mrkdwn('f')) }),
    '/blocks/0/fields',
  ],
  [
    'section field text',
    L.sectionFieldText,
    (n) => ({ type: 'section', fields: [mrkdwn('x'.repeat(n))] }),
    '/blocks/0/fields/0/text',
  ],
  [
    'header text',
    L.headerText,
    (n) => ({ type: 'header', text: plain('x'.repeat(n)) }),
    '/blocks/0/text/text',
  ],
  [
    'context elements',
    L.contextElements,
    (n) => ({ type: 'context', elements: times(n, () => mrkdwn('c')) }),
    '/blocks/0/elements',
  ],
  [
    'actions elements',
    L.actionsElements,
    (n) => actions(...times(n, (i) => button({ action_id: `a${i}` }))),
    '/blocks/0/elements',
  ],
  [
    'button text',
    L.buttonText,
    (n) => actions(button({ text: plain('x'.repeat(n)) })),
    '/blocks/0/elements/0/text/text',
  ],
  [
    'button value',
    L.buttonValue,
    (n) => actions(button({ value: 'x'.repeat(n) })),
    '/blocks/0/elements/0/value',
  ],
  ['button url', L.url, (n) => actions(button({ url: 'x'.repeat(n) })), '/blocks/0/elements/0/url'],
  [
    'option text',
    L.optionText,
    (n) => actions({ type: 'static_select', options: [option('v', 'x'.repeat(n))] }),
    '/blocks/0/elements/0/options/0/text/text',
  ],
  [
    'checkbox options',
    L.choiceOptions,
    (n) => actions({ type: 'checkboxes', options: options(n) }),
    '/blocks/0/elements/0/options',
  ],
  [
    'radio options',
    L.choiceOptions,
    (n) => actions({ type: 'radio_buttons', options: options(n) }),
    '/blocks/0/elements/0/options',
  ],
  [
    'static_select options',
    L.selectOptions,
    (n) => actions({ type: 'static_select', options: options(n) }),
    '/blocks/0/elements/0/options',
  ],
  [
    'action_id',
    L.id,
    (n) => actions(button({ action_id: 'x'.repeat(n) })),
    '/blocks/0/elements/0/action_id',
  ],
  ['block_id', L.id, (n) => ({ type: 'divider', block_id: 'x'.repeat(n) }), '/blocks/0/block_id'],
];

describe('validateBlocks', () => {
  it.each(boundaries)('%s: %i is fine, one more is not', (_what, limit, make, pointer) => {
    expect(validateBlocks([make(limit)], 'message')).toEqual([]);
    expect(validateBlocks([make(limit + 1)], 'message')).toEqual([
      { pointer, message: expect.stringMatching(/at most/) },
    ]);
  });

  it.each([
    ['message', L.messageBlocks],
    ['modal', L.viewBlocks],
    ['home', L.viewBlocks],
  ] as Array<[Surface, number]>)('allows %s surfaces %i blocks and no more', (surface, limit) => {
    const blocks = (n: number) => times(n, () => ({ type: 'divider' }));
    expect(validateBlocks(blocks(limit), surface)).toEqual([]);
    expect(validateBlocks(blocks(limit + 1), surface)).toHaveLength(1);
  });

  it('checks structure: known types, text objects, unique ids, inputs only in modals', () => {
    const input = { type: 'input', label: plain('Why'), element: { type: 'plain_text_input' } };
    const cases: Array<[unknown[], Surface, string]> = [
      [[{ type: 'carousel' }], 'message', '/blocks/0/type'],
      [[{ type: 'header', text: mrkdwn('Title') }], 'message', '/blocks/0/text/type'],
      [
        [{ type: 'section', text: { type: 'markdown', text: 'x' } }],
        'message',
        '/blocks/0/text/type',
      ],
      [[{ type: 'section', text: mrkdwn('') }], 'message', '/blocks/0/text/text'],
      [[{ type: 'section' }], 'message', '/blocks/0'],
      [
        [
          { type: 'divider', block_id: 'b' },
          { type: 'divider', block_id: 'b' },
        ],
        'home',
        '/blocks/1/block_id',
      ],
      [
        [actions(button({ action_id: 'a' }), button({ action_id: 'a' }))],
        'message',
        '/blocks/0/elements/1/action_id',
      ],
      [[actions({ type: 'plain_text_input' })], 'message', '/blocks/0/elements/0/type'],
      [[{ type: 'image', image_url: 'https://x.test/a.png' }], 'message', '/blocks/0/alt_text'],
      [[input], 'message', '/blocks/0/type'],
      [[input], 'home', '/blocks/0/type'],
    ];
    for (const [blocks, surface, pointer] of cases) {
      expect(validateBlocks(blocks, surface).map((p) => p.pointer)).toEqual([pointer]);
    }
    expect(validateBlocks([input], 'modal')).toEqual([]);
    expect(validateBlocks({}, 'message')).toEqual([
      { pointer: '/blocks', message: 'must be an array' },
    ]);
  });
});

describe('validateView', () => {
  it.each(['title', 'submit', 'close'])(
    'limits the modal %s to 24 plain_text characters',
    (field) => {
      expect(validateView(modal({ [field]: plain('x'.repeat(L.viewTitle)) }))).toEqual([]);
      const problems = validateView(modal({ [field]: plain('x'.repeat(L.viewTitle + 1)) }));
      expect(problems.map((p) => p.pointer)).toEqual([`/view/${field}/text`]);
      const marked = validateView(modal({ [field]: mrkdwn('x') }));
      expect(marked.map((p) => p.pointer)).toEqual([`/view/${field}/type`]);
    },
  );

  it('limits private_metadata and callback_id, and wants a title, a type and a submit for inputs', () => {
    expect(validateView(modal({ private_metadata: 'x'.repeat(L.privateMetadata) }))).toEqual([]);
    const pointers = (view: unknown) => validateView(view).map((p) => p.pointer);
    expect(pointers(modal({ private_metadata: 'x'.repeat(L.privateMetadata + 1) }))).toEqual([
      '/view/private_metadata',
    ]);
    expect(pointers(modal({ callback_id: 'x'.repeat(L.id + 1) }))).toEqual(['/view/callback_id']);
    expect(pointers({ type: 'modal', blocks: [] })).toEqual(['/view/title']);
    expect(pointers({ type: 'dialog', blocks: [] })).toEqual(['/view/type']);
    const input = { type: 'input', label: plain('Why'), element: { type: 'plain_text_input' } };
    expect(pointers(modal({ blocks: [input] }))).toEqual(['/view/submit']);
    expect(pointers({ type: 'home', blocks: times(L.viewBlocks + 1, () => section('x')) })).toEqual(
      ['/view/blocks'],
    );
  });
});

describe('checkMessage', () => {
  it('answers no_text, msg_too_long, invalid_blocks and msg_blocks_too_long as Slack does', () => {
    expect(checkMessage({})).toEqual({ ok: false, error: 'no_text' });
    expect(checkMessage({ text: 'x'.repeat(L.messageText) })).toBeUndefined();
    expect(checkMessage({ text: 'x'.repeat(L.messageText + 1) })?.error).toBe('msg_too_long');
    expect(checkMessage({ blocks: [{ type: 'nope' }] })).toEqual({
      ok: false,
      error: 'invalid_blocks',
      errors: ['unknown block type nope [json-pointer:/blocks/0/type]'],
    });
    const within = times(4, () => section('x'.repeat(L.messageBlockText / 4)));
    expect(checkMessage({ blocks: within })).toBeUndefined();
    const beyond = [...within, section('x')];
    expect(checkMessage({ blocks: beyond })?.error).toBe('msg_blocks_too_long');
  });

  it('counts the text of every text object, field and element', () => {
    const blocks = [
      { type: 'section', text: mrkdwn('abc'), fields: [plain('de')], accessory: button() },
      { type: 'context', elements: [mrkdwn('f')] },
    ];
    expect(blockTextLength(blocks)).toBe('abc'.length + 'de'.length + 'Go'.length + 'f'.length);
  });
});

describe('robustness', () => {
  it('reports problems for any JSON instead of throwing', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom<Surface>('message', 'modal', 'home'),
        (value, surface) => {
          expect(Array.isArray(validateBlocks(value, surface))).toBe(true);
          expect(Array.isArray(validateBlocks([value], surface))).toBe(true);
          expect(Array.isArray(validateView(value))).toBe(true);
          expect(blockTextLength(value)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
