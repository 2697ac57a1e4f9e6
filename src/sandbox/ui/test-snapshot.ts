/**
 * A realistic snapshot for the page's tests (not part of the public API): Justin's DM
 * with the morning DM, a workflow thread (header, an account overview step with a
 * checklist, the pricing step, a quote PDF), an ephemeral `/renubu list` answer, his Home
 * tab and two emails, all drawn by the real builders of blocks/.
 */
import type { KnownBlock } from '@slack/types';
import { appHome } from '../../../blocks/app-home.ts';
import { listReply } from '../../../blocks/command-replies.ts';
import { morningDm } from '../../../blocks/morning-dm.ts';
import { homeState, justinsDigest } from '../../../blocks/test-fixtures.ts';
import { threadHeader } from '../../../blocks/thread-header.ts';
import { threadStep } from '../../../blocks/thread-step.ts';
import type { SnapshotMessage, SnapshotView, WorkspaceSnapshot } from '../snapshot.ts';

export const JUSTIN = {
  id: 'U0JUSTIN',
  name: 'Justin Strackany',
  email: 'justin@renubu.test',
  tz: 'Europe/Berlin',
};
export const MAYA = {
  id: 'U0MAYA',
  name: 'Maya Chen',
  email: 'maya@renubu.test',
  tz: 'America/Los_Angeles',
};
export const CHANNEL = 'D0JUSTIN';
/** 2026-11-25 06:00 in Berlin. */
export const MORNING_TS = '1795582800.000100';
export const THREAD_TS = '1795583400.000200';

const bot = { id: 'U0RENUBU', name: 'renubu', isBot: true };

export function message(overrides: Partial<SnapshotMessage>): SnapshotMessage {
  return {
    channel: CHANNEL,
    ts: MORNING_TS,
    text: '',
    blocks: undefined,
    files: [],
    threadTs: undefined,
    replyCount: 0,
    edited: false,
    author: bot,
    ...overrides,
  };
}

const steps = ['Intro', 'Account overview', 'Pricing strategy', 'Prepare quote'].map(
  (title, i) => ({
    title,
    status:
      i === 0 ? ('completed' as const) : i === 1 ? ('in_progress' as const) : ('pending' as const),
  }),
);

export function threadParent(): SnapshotMessage {
  const header = threadHeader({
    workflowName: 'Strategic planning',
    customerName: 'Obsidian Black',
    steps,
    currentStep: 1,
    status: 'in_progress',
  });
  return message({ ts: THREAD_TS, ...header, replyCount: 3, edited: true });
}

export function overviewStep(): { text: string; blocks: KnownBlock[] } {
  return threadStep({
    executionId: 7,
    stepIndex: 1,
    slideId: 'account-overview',
    title: 'Account overview',
    chatText: 'Obsidian Black renews in 365 days; usage is up 12% this quarter.',
    artifacts: [
      {
        kind: 'facts',
        title: 'Facts',
        items: [
          { label: 'ARR', value: '$185K' },
          { label: 'Health', value: '87/100' },
        ],
      },
      {
        kind: 'checklist',
        title: 'Before you go on',
        required: true,
        items: [
          { id: 'usage', label: 'Review usage' },
          { id: 'contacts', label: 'Confirm contacts' },
        ],
      },
    ],
    gate: { kind: 'checklist-complete' },
    checked: ['usage'],
    last: false,
  });
}

export function pricingStep(): { text: string; blocks: KnownBlock[] } {
  const scenario = (name: 'conservative' | 'recommended' | 'aggressive', changePct: number) => ({
    name,
    changePct,
    newArr: 185000 * (1 + changePct / 100),
    confidence: 0.7,
    reasons: ['usage +12% in 90 days'],
  });
  return threadStep({
    executionId: 7,
    stepIndex: 2,
    slideId: 'pricing-strategy',
    title: 'Pricing strategy',
    chatText: 'I recommend an 8% increase.',
    artifacts: [
      {
        kind: 'pricing',
        recommended: 'recommended',
        scenarios: [
          scenario('conservative', 3),
          scenario('recommended', 8),
          scenario('aggressive', 12),
        ],
      },
    ],
    gate: { kind: 'pricing-decided' },
    checked: [],
    last: false,
  });
}

export function homeView(): SnapshotView {
  return {
    id: 'VHOME1',
    view: appHome(homeState()) as unknown as Record<string, unknown>,
    errors: {},
  };
}

/** Justin's workspace at 06:10 on 25 November 2026, DM pane, no thread open. */
export function sampleSnapshot(overrides: Partial<WorkspaceSnapshot> = {}): WorkspaceSnapshot {
  const morning = morningDm(justinsDigest());
  const list = listReply(homeState());
  return {
    now: '2026-11-25T05:10:00.000Z',
    users: [JUSTIN, MAYA],
    user: JUSTIN,
    pane: 'dm',
    dm: {
      channel: CHANNEL,
      messages: [message({ ...morning }), threadParent()],
      replies: {
        [THREAD_TS]: [
          message({ ts: '1795583401.000300', threadTs: THREAD_TS, ...overviewStep() }),
          message({ ts: '1795583402.000400', threadTs: THREAD_TS, ...pricingStep() }),
          message({
            ts: '1795583403.000500',
            threadTs: THREAD_TS,
            text: 'Here is the quote for Obsidian Black.',
            files: [
              {
                id: 'F0QUOTE',
                name: 'quote-Q-2026-001.pdf',
                title: 'Quote Q-2026-001',
                mimetype: 'application/pdf',
                url: '/sandbox/files/F0QUOTE',
                size: 48213,
              },
            ],
          }),
        ],
      },
    },
    openThread: null,
    ephemerals: [{ channel: CHANNEL, threadTs: undefined, ts: '1795583500.000600', ...list }],
    modals: [],
    home: homeView(),
    emails: [
      {
        id: 2,
        to: ['marcus@obsidian.test'],
        cc: [],
        subject: 'Your renewal quote',
        status: 'sent',
        kind: 'workflow',
        createdAt: '2026-11-25T05:20:00.000Z',
        text: 'Hi Marcus,\n\nAttached is the quote.\n\nJustin',
        hasHtml: false,
        attachments: [{ filename: 'quote-Q-2026-001.pdf', contentType: 'application/pdf' }],
        replyable: false,
      },
      {
        id: 1,
        to: ['justin@renubu.test'],
        cc: [],
        subject: 'Your day in Renubu',
        status: 'pending',
        kind: 'digest',
        createdAt: '2026-11-24T22:00:00.000Z',
        text: 'Today you completed 1 step.',
        hasHtml: true,
        attachments: [],
        replyable: true,
      },
    ],
    openEmail: null,
    jobLog: ['06:00 morning DM: 2 CSMs, 2 messages', '06:00 snooze wake-ups: none due'],
    unread: { U0JUSTIN: 0, U0MAYA: 2 },
    ...overrides,
  };
}
