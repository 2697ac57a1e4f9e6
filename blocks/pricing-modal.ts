/**
 * The pricing adjust modal (`pricing-strategy.modify`): a new price change in whole percent
 * within PRICE_CHANGE_RANGE, showing today's ARR and the recommended change. The submission
 * is read and checked here so the listener's ack can name the input block on an error.
 */
import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { formatDollars } from '../src/domain/money.ts';
import { plain, section } from './elements.ts';
import { mrkdwnText } from './format.ts';
import { PRICE_INPUT, THREAD_VIEW } from './thread-ids.ts';

/** The range a CSM may set by hand, in percent. */
export const PRICE_CHANGE_RANGE = { min: -30, max: 50 } as const;

export interface PricingModalInput {
  executionId: number;
  stepIndex: number;
  customerName: string;
  currentArr: number;
  recommendedPct: number;
}

export type PricingModal = Omit<ModalView, 'blocks'> & { blocks: KnownBlock[] };

/** The new ARR for a change of `pct` percent, to the cent. */
export function arrAfter(currentArr: number, pct: number): number {
  return Math.round(currentArr * (1 + pct / 100) * 100) / 100;
}

export function pricingModal(input: PricingModalInput): PricingModal {
  const field: InputBlock = {
    type: 'input',
    block_id: PRICE_INPUT.blockId,
    label: plain('Price change (%)', 2000),
    hint: plain(
      `A whole number from ${PRICE_CHANGE_RANGE.min} to ${PRICE_CHANGE_RANGE.max}; today's ARR is ${formatDollars(input.currentArr)}.`,
      2000,
    ),
    element: {
      type: 'plain_text_input',
      action_id: PRICE_INPUT.actionId,
      initial_value: String(input.recommendedPct),
    },
  };
  return {
    type: 'modal',
    callback_id: THREAD_VIEW.modifyPrice,
    private_metadata: JSON.stringify({ e: input.executionId, s: input.stepIndex }),
    title: plain('Adjust the price', 24),
    submit: plain('Set price', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(
        `*${mrkdwnText(input.customerName, 200)}*: today ${formatDollars(input.currentArr)}; recommended ${input.recommendedPct > 0 ? '+' : ''}${input.recommendedPct}% → ${formatDollars(arrAfter(input.currentArr, input.recommendedPct))}.`,
      ),
      field,
    ],
  };
}

export type PriceChoice =
  | { ok: true; pct: number; newArr: number }
  | { ok: false; blockId: string; message: string };

/** The submitted change, checked: a whole number inside the range. */
export function readPriceChange(raw: string | undefined, currentArr: number): PriceChoice {
  const text = (raw ?? '').trim().replace(/%$/, '').replace(/^\+/, '');
  const pct = Number(text);
  const { min, max } = PRICE_CHANGE_RANGE;
  if (text === '' || !Number.isInteger(pct) || pct < min || pct > max) {
    return {
      ok: false,
      blockId: PRICE_INPUT.blockId,
      message: `Enter a whole number from ${min} to ${max} (e.g. 8 for an 8% increase).`,
    };
  }
  return { ok: true, pct, newArr: arrAfter(currentArr, pct) };
}

/** `{ executionId, stepIndex }` from the modal's private_metadata, or null. */
export function readPricingMetadata(
  metadata: string,
): { executionId: number; stepIndex: number } | null {
  try {
    const parsed = JSON.parse(metadata) as { e?: unknown; s?: unknown };
    if (!Number.isSafeInteger(parsed.e) || !Number.isSafeInteger(parsed.s)) return null;
    return { executionId: parsed.e as number, stepIndex: parsed.s as number };
  } catch {
    return null;
  }
}
