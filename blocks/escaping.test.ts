/**
 * Every builder, fed text that people, imports and webhooks wrote (`<!channel>`, `<@U123>`,
 * `<https://x|y>`, `a < b & c > d`), keeps that text inert in mrkdwn: no mrkdwn text of the
 * output (section, field, context, and the message's `text` fallback, which Slack also
 * parses) holds a raw `<` or `>` or an `&` that does not start an entity, and the sandbox's
 * mrkdwn renderer reads the escaped form back as it was typed, with no mention and no link.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Artifact } from '../slides/define.ts';
import { decodeSlackEntities, mrkdwnHtml } from '../src/sandbox/ui/mrkdwn.ts';
import { appHome } from './app-home.ts';
import { checkinDm } from './checkin.ts';
import { helpReply, listReply, todayReply, unknownCommandReply } from './command-replies.ts';
import { digestDm } from './digest-dm.ts';
import { confirmEmailModal, emailModal } from './email-modal.ts';
import { allClearDm, morningDm } from './morning-dm.ts';
import { pricingModal } from './pricing-modal.ts';
import { quoteModal } from './quote-modal.ts';
import { snoozeWorkflowModal } from './snooze-workflow-modal.ts';
import { stepEscalateModal, stepSkipModal, stepSnoozeModal } from './step-action-modals.ts';
import { text } from './test-arbitraries.ts';
import { homeState, justinsDigest, snoozedStep, workItem } from './test-fixtures.ts';
import { threadHeader } from './thread-header.ts';
import { threadStep } from './thread-step.ts';

const HOSTILE = [
  '<!channel>',
  '<!here|here>',
  '<@U123>',
  '<#C123>',
  '<https://x.example|click>',
  '<b>waiting</b>',
  'budget < 400K & margin > 20%',
  '&amp;',
  '&lt;',
  '&',
  '<',
  '>',
  ' ',
  'Acme',
] as const;

/** Text a person could have written: the hostile pieces in any order, or anything at all. */
const written = fc.oneof(
  fc.array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 8 }).map((p) => p.join('')),
  text(300),
);

/** Every builder, with `s(i)` in each text field a person, an import or a webhook fills. */
function allOutputs(s: (i: number) => string): { name: string; output: unknown }[] {
  const item = workItem({ customerName: s(0), reasons: [s(1)], stage: s(2), type: s(3) });
  const step = snoozedStep({ customerName: s(4), step: s(5), reason: s(6), type: s(7) });
  const digest = justinsDigest({
    csm: { externalId: 'j', name: s(8), slackUserId: null, timezone: 'Europe/Berlin' },
    oneThing: item,
    priorityList: [item, workItem({ customerName: s(9) })],
    snoozedDueToday: [step],
  });
  const state = homeState({
    digest,
    active: [item],
    snoozed: [{ ...item, snoozedUntil: '2026-11-27T09:00:00.000Z' }],
    escalated: [{ ...item, escalatedTo: s(10) }],
  });
  const artifacts: Artifact[] = [
    { kind: 'facts', title: s(11), items: [{ label: s(12), value: s(13) }] },
    { kind: 'list', title: s(14), items: [s(15)] },
    { kind: 'timeline', title: s(16), points: [{ asOf: '2026-11-25', value: 87 }] },
    { kind: 'checklist', title: s(17), items: [{ id: 'a', label: s(18) }], required: true },
    {
      kind: 'pricing',
      scenarios: [
        { name: 'recommended', changePct: 8, newArr: 199_800, confidence: 0.8, reasons: [s(19)] },
      ],
      recommended: 'recommended',
    },
    {
      kind: 'quote-builder',
      lineItems: [{ description: s(20), amount: 1000 }],
      termMonths: 12,
      paymentTerms: s(21),
    },
    { kind: 'email-draft', to: { name: s(22), email: s(23) }, subject: s(24), body: s(25) },
    { kind: 'summary', nextSteps: [s(26)], followUps: [{ title: s(27), inDays: 1 }] },
  ];
  const modal = { executionId: 1, stepIndex: 0, stepTitle: s(28), customerName: s(29) };
  return [
    { name: 'morningDm', output: morningDm(digest) },
    { name: 'allClearDm', output: allClearDm({ ...digest, oneThing: null }) },
    { name: 'appHome', output: appHome(state) },
    { name: 'todayReply', output: todayReply(digest) },
    { name: 'listReply', output: listReply(state) },
    { name: 'helpReply', output: helpReply('2026-11-25') },
    { name: 'unknownCommandReply', output: unknownCommandReply(s(30), '2026-11-25') },
    {
      name: 'digestDm',
      output: digestDm({
        csmName: s(31),
        timeZone: 'UTC',
        today: '2026-11-25',
        dueDay: '2026-11-26',
        steps: [step],
      }),
    },
    {
      name: 'checkinDm',
      output: checkinDm({
        csmName: s(32),
        week: '2026-W48',
        items: [
          {
            checkinId: 1,
            customerName: s(33),
            arr: 1000,
            renewalDate: '2027-01-01',
            modelCall: 'commit',
            answer: null,
          },
        ],
      }),
    },
    {
      name: 'threadHeader',
      output: threadHeader({
        workflowName: s(34),
        customerName: s(35),
        steps: [{ title: s(36), status: 'in_progress' }],
        currentStep: 0,
        status: 'in_progress',
      }),
    },
    {
      name: 'threadStep',
      output: threadStep({
        executionId: 1,
        stepIndex: 0,
        slideId: 'intro',
        title: s(37),
        chatText: s(38),
        artifacts,
        gate: { kind: 'checklist-complete' },
        checked: [],
        last: true,
      }),
    },
    {
      name: 'snoozeWorkflowModal',
      output: snoozeWorkflowModal({
        instanceId: 1,
        customerName: s(39),
        type: s(40),
        today: '2026-11-25',
      }),
    },
    { name: 'stepSnoozeModal', output: stepSnoozeModal({ ...modal, today: '2026-11-25' }) },
    { name: 'stepSkipModal', output: stepSkipModal(modal) },
    { name: 'stepEscalateModal', output: stepEscalateModal({ ...modal, managerName: s(41) }) },
    {
      name: 'emailModal',
      output: emailModal({
        executionId: 1,
        stepIndex: 0,
        toName: s(42),
        to: s(43),
        subject: s(44),
        body: s(45),
        quoteNumber: null,
      }),
    },
    {
      name: 'confirmEmailModal',
      output: confirmEmailModal({
        executionId: 1,
        stepIndex: 0,
        toName: s(46),
        to: s(47),
        subject: s(48),
        body: s(49),
        attach: false,
        mode: 'send',
      }),
    },
    {
      name: 'quoteModal',
      output: quoteModal({
        executionId: 1,
        stepIndex: 0,
        customerName: s(50),
        lines: [{ description: s(51), quantity: 1, unitPrice: 1 }],
        termMonths: 12,
        paymentTerms: s(52),
      }),
    },
    {
      name: 'pricingModal',
      output: pricingModal({
        executionId: 1,
        stepIndex: 0,
        customerName: s(53),
        currentArr: 1000,
        recommendedPct: 8,
      }),
    },
  ];
}

