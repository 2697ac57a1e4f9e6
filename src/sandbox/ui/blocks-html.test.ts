import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { appHome } from '../../../blocks/app-home.ts';
import { checkinDm } from '../../../blocks/checkin.ts';
import { emailModal } from '../../../blocks/email-modal.ts';
import { morningDm } from '../../../blocks/morning-dm.ts';
import { pricingModal } from '../../../blocks/pricing-modal.ts';
import { quoteModal } from '../../../blocks/quote-modal.ts';
import { snoozeWorkflowModal } from '../../../blocks/snooze-workflow-modal.ts';
import {
  stepEscalateModal,
  stepSkipModal,
  stepSnoozeModal,
} from '../../../blocks/step-action-modals.ts';
import {
  buttonsOf,
  homeState,
  justinsDigest,
  obsidianBlack,
  workItem,
} from '../../../blocks/test-fixtures.ts';
import { threadHeader } from '../../../blocks/thread-header.ts';
import { blocksHtml } from './blocks-html.ts';
import type { BlockContext } from './elements-html.ts';
import { escapeHtml } from './html.ts';
import { overviewStep, pricingStep } from './test-snapshot.ts';

const ctx = (errors: Record<string, string> = {}): BlockContext => ({
  userName: () => null,
  idPrefix: 't',
  errors,
});
const render = (blocks: readonly unknown[], errors?: Record<string, string>) =>
  blocksHtml(blocks, ctx(errors));

/** The opening tag of the element carrying `data-action-id="id"` (the first one). */
function tagOf(html: string, actionId: string): string {
  const tag = html.match(
    new RegExp(`<[a-z]+[^>]*data-action-id="${escapeRe(escapeHtml(actionId))}"[^>]*>`),
  );
  if (!tag) throw new Error(`no element for ${actionId}`);
  return tag[0];
}
const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every element with an action_id in blocks, as Block Kit has them. */
function elementsOf(blocks: readonly KnownBlock[]) {
  return blocks.flatMap((b) => {
    const block = b as { accessory?: unknown; elements?: unknown[]; element?: unknown };
    return [
      block.accessory,
      ...(b.type === 'actions' ? (block.elements ?? []) : []),
      block.element,
    ].filter(
      (e): e is { type: string; action_id: string } => !!(e as { action_id?: string })?.action_id,
    );
  });
}

const modals = {
  snoozeWorkflow: snoozeWorkflowModal({
    instanceId: 101,
    customerName: 'Obsidian Black',
    type: 'strategic-planning',
    today: '2026-11-25',
  }),
  stepSnooze: stepSnoozeModal({
    executionId: 7,
    stepIndex: 2,
    stepTitle: 'Pricing',
    customerName: 'Obsidian Black',
    today: '2026-11-25',
  }),
  stepSkip: stepSkipModal({
    executionId: 7,
    stepIndex: 2,
    stepTitle: 'Pricing',
    customerName: 'O',
  }),
  stepEscalate: stepEscalateModal({
    executionId: 7,
    stepIndex: 2,
    stepTitle: 'Pricing',
    customerName: 'O',
    managerName: 'Ana Manager',
  }),
  email: emailModal({
    executionId: 7,
    stepIndex: 4,
    toName: 'Marcus',
    to: 'marcus@obsidian.test',
    subject: 'Your renewal',
    body: 'Hi Marcus',
    quoteNumber: 'Q-1',
  }),
  quote: quoteModal({
    executionId: 7,
    stepIndex: 3,
    customerName: 'Obsidian Black',
    lines: [{ description: 'Platform', quantity: 1, unitPrice: 185000 }],
    termMonths: 12,
    paymentTerms: 'Net 45',
  }),
  pricing: pricingModal({
    executionId: 7,
    stepIndex: 2,
    customerName: 'Obsidian Black',
    currentArr: 185000,
    recommendedPct: 8,
  }),
};

const surfaces: Array<[string, readonly KnownBlock[]]> = [
  ['morning DM', morningDm(justinsDigest()).blocks],
  ['App Home', appHome(homeState()).blocks],
  [
    'thread header',
    threadHeader({
      workflowName: 'Strategic planning',
      customerName: 'Obsidian Black',
      steps: [{ title: 'Intro', status: 'completed' }],
      currentStep: 1,
      status: 'in_progress',
    }).blocks,
  ],
  ['overview step', overviewStep().blocks],
  ['pricing step', pricingStep().blocks],
  [
    'check-in DM',
    checkinDm({
      csmName: 'Justin',
      week: '2026-W48',
      items: [
        {
          checkinId: 3,
          customerName: 'Acme',
          arr: 48000,
          renewalDate: '2026-12-20',
          modelCall: 'commit',
          answer: null,
        },
      ],
    }).blocks,
  ],
  ...Object.entries(modals).map(([name, m]): [string, readonly KnownBlock[]] => [name, m.blocks]),
];

