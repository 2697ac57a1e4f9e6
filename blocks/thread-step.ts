/**
 * One step of a workflow thread as a thread reply: the slide's chat text, its artifacts
 * (plain data from slides/) as Block Kit, and the step's controls. Pure.
 */

import type { KnownBlock, Overflow } from '@slack/types';
import type { Artifact, Gate } from '../slides/define.ts';
import { formatDollars } from '../src/domain/money.ts';
import { actions, button, fieldsSection, plain, section } from './elements.ts';
import { mrkdwnText, plural } from './format.ts';
import { STEP_MENU_ACTION, STEP_MENU_VERBS, stepMenuValue } from './step-action-modals.ts';
import { nextActionId, THREAD_ACTION, threadValue } from './thread-ids.ts';

export interface ThreadStepInput {
  executionId: number;
  stepIndex: number;
  slideId: string;
  title: string;
  chatText: string;
  artifacts: Artifact[];
  gate: Gate;
  /** Checklist item ids already ticked. */
  checked: string[];
  /** The workflow's last step: the only one with Mark Complete, in place of Continue. */
  last: boolean;
}

const esc = (text: string, max = 2900) => mrkdwnText(text, max);
/** Slack allows 10 options a checkbox group. */
export const CHECKLIST_MAX = 10;

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length > 0 ? out : [[]];
}

function artifactBlocks(a: Artifact, input: ThreadStepInput): KnownBlock[] {
  const value = threadValue(input.executionId, input.stepIndex);
  switch (a.kind) {
    case 'facts':
      return chunk(a.items, 10).map((items, i) =>
        fieldsSection(
          i === 0 ? `*${esc(a.title)}*` : ' ',
          items.map((f) => `*${esc(f.label, 200)}*\n${esc(f.value, 1700)}`),
        ),
      );
    case 'list':
      return [section(`*${esc(a.title)}*\n${a.items.map((s) => `• ${esc(s, 300)}`).join('\n')}`)];
    case 'timeline': {
      const points = a.points.slice(-12).map((p) => `${p.asOf}: *${Math.round(p.value)}*`);
      return [section(`*${esc(a.title)}*\n${points.join(' → ') || 'no history yet'}`)];
    }
    case 'checklist': {
      const options = a.items.slice(0, CHECKLIST_MAX).map((item) => ({
        text: plain(item.label, 75),
        value: item.id,
      }));
      const initial = options.filter((o) => input.checked.includes(o.value));
      return [
        section(`*${esc(a.title)}*${a.required ? ' (tick every item to go on)' : ''}`),
        {
          type: 'actions',
          block_id: `check:${value}`,
          elements: [
            {
              type: 'checkboxes',
              action_id: `${input.slideId}.check`,
              options,
              ...(initial.length > 0 ? { initial_options: initial } : {}),
            },
          ],
        },
      ];
    }
    case 'pricing':
      return a.scenarios
        .flatMap((s): KnownBlock[] => [
          section(
            `*${s.name === a.recommended ? '⭐ ' : ''}${esc(s.name)}*: ${s.changePct > 0 ? '+' : ''}${s.changePct}% → *${formatDollars(s.newArr)}* (confidence ${Math.round(s.confidence * 100)}%)\n${esc(s.reasons.join('; '), 1500)}`,
            button(
              'Accept',
              THREAD_ACTION.accept,
              threadValue(input.executionId, input.stepIndex, s.name),
              s.name === a.recommended ? 'primary' : undefined,
            ),
          ),
        ])
        .concat(actions(button('Modify…', THREAD_ACTION.modify, value)));
    case 'quote-builder': {
      const lines = a.lineItems.map(
        (l) => `• ${esc(l.description, 200)}: ${formatDollars(l.amount)}`,
      );
      return [
        section(
          `*Quote*\n${lines.join('\n')}\n${plural(a.termMonths, 'month')} · ${esc(a.paymentTerms, 200)}`,
        ),
        actions(button('Build the quote…', THREAD_ACTION.buildQuote, value)),
      ];
    }
    case 'email-draft':
      return [
        section(
          `*Email to ${esc(a.to.name, 200)}*${a.to.email ? ` (${esc(a.to.email, 200)})` : ''}\n*${esc(a.subject, 300)}*\n${esc(a.body, 2000)}`,
        ),
        actions(button('Open the composer…', THREAD_ACTION.composeEmail, value)),
      ];
    case 'summary':
      return [
        section(`*Next steps*\n${a.nextSteps.map((s) => `☐ ${esc(s, 300)}`).join('\n')}`),
        section(
          `*Follow-ups*\n${a.followUps.map((f) => `• ${esc(f.title, 300)} (in ${plural(f.inDays, 'day')})`).join('\n')}`,
        ),
      ];
  }
}

/** Whether the step is finished by its own buttons (pricing) instead of Continue. */
function ownsItsEnd(input: ThreadStepInput): boolean {
  return input.artifacts.some((a) => a.kind === 'pricing');
}

const MENU_LABELS = { snooze: 'Snooze step…', skip: 'Skip step…', escalate: 'Escalate step…' };

/** The step's overflow menu: snooze, skip, escalate (3 options of Slack's 5). */
function stepMenu(input: ThreadStepInput): Overflow {
  return {
    type: 'overflow',
    action_id: STEP_MENU_ACTION,
    options: STEP_MENU_VERBS.map((verb) => ({
      text: plain(MENU_LABELS[verb], 75),
      value: stepMenuValue(verb, input.executionId, input.stepIndex),
    })),
  };
}

/** The thread reply for one step (text for notifications, blocks for Slack). */
export function threadStep(input: ThreadStepInput): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    {
      ...section(
        `*${input.stepIndex + 1}. ${esc(input.title, 200)}*\n${esc(input.chatText, 2500)}`,
      ),
      accessory: stepMenu(input),
    },
    ...input.artifacts.flatMap((a) => artifactBlocks(a, input)),
  ];
  const value = threadValue(input.executionId, input.stepIndex);
  // Mark Complete by position, not by artifact: only the last step ends the workflow.
  if (input.last) {
    blocks.push(actions(button('Mark Complete', THREAD_ACTION.complete, value, 'primary')));
  } else if (!ownsItsEnd(input)) {
    blocks.push(actions(button('Continue', nextActionId(input.slideId), value, 'primary')));
  }
  const text = mrkdwnText(`${input.title}: ${input.chatText}`, 3000);
  return { text, blocks: blocks.slice(0, 50) };
}
