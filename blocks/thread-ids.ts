/**
 * The ids of a workflow thread's buttons and modals, in the `<slide>.<verb>` scheme
 * (STYLE.md), and the values they carry: `${executionId}:${stepIndex}`, with a third part
 * where a button needs one (`pricing-strategy.accept`: the scenario).
 */

export const THREAD_ACTION = {
  check: 'account-overview.check',
  accept: 'pricing-strategy.accept',
  modify: 'pricing-strategy.modify',
  buildQuote: 'prepare-quote.build',
  composeEmail: 'email-draft.compose',
  complete: 'summary.complete',
} as const;

/** Continue on a slide: `<slide>.next`. */
export function nextActionId(slideId: string): string {
  return `${slideId}.next`;
}

/** Matches every Continue button, whatever its slide. */
export const NEXT_ACTION_PATTERN = /^[a-z0-9-]+\.next$/;

export const THREAD_VIEW = { modifyPrice: 'pricing-strategy.submit' } as const;

/** The pricing modal's one input, as `view.state.values[blockId][actionId]`. */
export const PRICE_INPUT = {
  blockId: 'pricing-strategy.change',
  actionId: 'pricing-strategy.write_change',
} as const;

export interface ThreadRef {
  executionId: number;
  stepIndex: number;
  /** The optional third part (a scenario name), or null. */
  extra: string | null;
}

/** `'7:2'` or `'7:2:recommended'`. */
export function threadValue(executionId: number, stepIndex: number, extra?: string): string {
  return extra === undefined
    ? `${executionId}:${stepIndex}`
    : `${executionId}:${stepIndex}:${extra}`;
}

/** The value of a thread button back as numbers; anything malformed → null. */
export function parseThreadValue(value: string | undefined): ThreadRef | null {
  const match =
    value === undefined ? null : /^(\d{1,16}):(\d{1,6})(?::([a-z-]{1,40}))?$/.exec(value);
  if (!match) return null;
  const executionId = Number(match[1]);
  if (!Number.isSafeInteger(executionId) || executionId < 1) return null;
  return { executionId, stepIndex: Number(match[2]), extra: match[3] ?? null };
}