describe('the real builders, rendered', () => {
  it.each(surfaces)('%s: every block is drawn and every element is a control', (_, blocks) => {
    const html = render(blocks);
    expect(html).not.toContain('not shown in the sandbox');
    expect(html.match(/class="block block-/g)).toHaveLength(blocks.length);
    for (const element of elementsOf(blocks)) {
      const tag = tagOf(html, element.action_id);
      expect(tag).toContain(`data-kind="${element.type}"`);
    }
  });

  it.each(surfaces)(
    '%s: every button is a real button with its text, value and style',
    (_, blocks) => {
      const html = render(blocks);
      for (const b of buttonsOf(blocks)) {
        const id = escapeRe(escapeHtml(b.action_id!));
        const value =
          b.value === undefined ? '' : `[^>]*data-value="${escapeRe(escapeHtml(b.value))}"`;
        const button = new RegExp(
          `<button type="button" class="btn[^"]*" data-kind="button" data-action-id="${id}"[^>]*data-dispatch="1"${value}[^>]*>${escapeRe(escapeHtml(b.text))}</button>`,
        );
        expect(html).toMatch(button);
      }
    },
  );

  it('gives primary buttons their style and section accessories their own column', () => {
    const html = render(morningDm(justinsDigest()).blocks);
    expect(html).toMatch(
      /<button type="button" class="btn btn-primary"[^>]*data-action-id="digest.begin"[^>]*data-value="101"/,
    );
    expect(html).toContain('<div class="accessory"><button');
    expect(html).toContain('<h3 class="header-text">Today&#39;s One Thing</h3>');
  });

  it('draws the step menu as an overflow with one menu item per option', () => {
    const html = render(pricingStep().blocks);
    expect(html).toContain('aria-label="More actions"');
    expect(html).toContain('role="menu"');
    for (const label of ['Snooze step…', 'Skip step…', 'Escalate step…'])
      expect(html).toMatch(
        new RegExp(
          `role="menuitem" class="menu-item" data-option-value="[a-z]+:7:2">${label}</button>`,
        ),
      );
  });

  it('draws the checklist as labelled checkboxes, the ticked ones checked, dispatching', () => {
    const html = render(overviewStep().blocks);
    const group = tagOf(html, 'account-overview.check');
    expect(group).toContain('role="group"');
    expect(group).toContain('data-block-id="check:7:1"');
    expect(group).toContain('data-dispatch="1"');
    expect(html).toMatch(
      /<input type="checkbox" id="([^"]+)"[^>]*value="usage" checked><label for="\1">Review usage<\/label>/,
    );
    expect(html).toMatch(
      /<input type="checkbox" id="([^"]+)"[^>]*value="contacts"><label for="\1">Confirm contacts<\/label>/,
    );
  });

  it('labels every input of a modal, marks optional ones and shows hints', () => {
    const html = render(modals.stepSnooze.blocks);
    for (const element of elementsOf(modals.stepSnooze.blocks)) {
      const tag = tagOf(html, element.action_id);
      expect(tag).toContain('data-input="1"');
      expect(tag).not.toContain('data-dispatch');
      // The block's label names the control: no aria-label of its own overrides it.
      expect(tag).not.toContain('aria-label=');
      const id = /id="([^"]+)"/.exec(tag)?.[1];
      expect(html.includes(`for="${id}"`) || html.includes(`aria-labelledby="${id}-label"`)).toBe(
        true,
      );
    }
    expect(html).toContain('Snooze for <span class="optional">(optional)</span>');
    expect(html).toMatch(
      /<input type="date"[^>]*data-action-id="step_snooze.pick_date"[^>]*value="2026-11-26"/,
    );
    expect(html).toMatch(
      /<input type="time"[^>]*data-action-id="step_snooze.pick_time"[^>]*value="09:00"/,
    );
    expect(html).toMatch(/<div role="radiogroup"[^>]*data-action-id="step_snooze.pick_quick"/);
    expect(html).toContain('class="input-hint"');
    expect(html).toMatch(
      /<textarea[^>]*data-action-id="step_action.write_reason"[^>]*placeholder="e.g. waiting for finance approval"/,
    );
  });

  it('shows the bot error under its input, and marks the control invalid', () => {
    const html = render(modals.email.blocks, { 'email-draft.to': 'Enter one email address.' });
    const tag = tagOf(html, 'email-draft.write_to');
    expect(tag).toContain('aria-invalid');
    expect(tag).toMatch(/aria-describedby="[^"]*-error"/);
    expect(tag).toContain('value="marcus@obsidian.test"');
    expect(html).toMatch(
      /<div class="input-error" id="[^"]+-error">Enter one email address.<\/div>/,
    );
    expect(html.match(/class="input-error"/g)).toHaveLength(1);
    expect(html).toMatch(/<input type="radio"[^>]*value="send" checked><label[^>]*>Send now/);
    expect(html).toMatch(/<input type="checkbox"[^>]*value="attach" checked>/);
    expect(html).toMatch(
      /<textarea[^>]*data-action-id="email-draft.write_body"[^>]*maxlength="3000">Hi Marcus<\/textarea>/,
    );
  });

  it('selects the initial option of a static select', () => {
    const html = render(modals.quote.blocks);
    expect(tagOf(html, 'prepare-quote.write_payment-terms')).toMatch(/^<select class="select"/);
    expect(html).toContain('<option value="Net 45" selected>Net 45</option>');
    expect(html).not.toContain('disabled>');
  });

  it('keeps a hostile customer name as text', () => {
    const evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    const blocks = [
      ...morningDm(
        justinsDigest({
          oneThing: { ...obsidianBlack, customerName: evil },
          priorityList: [workItem({ customerName: evil })],
        }),
      ).blocks,
      ...stepSkipModal({ executionId: 7, stepIndex: 2, stepTitle: evil, customerName: evil })
        .blocks,
    ];
    const html = render(blocks);
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img');
  });
});

