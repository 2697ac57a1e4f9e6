/**
 * Block Kit's interactive elements as real form controls, so a person (and Playwright's
 * getByRole / getByLabel) can use them: buttons, overflow menus, selects, checkboxes, radio
 * buttons, date and time pickers, text and number inputs, and images. Each control carries
 * what the page's client needs to send the action as Slack would (static/client.js):
 * `data-kind` (the element type), `data-action-id`, `data-block-id`, `data-dispatch` when a
 * change is sent at once, `data-input` when its value belongs to the container's values,
 * `data-value` / `data-url` on buttons and `data-confirm` (JSON) when a dialog comes first.
 */
import {
  arr,
  attr,
  escapeHtml,
  idPart,
  isObject,
  localImageUrl,
  obj,
  safeUrl,
  str,
} from './html.ts';
import { type TextContext, textObjectHtml, textObjectPlain } from './mrkdwn.ts';

/** What rendering a surface's blocks needs beyond the text. */
export interface BlockContext extends TextContext {
  /** Unique on the page for this surface: every element id starts with it. */
  idPrefix: string;
  /** block_id → the bot's error for that input (modals). */
  errors: Record<string, string>;
}

/** Where an element sits, and what labels it when it is an input block's element. */
export interface ElementPlace {
  blockId: string | undefined;
  /** The element's id on the page. */
  id: string;
  /** Whether a change is sent as a block action at once (accessories, actions blocks). */
  dispatch: boolean;
  /** Whether an input block's label names the control (else it names itself). */
  labelled?: boolean;
  /** The input block's label element id, for groups (checkboxes, radio buttons). */
  labelId?: string;
  /** Ids of the hint and error under an input, for aria-describedby. */
  describedBy?: string;
  invalid?: boolean;
}

/** The element types whose value is part of a view's state. */
const STATEFUL = new Set([
  'static_select',
  'multi_static_select',
  'checkboxes',
  'radio_buttons',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'plain_text_input',
  'number_input',
  'email_text_input',
  'url_text_input',
]);

export function isStateful(element: unknown): boolean {
  return STATEFUL.has(str(element, 'type') ?? '');
}

/** The attributes every control shares. */
function common(element: unknown, place: ElementPlace): string {
  const type = str(element, 'type') ?? '';
  return (
    attr('data-kind', type) +
    attr('data-action-id', str(element, 'action_id')) +
    attr('data-block-id', place.blockId) +
    attr('data-dispatch', place.dispatch ? '1' : undefined) +
    attr('data-input', isStateful(element) ? '1' : undefined)
  );
}

function describe(place: ElementPlace): string {
  return attr('aria-describedby', place.describedBy) + attr('aria-invalid', place.invalid);
}

/** A confirm object as the JSON the client's dialog reads (plain words, no markup). */
export function confirmAttr(element: unknown): string {
  const confirm = obj(element, 'confirm');
  if (!confirm) return '';
  const dialog = {
    title: textObjectPlain(confirm.title) || 'Are you sure?',
    text: textObjectPlain(confirm.text),
    confirm: textObjectPlain(confirm.confirm) || 'Yes',
    deny: textObjectPlain(confirm.deny) || 'Cancel',
    style: str(confirm, 'style') ?? '',
  };
  return attr('data-confirm', JSON.stringify(dialog));
}

function buttonHtml(element: unknown, place: ElementPlace, ctx: BlockContext): string {
  const style = str(element, 'style');
  const url = safeUrl(str(element, 'url') ?? '');
  const label = str(element, 'accessibility_label');
  return (
    `<button type="button" class="btn${style ? ` btn-${idPart(style)}` : ''}"${common(element, place)}` +
    `${attr('data-value', str(element, 'value'))}${attr('data-url', url)}${confirmAttr(element)}` +
    `${attr('aria-label', label)}>${textObjectHtml(obj(element, 'text'), ctx)}</button>`
  );
}