/** Every text Slack reads as mrkdwn: mrkdwn text objects and a message's `text` fallback. */
function mrkdwnTexts(output: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown, top: boolean) => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child, false);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') found.push(o.text);
    // A message's own `text` (it has blocks and no `type`) is parsed as mrkdwn too.
    if (top && o.type === undefined && typeof o.text === 'string') found.push(o.text);
    for (const value of Object.values(o)) visit(value, false);
  };
  visit(output, true);
  return found;
}

/** Builders whose mrkdwn shows no input (the email form holds it in plain-text inputs). */
const SHOWS_NO_INPUT = new Set(['helpReply', 'emailModal']);

describe('what people wrote stays inert in every builder', () => {
  it('no raw <, > or bare & reaches mrkdwn, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(written, { minLength: 54, maxLength: 54 }), (strings) => {
        for (const { name, output } of allOutputs((i) => strings[i]!)) {
          for (const t of mrkdwnTexts(output)) {
            expect({ name, t, raw: /[<>]|&(?!amp;|lt;|gt;)/.test(t) }).toMatchObject({
              raw: false,
            });
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('reads back as typed in the sandbox renderer: no mention, no link, no lost text', () => {
    const typed = '<https://x|y> <!here> a&b';
    const people = { userName: () => 'Someone' };
    for (const { name, output } of allOutputs(() => typed)) {
      const texts = mrkdwnTexts(output);
      for (const t of texts) {
        const html = mrkdwnHtml(t, people);
        expect({ name, html }).not.toMatchObject({ html: expect.stringMatching(/mention|<a /) });
      }
      if (SHOWS_NO_INPUT.has(name)) continue;
      expect({ name, read: texts.map(decodeSlackEntities).join('\n') }).toMatchObject({
        read: expect.stringContaining(typed),
      });
    }
  });

  it('escapes once: an entity a person typed shows as typed, not as its character', () => {
    for (const { name, output } of allOutputs(() => 'Tom &amp; Jerry &lt;3')) {
      if (SHOWS_NO_INPUT.has(name)) continue;
      const read = mrkdwnTexts(output).map(decodeSlackEntities).join('\n');
      expect({ name, read }).toMatchObject({
        read: expect.stringContaining('Tom &amp; Jerry &lt;3'),
      });
    }
  });
});
