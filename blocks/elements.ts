/**
 * Plain-object constructors for the few Block Kit shapes the builders use, each clamped to
 * Slack's limits (FIELD-NOTES.md, "Block Kit limits") so no caller can overflow one by
 * accident: header 150, section text 3000, field 2000, context text 3000, button text 75.
 */
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';
import { truncate, truncateMrkdwn } from './format.ts';

export const LIMITS = {
  header: 150,
  sectionText: 3000,
  field: 2000,
  contextText: 3000,
  buttonText: 75,
  buttonValue: 2000,
} as const;

export function plain(text: string, max: number = LIMITS.sectionText): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max) || ' ', emoji: true };
}

/** Already-escaped mrkdwn (see `mrkdwnText`); cut to `max` as a last guard, never mid-entity. */
export function mrkdwn(text: string, max: number = LIMITS.sectionText): MrkdwnElement {
  return { type: 'mrkdwn', text: truncateMrkdwn(text, max) || ' ' };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(text, LIMITS.header) };
}

export function section(text: string, accessory?: Button): SectionBlock {
  return accessory
    ? { type: 'section', text: mrkdwn(text), accessory }
    : { type: 'section', text: mrkdwn(text) };
}

export function fieldsSection(text: string, fields: string[]): SectionBlock {
  return {
    type: 'section',
    text: mrkdwn(text),
    fields: fields.slice(0, 10).map((field) => mrkdwn(field, LIMITS.field)),
  };
}

export function context(...texts: string[]): ContextBlock {
  return {
    type: 'context',
    elements: texts.slice(0, 10).map((text) => mrkdwn(text, LIMITS.contextText)),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function button(
  text: string,
  actionId: string,
  value?: string,
  style?: 'primary' | 'danger',
): Button {
  return {
    type: 'button',
    text: plain(text, LIMITS.buttonText),
    action_id: actionId,
    ...(value === undefined ? {} : { value: truncate(value, LIMITS.buttonValue) }),
    ...(style ? { style } : {}),
  };
}

export function actions(...buttons: Button[]): ActionsBlock {
  return { type: 'actions', elements: buttons.slice(0, 25) };
}
