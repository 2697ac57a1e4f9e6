/**
 * The one scheme of Slack ids, `<slide>.<verb>` (STYLE.md): every action_id, callback_id and
 * modal block_id the builders emit, and the button values they carry. Listeners in
 * src/slack/ match on these constants, never on literals.
 */

/** Button action_ids. Values: an instance id (`begin`, `open`, `snoozeWorkflow`), a step
 * (`resumeStep`: `${executionId}:${stepIndex}`, see `stepValue`), none (`refreshHome`). */
export const ACTION = {
  begin: 'digest.begin',
  open: 'digest.open',
  snoozeWorkflow: 'digest.snooze_workflow',
  resumeStep: 'snoozed.resume',
  refreshHome: 'home.refresh',
  /** A message's answer (blocks/message-replies.ts): undo the change it made; value: execution id. */
  undoMessage: 'conversation.undo',
  /** A suggestion or confirm button: its value is said as if the CSM wrote it there. */
  say: 'conversation.say',
} as const;

/** The `n`th say button of one message (Slack wants each action_id once a message). */
export function sayActionId(n: number): string {
  return n === 0 ? ACTION.say : `${ACTION.say}_${String.fromCharCode(97 + (n % 26))}`;
}
/** Matches every say button. */
export const SAY_ACTION_PATTERN = /^conversation\.say(?:_[a-z])?$/;
export type ActionId = (typeof ACTION)[keyof typeof ACTION];

/** Modal callback_ids. */
export const VIEW = { snoozeWorkflow: 'snooze_workflow.submit' } as const;
export type ViewCallbackId = (typeof VIEW)[keyof typeof VIEW];

/**
 * The snooze-workflow modal's inputs, as `view.state.values[blockId][actionId]`. A picked
 * quick option wins over the date; the reason is optional.
 */
export const SNOOZE_WORKFLOW_BLOCKS = {
  quick: { blockId: 'snooze_workflow.quick', actionId: 'snooze_workflow.pick_quick' },
  date: { blockId: 'snooze_workflow.until', actionId: 'snooze_workflow.pick_date' },
  reason: { blockId: 'snooze_workflow.reason', actionId: 'snooze_workflow.write_reason' },
} as const;

/** The quick options; values are `/renubu snooze` durations (PRODUCT.md §5). */
export const SNOOZE_QUICK_OPTIONS = [
  { value: '1d', label: '1 day', days: 1 },
  { value: '2d', label: '2 days', days: 2 },
  { value: '1w', label: '1 week', days: 7 },
] as const;
export type SnoozeQuickValue = (typeof SNOOZE_QUICK_OPTIONS)[number]['value'];

/** The value of a workflow button (`begin`, `open`, `snoozeWorkflow`). */
export function instanceValue(instanceId: number): string {
  return String(instanceId);
}

/** `'42'` → 42; anything but a positive safe integer → null. */
export function parseInstanceValue(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,16}$/.test(value)) return null;
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The value of a `resumeStep` button: `${executionId}:${stepIndex}`. */
export function stepValue(executionId: number, stepIndex: number): string {
  return `${executionId}:${stepIndex}`;
}

/** `'7:2'` → `{ executionId: 7, stepIndex: 2 }`; anything malformed → null. */
export function parseStepValue(
  value: string | undefined,
): { executionId: number; stepIndex: number } | null {
  const match = value === undefined ? null : /^(\d{1,16}):(\d{1,6})$/.exec(value);
  if (!match) return null;
  const executionId = Number(match[1]);
  const ok = Number.isSafeInteger(executionId) && executionId > 0;
  return ok ? { executionId, stepIndex: Number(match[2]) } : null;
}
