/**
 * Checks for Block Kit composition objects and interactive elements, shared by
 * `slack-limits.ts`. Each check appends problems (JSON pointer + message) instead of throwing,
 * so one call reports everything that Slack would reject.
 */
import { SLACK_LIMITS as L } from './slack-limit-values.ts';

export interface BlockProblem {
  /** Where the problem is, as Slack reports it: `/blocks/3/text/text`. */
  pointer: string;
  message: string;
}

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export class Problems {
  readonly list: BlockProblem[] = [];

  add(pointer: string, message: string): void {
    this.list.push({ pointer, message });
  }

  /** A string field that may be absent (unless `required`) but never longer than `max`. */
  string(value: unknown, pointer: string, max: number, required = false): void {
    if (value === undefined) {
      if (required) this.add(pointer, 'is required');
    } else if (typeof value !== 'string') this.add(pointer, 'must be a string');
    else if (value.length > max) this.add(pointer, `must be at most ${max} characters`);
    else if (required && value.length === 0) this.add(pointer, 'must not be empty');
  }

  /** A list of at most `max` items (and at least `min`); false when it is not a list. */
  items(value: unknown, pointer: string, max: number, min = 1): value is unknown[] {
    if (!Array.isArray(value)) {
      this.add(pointer, 'must be an array');
      return false;
    }
    if (value.length < min) this.add(pointer, `must have at least ${min} items`);
    if (value.length > max) this.add(pointer, `must have at most ${max} items`);
    return true;
  }
}

export interface TextRule {
  max: number;
  plainOnly?: boolean;
  required?: boolean;
}

/** A text object: `{ type: 'plain_text' | 'mrkdwn', text }`, non-empty and within `max`. */
export function checkText(p: Problems, value: unknown, pointer: string, rule: TextRule): void {
  if (value === undefined) {
    if (rule.required ?? true) p.add(pointer, 'is required');
    return;
  }
  if (!isObject(value)) {
    p.add(pointer, 'must be a text object');
    return;
  }
  if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
    p.add(`${pointer}/type`, 'must be plain_text or mrkdwn');
    return;
  }
  if (rule.plainOnly && value.type !== 'plain_text') {
    p.add(`${pointer}/type`, 'must be plain_text');
  }
  p.string(value.text, `${pointer}/text`, rule.max, true);
  if (value.emoji !== undefined && value.type !== 'plain_text') {
    p.add(`${pointer}/emoji`, 'is only allowed on plain_text');
  }
  if (value.verbatim !== undefined && value.type !== 'mrkdwn') {
    p.add(`${pointer}/verbatim`, 'is only allowed on mrkdwn');
  }
}

function checkOptions(p: Problems, value: unknown, pointer: string, max: number, mrkdwn: boolean) {
  if (!p.items(value, pointer, max)) return;
  value.forEach((option, i) => {
    const at = `${pointer}/${i}`;
    if (!isObject(option)) {
      p.add(at, 'must be an option object');
      return;
    }
    checkText(p, option.text, `${at}/text`, { max: L.optionText, plainOnly: !mrkdwn });
    p.string(option.value, `${at}/value`, L.optionValue, true);
    checkText(p, option.description, `${at}/description`, { max: L.optionText, required: false });
  });
}

const SELECTS = ['static_select', 'multi_static_select', 'external_select', 'users_select']
  .concat(['multi_external_select', 'multi_users_select', 'conversations_select'])
  .concat(['multi_conversations_select', 'channels_select', 'multi_channels_select']);
const PICKERS = ['datepicker', 'timepicker', 'datetimepicker'];
const CHOICES = ['checkboxes', 'radio_buttons'];
const TEXT_INPUTS = [
  'plain_text_input',
  'number_input',
  'email_text_input',
  'url_text_input',
].concat(['rich_text_input', 'file_input']);

/** Which element types each place accepts. */
export const ELEMENTS_IN = {
  actions: new Set(['button', 'overflow', ...SELECTS, ...PICKERS, ...CHOICES]),
  accessory: new Set(['button', 'overflow', 'image', ...SELECTS, ...PICKERS, ...CHOICES]),
  input: new Set([...SELECTS, ...PICKERS, ...CHOICES, ...TEXT_INPUTS]),
};

/** An element (button, select, input, image…) allowed in `allowed`; `actionIds` finds repeats. */
export function checkElement(
  p: Problems,
  element: unknown,
  pointer: string,
  allowed: Set<string>,
  actionIds: Set<string>,
): void {
  if (!isObject(element)) {
    p.add(pointer, 'must be an element object');
    return;
  }
  const type = String(element.type);
  if (!allowed.has(type)) {
    p.add(`${pointer}/type`, `element type ${type} is not allowed here`);
    return;
  }
  if (type === 'image') {
    checkImage(p, element, pointer);
    return;
  }
  p.string(element.action_id, `${pointer}/action_id`, L.id);
  if (typeof element.action_id === 'string') {
    if (actionIds.has(element.action_id)) p.add(`${pointer}/action_id`, 'duplicate action_id');
    actionIds.add(element.action_id);
  }
  checkText(p, element.placeholder, `${pointer}/placeholder`, {
    max: L.placeholder,
    plainOnly: true,
    required: false,
  });
  if (type === 'button') {
    checkText(p, element.text, `${pointer}/text`, { max: L.buttonText, plainOnly: true });
    p.string(element.value, `${pointer}/value`, L.buttonValue);
    p.string(element.url, `${pointer}/url`, L.url);
    if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
      p.add(`${pointer}/style`, 'must be primary or danger');
    }
  } else if (CHOICES.includes(type)) {
    checkOptions(p, element.options, `${pointer}/options`, L.choiceOptions, true);
  } else if (type === 'overflow') {
    checkOptions(p, element.options, `${pointer}/options`, L.overflowOptions, false);
  } else if (type === 'static_select' || type === 'multi_static_select') {
    if (element.option_groups !== undefined) {
      if (p.items(element.option_groups, `${pointer}/option_groups`, L.selectOptions)) {
        element.option_groups.forEach((group, i) => {
          const at = `${pointer}/option_groups/${i}`;
          const options = isObject(group) ? group.options : undefined;
          checkOptions(p, options, `${at}/options`, L.selectOptions, false);
        });
      }
    } else checkOptions(p, element.options, `${pointer}/options`, L.selectOptions, false);
  } else if (type === 'plain_text_input' && typeof element.max_length === 'number') {
    if (element.max_length > L.inputMaxLength) {
      p.add(`${pointer}/max_length`, `must be at most ${L.inputMaxLength}`);
    }
  }
}

/** An image block or element: a URL (or Slack file) and alt text. */
export function checkImage(p: Problems, image: Json, pointer: string): void {
  if (image.image_url === undefined && image.slack_file === undefined) {
    p.add(`${pointer}/image_url`, 'is required');
  }
  p.string(image.image_url, `${pointer}/image_url`, L.url);
  p.string(image.alt_text, `${pointer}/alt_text`, L.altText, true);
}
