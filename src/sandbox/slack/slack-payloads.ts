/**
 * Pieces of the interaction payloads Slack sends (block_actions, view_submission), built from
 * what the fake workspace shows: the element a user clicked is looked up in the message or
 * view blocks, so its type, block_id and option texts are the real ones.
 */
import { isObject, type Json } from './block-checks.ts';

/** A value for one input in a submitted view: Slack's own state object, or a shorthand. */
export type StateInput = Json | string | string[];

/** `{ [block_id]: { [action_id]: value } }`, as in `view.state.values`. */
export type SubmissionValues = Record<string, Record<string, StateInput>>;

export interface FoundElement {
  blockId: string | undefined;
  element: Json;
}

/** The element with `actionId` in `blocks` (section accessory, actions, input), if any. */
export function findElement(blocks: unknown, actionId: string): FoundElement | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks) {
    if (!isObject(block)) continue;
    const elements = [block.accessory, block.element].concat(
      Array.isArray(block.elements) ? block.elements : [],
    );
    const element = elements.find((e) => isObject(e) && e.action_id === actionId);
    if (isObject(element)) {
      const blockId = typeof block.block_id === 'string' ? block.block_id : undefined;
      return { blockId, element };
    }
  }
  return undefined;
}

/** An option object `{ text, value }` for `value`, with the text the element shows for it. */
export function optionFor(element: Json | undefined, value: string): Json {
  const groups = Array.isArray(element?.option_groups) ? element.option_groups : [];
  const options = (Array.isArray(element?.options) ? element.options : []).concat(
    ...groups.map((g) => (isObject(g) && Array.isArray(g.options) ? g.options : [])),
  );
  const found = options.find((o) => isObject(o) && o.value === value);
  return isObject(found) ? found : { text: { type: 'plain_text', text: value }, value };
}

/** Slack's state value for an element of this type from a plain string (or strings). */
export function stateValue(element: Json | undefined, input: StateInput): Json {
  if (isObject(input)) return input;
  const type = typeof element?.type === 'string' ? element.type : 'plain_text_input';
  const one = Array.isArray(input) ? (input[0] ?? '') : input;
  const many = Array.isArray(input) ? input : [input];
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: optionFor(element, one) };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: many.map((v) => optionFor(element, v)) };
    case 'datepicker':
      return { type, selected_date: one };
    case 'timepicker':
      return { type, selected_time: one };
    case 'users_select':
      return { type, selected_user: one };
    case 'multi_users_select':
      return { type, selected_users: many };
    case 'conversations_select':
      return { type, selected_conversation: one };
    case 'channels_select':
      return { type, selected_channel: one };
    default:
      return { type, value: one };
  }
}

/** `view.state.values` for a submission, each shorthand turned into Slack's state object. */
export function stateValues(view: Json, values: SubmissionValues): Record<string, Json> {
  const state: Record<string, Json> = {};
  for (const [blockId, inputs] of Object.entries(values)) {
    const block: Json = {};
    for (const [actionId, input] of Object.entries(inputs)) {
      block[actionId] = stateValue(findElement(view.blocks, actionId)?.element, input);
    }
    state[blockId] = block;
  }
  return state;
}

/** What a user did to an element: the `actions[0]` of a block_actions payload. */
export interface ActionInput {
  actionId: string;
  value?: string;
  blockId?: string;
  /** The chosen option's value (its text is looked up in the element). */
  selectedOption?: string;
  /** Checkboxes and multi-selects: every chosen option's value. */
  selectedOptions?: string[];
  selectedDate?: string;
  selectedTime?: string;
}

export function actionPayload(input: ActionInput, found: FoundElement | undefined, ts: string) {
  const element = found?.element;
  const guessed = input.selectedOption
    ? 'static_select'
    : input.selectedDate
      ? 'datepicker'
      : 'button';
  const type = typeof element?.type === 'string' ? element.type : guessed;
  const action: Json = {
    type,
    action_id: input.actionId,
    block_id: input.blockId ?? found?.blockId ?? 'block',
    action_ts: ts,
  };
  if (type === 'button') {
    action.text = element?.text ?? { type: 'plain_text', text: input.actionId, emoji: true };
    action.value = input.value ?? element?.value;
    if (element?.style) action.style = element.style;
  } else if (input.selectedOption !== undefined) {
    action.selected_option = optionFor(element, input.selectedOption);
  } else if (input.selectedOptions !== undefined) {
    action.selected_options = input.selectedOptions.map((value) => optionFor(element, value));
  } else if (input.selectedDate !== undefined) action.selected_date = input.selectedDate;
  else if (input.selectedTime !== undefined) action.selected_time = input.selectedTime;
  else if (input.value !== undefined) action.value = input.value;
  return action;
}
