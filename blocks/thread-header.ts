/**
 * The parent message of a workflow thread (PRODUCT.md §1): the header and the step progress
 * bar, one badge per step, updated in place on every change.
 */

import type { KnownBlock } from '@slack/types';
import type { StepStatus } from '../src/domain/step-status.ts';
import { workflowState } from '../src/domain/workflow-state.ts';
import { context, header, section } from './elements.ts';
import { mrkdwnText } from './format.ts';

export type { StepStatus };

export const STEP_BADGES: Record<StepStatus, string> = {
  completed: '✅',
  in_progress: '▶️',
  snoozed: '⏸️',
  skipped: '⏭️',
  escalated: '⬆️',
  pending: '◻️',
};

export interface ThreadHeaderInput {
  workflowName: string;
  customerName: string;
  steps: { title: string; status: StepStatus }[];
  /** Index of the current step; equal to steps.length when none is left. */
  currentStep: number;
  status: 'in_progress' | 'snoozed' | 'completed' | 'abandoned';
}

/**
 * `Step 2 of 6 · Account overview · 1 snoozed step`, or the completed line: the workflow's one
 * state (src/domain/workflow-state.ts) in words, computed from the steps' states, so the
 * header never says "Completed" with a step open nor "snoozed" once none is.
 */
export function progressLine(input: ThreadHeaderInput): string {
  return stateOf(input).label;
}

function stateOf(input: ThreadHeaderInput) {
  return workflowState({
    execution: { status: input.status, currentStep: input.currentStep, steps: input.steps },
  });
}

/** The badges in order: `✅ ▶️ ◻️ ◻️`. */
export function badgeBar(input: ThreadHeaderInput): string {
  return input.steps.map((s) => STEP_BADGES[s.status]).join(' ');
}

export function threadHeader(input: ThreadHeaderInput): { text: string; blocks: KnownBlock[] } {
  const state = stateOf(input);
  const done = state.status === 'completed';
  const title = `${done ? '🎉 ' : ''}${input.workflowName}: ${input.customerName}`;
  const legend = input.steps
    .map((s, i) => `${STEP_BADGES[s.status]} ${i + 1}. ${mrkdwnText(s.title, 100)}`)
    .join('\n');
  const line = state.label;
  return {
    text: mrkdwnText(`${title} (${line})`, 3000),
    blocks: [
      header(title),
      section(`${badgeBar(input)}\n*${mrkdwnText(line, 300)}*`),
      context(legend),
    ],
  };
}
