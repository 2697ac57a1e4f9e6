/**
 * Fixed data and small readers shared by the builders' tests (not part of the public API):
 * Justin's morning with Obsidian Black as the one thing, and the worst text a builder meets.
 */
import type { KnownBlock } from '@slack/types';
import { workflowState } from '../src/domain/workflow-state.ts';
import type { CsmDigest, HomeState, SnoozedStep, WorkItem } from './types.ts';

export const obsidianBlack: WorkItem = {
  instanceId: 101,
  customerId: 'obsidian-black',
  customerName: 'Obsidian Black',
  type: 'strategic-planning',
  stage: 'strategic',
  priorityScore: 87.4,
  arr: 185_000,
  daysToRenewal: 365,
  healthScore: 87,
  reasons: ['$185K ARR ×1.5', 'renewal in 365 days', 'strategic account ×2.0'],
  status: 'open',
  state: workflowState({ execution: null }),
};

export function workItem(overrides: Partial<WorkItem> = {}): WorkItem {
  return {
    ...obsidianBlack,
    instanceId: 202,
    customerId: 'acme',
    customerName: 'Acme & Sons',
    type: 'renewal-preparation',
    stage: 'prepare',
    priorityScore: 61,
    arr: 48_000,
    daysToRenewal: 150,
    healthScore: 64,
    reasons: ['$48K ARR ×1.5', 'renewal in 150 days', 'usage −32% in 30 days'],
    ...overrides,
  };
}

export function snoozedStep(overrides: Partial<SnoozedStep> = {}): SnoozedStep {
  return {
    executionId: 7,
    customerId: 'acme',
    customerName: 'Acme & Sons',
    type: 'renewal-preparation',
    step: 'pricing-strategy',
    stepTitle: 'Pricing strategy',
    stepIndex: 2,
    snoozedUntil: '2026-11-25T08:00:00.000Z',
    reason: 'waiting for finance approval',
    ...overrides,
  };
}

/** Justin's morning: Obsidian Black first, one more on the list, one snoozed step due. */
export function justinsDigest(overrides: Partial<CsmDigest> = {}): CsmDigest {
  return {
    csm: {
      externalId: 'justin',
      name: 'Justin Strackany',
      slackUserId: 'U0JUSTIN',
      timezone: 'Europe/Berlin',
    },
    asOf: '2026-11-25',
    oneThing: obsidianBlack,
    priorityList: [obsidianBlack, workItem()],
    snoozedDueToday: [snoozedStep()],
    ...overrides,
  };
}

export function homeState(overrides: Partial<HomeState> = {}): HomeState {
  return {
    digest: justinsDigest(),
    counts: { active: 2, snoozed: 1, escalated: 1 },
    active: [obsidianBlack, workItem()],
    snoozed: [
      {
        ...workItem({ instanceId: 303, customerName: 'Initech', status: 'snoozed' }),
        snoozedUntil: '2026-11-27T09:00:00.000Z',
      },
    ],
    escalated: [
      { ...workItem({ instanceId: 404, customerName: 'Globex' }), escalatedTo: 'Ana Manager' },
    ],
    ...overrides,
  };
}

/** Every button in blocks, in order, as `{ text, action_id, value }`. */
export function buttonsOf(blocks: readonly KnownBlock[]) {
  const found: { text: string; action_id: string | undefined; value: string | undefined }[] = [];
  const visit = (element: unknown) => {
    const e = element as {
      type?: string;
      text?: { text: string };
      action_id?: string;
      value?: string;
    };
    if (e?.type === 'button')
      found.push({ text: e.text!.text, action_id: e.action_id, value: e.value });
  };
  for (const block of blocks) {
    if (block.type === 'section') visit(block.accessory);
    if (block.type === 'actions') block.elements.forEach(visit);
  }
  return found;
}

/** All the text a reader sees, joined by newlines (for `toContain` checks). */
export function textOf(blocks: readonly KnownBlock[]): string {
  return (
    JSON.stringify(blocks)
      .match(/"text":"(?:[^"\\]|\\.)*"/g)
      ?.map((t) => JSON.parse(`{${t}}`).text)
      .join('\n') ?? ''
  );
}

/** The largest input the builders can meet: every text at 500 escape-growing characters. */
export function worstText(n = 500): string {
  return '<&>'.repeat(Math.ceil(n / 3)).slice(0, n);
}
