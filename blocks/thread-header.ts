/**
 * The parent message of a workflow thread (PRODUCT.md §1): the header and the step progress
 * bar, one badge per step, updated in place on every change.
 */

import type { KnownBlock } from '@slack/types';
import type { StepStatus } from '../src/domain/step-status.ts';
import { context, header, section } from './elements.ts';
import { mrkdwnText, plural } from './format.ts';

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

/** `Step 2 of 6 · Account overview`, or the completed line. */
export function progressLine(input: ThreadHeaderInput): string {
  if (input.status === 'completed') return `Completed · all ${plural(input.steps.length, 'step')}`;
  const step = input.steps[input.currentStep];
  if (!step) return `All ${plural(input.steps.length, 'step')} worked; snoozed steps remain`;
  return `Step ${input.currentStep + 1} of ${input.steps.length} · ${step.title}`;
}

/** The badges in order: `✅ ▶️ ◻️ ◻️`. */
export function badgeBar(input: ThreadHeaderInput): string {
  return input.steps.map((s) => STEP_BADGES[s.status]).join(' ');
}

export function threadHeader(input: ThreadHeaderInput): { text: string; blocks: KnownBlock[] } {
  const done = input.status === 'completed';
  const title = `${done ? '🎉 ' : ''}${input.workflowName}: ${input.customerName}`;
  const legend = input.steps
    .map((s, i) => `${STEP_BADGES[s.status]} ${i + 1}. ${mrkdwnText(s.title, 100)}`)
    .join('\n');
  const line = progressLine(input);
  return {
    text: mrkdwnText(`${title} (${line})`, 3000),
    blocks: [
      header(title),
      section(`${badgeBar(input)}\n*${mrkdwnText(line, 300)}*`),
      context(legend),
    ],
  };
}