function overflowHtml(element: unknown, place: ElementPlace, ctx: BlockContext): string {
  const items = arr(element, 'options').map((option) => {
    const url = safeUrl(str(option, 'url') ?? '');
    return (
      `<button type="button" role="menuitem" class="menu-item"${attr('data-option-value', str(option, 'value'))}` +
      `${attr('data-url', url)}>${textObjectHtml(obj(option, 'text'), ctx)}</button>`
    );
  });
  return (
    `<div class="overflow"${common(element, place)}${confirmAttr(element)}>` +
    `<button type="button" class="btn btn-icon overflow-toggle" aria-haspopup="menu" aria-expanded="false"` +
    `${attr('aria-controls', `${place.id}-menu`)} aria-label="More actions">⋮</button>` +
    `<div class="overflow-menu" role="menu"${attr('id', `${place.id}-menu`)} aria-label="More actions" hidden>` +
    `${items.join('')}</div></div>`
  );
}

function optionValue(option: unknown): string {
  return str(option, 'value') ?? '';
}

/** `<option>`s of a select, with its option groups as `<optgroup>`. */
function selectOptions(element: unknown, selected: Set<string>): string {
  const option = (o: unknown) =>
    `<option${attr('value', optionValue(o))}${attr('selected', selected.has(optionValue(o)))}>` +
    `${escapeHtml(textObjectPlain(obj(o, 'text')))}</option>`;
  const groups = arr(element, 'option_groups');
  if (groups.length > 0) {
    return groups
      .map(
        (group) =>
          `<optgroup${attr('label', textObjectPlain(obj(group, 'label')))}>` +
          `${arr(group, 'options').map(option).join('')}</optgroup>`,
      )
      .join('');
  }
  return arr(element, 'options').map(option).join('');
}

/** The values of `initial_option` / `initial_options`. */
function initialValues(element: unknown): Set<string> {
  const one = obj(element, 'initial_option');
  const many = arr(element, 'initial_options');
  return new Set([...(one ? [one] : []), ...many].map(optionValue));
}

/** A name for a control that has no `<label for>`: its placeholder, else what it is. */
function ownLabel(element: unknown, place: ElementPlace, fallback: string): string {
  if (place.labelled) return '';
  return attr('aria-label', textObjectPlain(obj(element, 'placeholder')) || fallback);
}

function selectHtml(element: unknown, place: ElementPlace): string {
  const multi = str(element, 'type') === 'multi_static_select';
  const selected = initialValues(element);
  const placeholder = textObjectPlain(obj(element, 'placeholder')) || 'Select an option';
  const prompt =
    multi || selected.size > 0
      ? ''
      : `<option value="" selected disabled>${escapeHtml(placeholder)}</option>`;
  return (
    `<select class="select"${attr('id', place.id)}${attr('multiple', multi)}${common(element, place)}` +
    `${confirmAttr(element)}${describe(place)}${ownLabel(element, place, placeholder)}>` +
    `${prompt}${selectOptions(element, selected)}</select>`
  );
}

/** Checkboxes or radio buttons: a group of real inputs, each with its own label. */
function choicesHtml(element: unknown, place: ElementPlace, ctx: BlockContext): string {
  const radio = str(element, 'type') === 'radio_buttons';
  const selected = initialValues(element);
  const options = arr(element, 'options').map((option, i) => {
    const id = `${place.id}-o${i}`;
    const description = obj(option, 'description');
    return (
      `<div class="choice"><input type="${radio ? 'radio' : 'checkbox'}"${attr('id', id)}` +
      `${attr('name', place.id)}${attr('value', optionValue(option))}${attr('checked', selected.has(optionValue(option)))}>` +
      `<label${attr('for', id)}>${textObjectHtml(obj(option, 'text'), ctx)}` +
      `${description ? `<span class="choice-description">${textObjectHtml(description, ctx)}</span>` : ''}</label></div>`
    );
  });
  const name = place.labelId
    ? attr('aria-labelledby', place.labelId)
    : attr('aria-label', radio ? 'Options' : 'Checklist');
  return (
    `<div role="${radio ? 'radiogroup' : 'group'}" class="choices"${attr('id', place.id)}` +
    `${common(element, place)}${confirmAttr(element)}${name}${describe(place)}>${options.join('')}</div>`
  );
}

