/**
 * The snooze-workflow modal (PRODUCT.md §5): snooze a whole workflow for 1 day, 2 days or a
 * week, or until a date, with an optional reason. Opened by `digest.snooze_workflow`,
 * submitted as `snooze_workflow.submit` with `{ instanceId }` in private_metadata. A quick
 * option, when picked, wins over the date (the date picker always holds one).
 */
import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { SNOOZE_WORKFLOW_BLOCKS as B, SNOOZE_QUICK_OPTIONS, VIEW } from './action-ids.ts';
import { TEXT_MAX } from './cards.ts';
import { plain, section } from './elements.ts';
import { mrkdwnText, typeInWords } from './format.ts';

export interface SnoozeWorkflowModalInput {
  instanceId: number;
  customerName: string;
  type: string;
  /** The CSM's date, YYYY-MM-DD: the date picker starts the day after. */
  today: string;
}

/** Longest reason accepted, in characters. */
export const SNOOZE_REASON_MAX = 500;

/** `2026-11-25` → `2026-11-26`; null when `day` is not a date. */
export function nextDay(day: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1));
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

/** A modal whose blocks are known blocks (still a `ModalView` for views.open). */
export type Modal = Omit<ModalView, 'blocks'> & { blocks: KnownBlock[] };

/** Ids of one modal input: `view.state.values[blockId][actionId]`. */
export interface InputIds {
  blockId: string;
  actionId: string;
}

/** The quick options 1 day, 2 days, 1 week as radio buttons (shared by the snooze modals). */
export function quickSnoozeInput(ids: InputIds): InputBlock {
  return {
    type: 'input',
    block_id: ids.blockId,
    optional: true,
    label: plain('Snooze for', 2000),
    element: {
      type: 'radio_buttons',
      action_id: ids.actionId,
      options: SNOOZE_QUICK_OPTIONS.map((o) => ({ text: plain(o.label, 75), value: o.value })),
    },
  };
}

/** An optional date picker starting the day after `today` (shared by the snooze modals). */
export function untilDateInput(ids: InputIds, today: string): InputBlock {
  const initialDate = nextDay(today);
  return {
    type: 'input',
    block_id: ids.blockId,
    optional: true,
    label: plain('Or until', 2000),
    hint: plain('Used when no quick option is picked.', 2000),
    element: {
      type: 'datepicker',
      action_id: ids.actionId,
      ...(initialDate ? { initial_date: initialDate } : {}),
    },
  };
}

/** A multiline reason of at most SNOOZE_REASON_MAX characters. */
export function reasonInput(ids: InputIds, optional: boolean, hint: string): InputBlock {
  return {
    type: 'input',
    block_id: ids.blockId,
    optional,
    label: plain('Reason', 2000),
    hint: plain(hint, 2000),
    element: {
      type: 'plain_text_input',
      action_id: ids.actionId,
      multiline: true,
      max_length: SNOOZE_REASON_MAX,
      placeholder: plain('e.g. waiting for finance approval', 150),
    },
  };
}

/** The modal for one workflow instance. */
export function snoozeWorkflowModal(input: SnoozeWorkflowModalInput): Modal {
  const quick = quickSnoozeInput(B.quick);
  const until = untilDateInput(B.date, input.today);
  const reason = reasonInput(B.reason, true, 'Snooze reasons help Renubu learn what to put first.');
  const name = mrkdwnText(input.customerName, TEXT_MAX.cardName);
  const type = mrkdwnText(typeInWords(input.type), TEXT_MAX.type);
  return {
    type: 'modal',
    callback_id: VIEW.snoozeWorkflow,
    private_metadata: JSON.stringify({ instanceId: input.instanceId }),
    title: plain('Snooze workflow', 24),
    submit: plain('Snooze', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(
        `*${name}* · ${type}\nEvery step waits until then, and I'll remind you when it wakes.`,
      ),
      quick,
      until,
      reason,
    ],
  };
}

/** What the CSM chose: a quick option (`1d`, `2d`, `1w`) or a date, and the reason if any. */
export interface SnoozeWorkflowChoice {
  until: { quick: string; days: number } | { date: string } | null;
  reason: string | null;
}

/** The part of Bolt's `ViewStateValue` read here. */
interface StateValue {
  selected_option?: { value?: string } | null;
  selected_date?: string | null;
  value?: string | null;
}

/** Reads `view.state.values` of a submitted modal; `until` null when nothing was chosen. */
export function readSnoozeWorkflow(
  values: Record<string, Record<string, StateValue> | undefined>,
): SnoozeWorkflowChoice {
  const picked = values[B.quick.blockId]?.[B.quick.actionId]?.selected_option;
  const option = SNOOZE_QUICK_OPTIONS.find((o) => o.value === picked?.value);
  const date = values[B.date.blockId]?.[B.date.actionId]?.selected_date;
  const text = values[B.reason.blockId]?.[B.reason.actionId]?.value;
  const reason = typeof text === 'string' && text.trim() !== '' ? text.trim() : null;
  if (option) return { until: { quick: option.value, days: option.days }, reason };
  if (typeof date === 'string' && nextDay(date) !== null) return { until: { date }, reason };
  return { until: null, reason };
}

/** `{ instanceId }` from the modal's private_metadata, or null when it is not ours. */
export function readSnoozeWorkflowMetadata(metadata: string): { instanceId: number } | null {
  try {
    const parsed: unknown = JSON.parse(metadata);
    const id = (parsed as { instanceId?: unknown } | null)?.instanceId;
    return Number.isSafeInteger(id) && (id as number) > 0 ? { instanceId: id as number } : null;
  } catch {
    return null;
  }
}