describe('hand-made blocks', () => {
  it('renders every other element type as a control with the right attributes', () => {
    const option = (v: string) => ({ text: { type: 'plain_text', text: `Option ${v}` }, value: v });
    const html = render([
      {
        type: 'actions',
        block_id: 'a1',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Docs' },
            action_id: 'open_docs',
            url: 'https://docs.test/x',
            style: 'danger',
            confirm: {
              title: { type: 'plain_text', text: 'Sure?' },
              text: { type: 'mrkdwn', text: 'Really &lt;go&gt;?' },
              confirm: { type: 'plain_text', text: 'Go' },
              deny: { type: 'plain_text', text: 'Stay' },
            },
          },
          {
            type: 'static_select',
            action_id: 'pick',
            placeholder: { type: 'plain_text', text: 'Pick one' },
            option_groups: [
              { label: { type: 'plain_text', text: 'G1' }, options: [option('a'), option('b')] },
            ],
          },
          {
            type: 'multi_static_select',
            action_id: 'many',
            options: [option('a'), option('b')],
            initial_options: [option('b')],
          },
          { type: 'datepicker', action_id: 'day', initial_date: '2026-12-01' },
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Bad' },
            action_id: 'bad',
            url: 'javascript:alert(1)',
          },
        ],
      },
      {
        type: 'input',
        block_id: 'n',
        dispatch_action: true,
        label: { type: 'plain_text', text: 'Seats' },
        element: {
          type: 'number_input',
          action_id: 'seats',
          is_decimal_allowed: false,
          min_value: '1',
        },
      },
      {
        type: 'input',
        block_id: 't',
        label: { type: 'plain_text', text: 'Name' },
        element: { type: 'plain_text_input', action_id: 'name', initial_value: 'A "B"' },
      },
      {
        type: 'image',
        image_url: '/sandbox/files/F1',
        alt_text: 'chart',
        title: { type: 'plain_text', text: 'Usage' },
      },
      { type: 'image', image_url: 'https://cdn.test/x.png', alt_text: 'remote' },
      {
        type: 'context',
        elements: [
          { type: 'image', image_url: '/sandbox/files/F2', alt_text: 'logo' },
          { type: 'mrkdwn', text: '*ctx*' },
        ],
      },
      {
        type: 'section',
        fields: [{ type: 'mrkdwn', text: '*ARR*\n$185K' }],
        accessory: { type: 'image', image_url: '/i.png', alt_text: 'pic' },
      },
      { type: 'divider' },
      { type: 'file', external_id: 'ABC', source: 'remote' },
      { type: 'video' },
    ]);
    const docs = tagOf(html, 'open_docs');
    expect(docs).toContain('class="btn btn-danger"');
    expect(docs).toContain('data-url="https://docs.test/x"');
    expect(docs).toContain(
      'data-confirm="{&quot;title&quot;:&quot;Sure?&quot;,&quot;text&quot;:&quot;Really &lt;go&gt;?&quot;,&quot;confirm&quot;:&quot;Go&quot;,&quot;deny&quot;:&quot;Stay&quot;,&quot;style&quot;:&quot;&quot;}"',
    );
    expect(tagOf(html, 'bad')).not.toContain('data-url');
    expect(tagOf(html, 'pick')).toContain('aria-label="Pick one"');
    expect(html).toContain(
      '<option value="" selected disabled>Pick one</option><optgroup label="G1"><option value="a">Option a</option>',
    );
    expect(tagOf(html, 'many')).toContain(' multiple');
    expect(html).toContain('<option value="b" selected>Option b</option>');
    expect(tagOf(html, 'day')).toMatch(/type="date".*value="2026-12-01"/);
    const seats = tagOf(html, 'seats');
    expect(seats).toMatch(/type="number".*data-dispatch="1".*step="1" min="1"/);
    expect(tagOf(html, 'name')).toContain('value="A &quot;B&quot;"');
    expect(html).toContain('<img class="block-image" src="/sandbox/files/F1" alt="chart">');
    expect(html).not.toContain('src="https://cdn.test');
    expect(html).toContain('href="https://cdn.test/x.png"');
    expect(html).toContain(
      '<img class="context-image" src="/sandbox/files/F2" alt="logo"><span class="context-text"><b>ctx</b></span>',
    );
    expect(html).toContain('<div class="field"><b>ARR</b><br>$185K</div>');
    expect(html).toContain('<img class="accessory-image" src="/i.png" alt="pic">');
    expect(html).toContain('<hr>');
    expect(html).toContain('Remote file ABC');
    expect(html).toContain('[video block: not shown in the sandbox]');
  });

  it('renders rich text: styles, links, mentions, emoji, nested lists, quotes, code', () => {
    const text = (t: string, style?: Record<string, boolean>) => ({
      type: 'text',
      text: t,
      ...(style ? { style } : {}),
    });
    const item = (t: string) => ({ type: 'rich_text_section', elements: [text(t)] });
    const html = blocksHtml(
      [
        {
          type: 'rich_text',
          elements: [
            {
              type: 'rich_text_section',
              elements: [
                text('Hi ', { bold: true }),
                { type: 'user', user_id: 'U1' },
                text(' <b>', { italic: true, strike: true }),
                { type: 'link', url: 'https://x.test', text: 'x' },
                { type: 'emoji', name: 'tada', unicode: '1f389' },
                { type: 'channel', channel_id: 'C1' },
                text('c', { code: true }),
              ],
            },
            {
              type: 'rich_text_list',
              style: 'bullet',
              indent: 0,
              elements: [item('one'), item('two')],
            },
            { type: 'rich_text_list', style: 'ordered', indent: 1, elements: [item('two.a')] },
            { type: 'rich_text_list', style: 'bullet', indent: 0, elements: [item('three')] },
            { type: 'rich_text_quote', elements: [text('quoted')] },
            { type: 'rich_text_preformatted', elements: [text('<pre>')] },
          ],
        },
      ],
      { ...ctx(), userName: (id) => (id === 'U1' ? 'Justin' : null) },
    );
    expect(html).toContain(
      '<b>Hi </b><span class="mention">@Justin</span><s><i> &lt;b&gt;</i></s>',
    );
    expect(html).toContain(
      '<a href="https://x.test" target="_blank" rel="noopener noreferrer">x</a>🎉<span class="mention">#C1</span><code>c</code>',
    );
    expect(html).toContain(
      '<ul class="rt-list rt-depth-0"><li>one</li><li>two<ol class="rt-list rt-depth-1"><li>two.a</li></ol></li><li>three</li></ul>',
    );
    expect(html).toContain('<blockquote>quoted</blockquote><pre>&lt;pre&gt;</pre>');
  });
});