function textInputHtml(element: unknown, place: ElementPlace): string {
  const type = str(element, 'type');
  const placeholder = attr(
    'placeholder',
    textObjectPlain(obj(element, 'placeholder')) || undefined,
  );
  const limits =
    attr('maxlength', numberOf(element, 'max_length')) +
    attr('minlength', numberOf(element, 'min_length'));
  const shared = `${attr('id', place.id)}${common(element, place)}${placeholder}${describe(place)}${ownLabel(element, place, 'Text')}`;
  if (type === 'plain_text_input' && (element as { multiline?: unknown }).multiline === true) {
    const initial = escapeHtml(str(element, 'initial_value') ?? '');
    return `<textarea class="text-input" rows="4"${shared}${limits}>${initial}</textarea>`;
  }
  const inputType =
    type === 'number_input'
      ? 'number'
      : type === 'email_text_input'
        ? 'email'
        : type === 'url_text_input'
          ? 'url'
          : 'text';
  const numeric =
    type === 'number_input'
      ? attr(
          'step',
          (element as { is_decimal_allowed?: unknown }).is_decimal_allowed === true ? 'any' : '1',
        ) +
        attr('min', str(element, 'min_value')) +
        attr('max', str(element, 'max_value'))
      : limits;
  return `<input type="${inputType}" class="text-input"${shared}${numeric}${attr('value', str(element, 'initial_value'))}>`;
}

function numberOf(o: unknown, key: string): number | undefined {
  const value = isObject(o) ? o[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function pickerHtml(element: unknown, place: ElementPlace): string {
  const type = str(element, 'type');
  const [inputType, initial, fallback] =
    type === 'datepicker'
      ? ['date', str(element, 'initial_date'), 'Pick a date']
      : type === 'timepicker'
        ? ['time', str(element, 'initial_time'), 'Pick a time']
        : ['datetime-local', datetimeLocal(element), 'Pick a date and time'];
  return (
    `<input type="${inputType}" class="picker"${attr('id', place.id)}${common(element, place)}` +
    `${confirmAttr(element)}${attr('value', initial)}${describe(place)}${ownLabel(element, place, fallback)}>`
  );
}

/** A datetimepicker's `initial_date_time` (epoch seconds) as `YYYY-MM-DDTHH:MM` in UTC. */
function datetimeLocal(element: unknown): string | undefined {
  const seconds = numberOf(element, 'initial_date_time');
  return seconds === undefined ? undefined : new Date(seconds * 1000).toISOString().slice(0, 16);
}

/** An image element: shown when the sandbox serves it, else its alt text (no internet). */
export function imageHtml(element: unknown, className: string): string {
  const alt = str(element, 'alt_text') ?? '';
  const slackFile = obj(element, 'slack_file');
  const fileId = str(slackFile, 'id');
  const raw =
    str(element, 'image_url') ??
    str(slackFile, 'url') ??
    (fileId ? `/sandbox/files/${fileId}` : '');
  const local = localImageUrl(raw);
  if (local) return `<img class="${className}"${attr('src', local)}${attr('alt', alt)}>`;
  const link = safeUrl(raw);
  const text = `🖼 ${escapeHtml(alt || 'image')}`;
  return link
    ? `<a class="${className} image-remote" href="${escapeHtml(link)}" target="_blank" rel="noopener noreferrer">${text}</a>`
    : `<span class="${className} image-remote">${text}</span>`;
}

/** One element as a control; an unknown type says so instead of vanishing. */
export function elementHtml(element: unknown, place: ElementPlace, ctx: BlockContext): string {
  switch (str(element, 'type')) {
    case 'button':
      return buttonHtml(element, place, ctx);
    case 'overflow':
      return overflowHtml(element, place, ctx);
    case 'static_select':
    case 'multi_static_select':
      return selectHtml(element, place);
    case 'checkboxes':
    case 'radio_buttons':
      return choicesHtml(element, place, ctx);
    case 'datepicker':
    case 'timepicker':
    case 'datetimepicker':
      return pickerHtml(element, place);
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return textInputHtml(element, place);
    case 'image':
      return imageHtml(element, 'accessory-image');
    default:
      return `<span class="unsupported">[${escapeHtml(str(element, 'type') ?? 'element')}: not shown in the sandbox]</span>`;
  }
}
