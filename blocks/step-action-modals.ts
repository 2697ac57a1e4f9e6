/**
 * The step menu's modals (PRODUCT.md §5): snooze one step (1 day, 2 days, 1 week, or a date
 * and time, with an optional reason), skip it (a reason is required) or escalate it to the
 * CSM's manager (an optional note). Each carries `{ executionId, stepIndex }` in
 * private_metadata. Pure: the submission is read here, the time is computed by the caller.
 */
import type { InputBlock } from '@slack/types';
import { plain, section } from './elements.ts';
import { mrkdwnText } from './format.ts';
import {
  type InputIds,
  type Modal,
  quickSnoozeInput,
  reasonInput,
  untilDateInput,
} from './snooze-workflow-modal.ts';

/** Callback ids of the three modals. */
export const STEP_VIEW = {
  snooze: 'step_snooze.submit',
  skip: 'step_skip.submit',
  escalate: 'step_escalate.submit',
} as const;

/** The inputs, as `view.state.values[blockId][actionId]`. */
export const STEP_BLOCKS = {
  quick: { blockId: 'step_snooze.quick', actionId: 'step_snooze.pick_quick' },
  date: { blockId: 'step_snooze.until', actionId: 'step_snooze.pick_date' },
  time: { blockId: 'step_snooze.at', actionId: 'step_snooze.pick_time' },
  reason: { blockId: 'step_action.reason', actionId: 'step_action.write_reason' },
} as const satisfies Record<string, InputIds>;

/** The time of day a picked date wakes at unless another is picked. */
export const DEFAULT_WAKE_TIME = '09:00';

export interface StepModalInput {
  executionId: number;
  stepIndex: number;
  stepTitle: string;
  customerName: string;
}

const what = (input: StepModalInput) =>
  `*Step ${input.stepIndex + 1} ${mrkdwnText(input.stepTitle, 200)}* · ${mrkdwnText(input.customerName, 200)}`;

function modal(
  input: StepModalInput,
  ids: { callbackId: string; title: string; submit: string },
  blocks: Modal['blocks'],
): Modal {
  return {
    type: 'modal',
    callback_id: ids.callbackId,
    private_metadata: JSON.stringify({
      executionId: input.executionId,
      stepIndex: input.stepIndex,
    }),
    title: plain(ids.title, 24),
    submit: plain(ids.submit, 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

/** Snooze one step; `today` (the CSM's date, YYYY-MM-DD) starts the date picker after it. */
export function stepSnoozeModal(input: StepModalInput & { today: string }): Modal {
  const time: InputBlock = {
    type: 'input',
    block_id: STEP_BLOCKS.time.blockId,
    optional: true,
    label: plain('At', 2000),
    hint: plain('Your local time; with the date above.', 2000),
    element: {
      type: 'timepicker',
      action_id: STEP_BLOCKS.time.actionId,
      initial_time: DEFAULT_WAKE_TIME,
    },
  };
  return modal(input, { callbackId: STEP_VIEW.snooze, title: 'Snooze step', submit: 'Snooze' }, [
    section(`${what(input)}\nI'll remind you when it wakes; go on with the next steps meanwhile.`),
    quickSnoozeInput(STEP_BLOCKS.quick),
    untilDateInput(STEP_BLOCKS.date, input.today),
    time,
    reasonInput(STEP_BLOCKS.reason, true, 'Needed once a step has been snoozed for long.'),
  ]);
}

/** Skip one step: the reason is required. */
export function stepSkipModal(input: StepModalInput): Modal {
  return modal(input, { callbackId: STEP_VIEW.skip, title: 'Skip step', submit: 'Skip' }, [
    section(`${what(input)}\nA skipped step is not done later; say why.`),
    reasonInput(STEP_BLOCKS.reason, false, 'Skip reasons help Renubu learn what to put first.'),
  ]);
}

/** Escalate one step to `managerName`, with an optional note. */
export function stepEscalateModal(input: StepModalInput & { managerName: string }): Modal {
  const manager = mrkdwnText(input.managerName, 200);
  return modal(
    input,
    { callbackId: STEP_VIEW.escalate, title: 'Escalate step', submit: 'Escalate' },
    [
      section(`${what(input)}\nEscalate this step to *${manager}*? They get a DM from me.`),
      reasonInput(STEP_BLOCKS.reason, true, `A note for ${input.managerName}.`.slice(0, 150)),
    ],
  );
}

interface StateValue {
  selected_option?: { value?: string } | null;
  selected_date?: string | null;
  selected_time?: string | null;
  value?: string | null;
}
type Values = Record<string, Record<string, StateValue> | undefined>;

/** What was filled in: a quick option (`1d`, `2d`, `1w`), a date and time, a reason. */
export interface StepActionChoice {
  quick: string | null;
  date: string | null;
  time: string | null;
  reason: string | null;
}

export function readStepAction(values: Values): StepActionChoice {
  const get = (ids: InputIds) => values[ids.blockId]?.[ids.actionId];
  const text = get(STEP_BLOCKS.reason)?.value;
  return {
    quick: get(STEP_BLOCKS.quick)?.selected_option?.value ?? null,
    date: get(STEP_BLOCKS.date)?.selected_date ?? null,
    time: get(STEP_BLOCKS.time)?.selected_time ?? null,
    reason: typeof text === 'string' && text.trim() !== '' ? text.trim() : null,
  };
}

/** `{ executionId, stepIndex }` from private_metadata, or null when it is not ours. */
export function readStepMetadata(
  metadata: string,
): { executionId: number; stepIndex: number } | null {
  try {
    const parsed = JSON.parse(metadata) as { executionId?: unknown; stepIndex?: unknown } | null;
    const { executionId, stepIndex } = parsed ?? {};
    const ok =
      Number.isSafeInteger(executionId) &&
      (executionId as number) > 0 &&
      Number.isSafeInteger(stepIndex) &&
      (stepIndex as number) >= 0;
    return ok ? { executionId: executionId as number, stepIndex: stepIndex as number } : null;
  } catch {
    return null;
  }
}

/** The step menu (an overflow on each step's reply): its action_id and option values. */
export const STEP_MENU_ACTION = 'step.menu';
export const STEP_MENU_VERBS = ['snooze', 'skip', 'escalate'] as const;
export type StepMenuVerb = (typeof STEP_MENU_VERBS)[number];

/** `snooze:7:2`: at most 30 characters, well within an overflow option's 150. */
export function stepMenuValue(verb: StepMenuVerb, executionId: number, stepIndex: number): string {
  return `${verb}:${executionId}:${stepIndex}`;
}

/** A menu option's value back; anything malformed → null. */
export function parseStepMenuValue(
  value: string | undefined,
): { verb: StepMenuVerb; executionId: number; stepIndex: number } | null {
  const match = value === undefined ? null : /^([a-z]+):(\d{1,16}):(\d{1,6})$/.exec(value);
  const verb = STEP_MENU_VERBS.find((v) => v === match?.[1]);
  if (!match || !verb) return null;
  const executionId = Number(match[2]);
  if (!Number.isSafeInteger(executionId) || executionId < 1) return null;
  return { verb, executionId, stepIndex: Number(match[3]) };
}
