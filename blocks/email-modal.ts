/**
 * The email composer (`email-draft.compose`) and its confirm step: To (the champion),
 * Subject and Body prefilled from the slide's draft, "Attach the quote PDF" when a quote
 * exists, and Send now or Save as draft. Sending asks once more, naming the recipient,
 * before anything is written. The submission is read and checked here so the listener's
 * ack can name the input block on an error.
 */
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import { plain, section } from './elements.ts';
import { mrkdwnText } from './format.ts';

export const EMAIL_VIEW = {
  compose: 'email-draft.submit',
  confirm: 'email-draft.confirm',
} as const;

export const EMAIL_BLOCK = {
  to: 'email-draft.to',
  subject: 'email-draft.subject',
  body: 'email-draft.body',
  attach: 'email-draft.attach',
  mode: 'email-draft.mode',
} as const;
export const emailActionId = (blockId: string) =>
  `email-draft.write_${blockId.replace('email-draft.', '')}`;

export interface EmailModalInput {
  executionId: number;
  stepIndex: number;
  toName: string;
  to: string;
  subject: string;
  body: string;
  /** The quote's number when one was built; null hides the attach checkbox. */
  quoteNumber: string | null;
}

export interface EmailForm {
  to: string;
  subject: string;
  body: string;
  attach: boolean;
  mode: 'send' | 'draft';
}

export type EmailModal = Omit<ModalView, 'blocks'> & { blocks: KnownBlock[] };

const option = (text: string, value: string): PlainTextOption => ({ text: plain(text, 75), value });
const SEND = option('Send now', 'send');
const DRAFT = option('Save as draft', 'draft');
const ATTACH = (quote: string) => option(`Attach the quote PDF (${quote})`, 'attach');

function text(blockId: string, label: string, initial: string, max: number, multiline = false) {
  const block: InputBlock = {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    element: {
      type: 'plain_text_input',
      action_id: emailActionId(blockId),
      max_length: max,
      ...(initial ? { initial_value: initial.slice(0, max) } : {}),
      ...(multiline ? { multiline: true } : {}),
    },
  };
  return block;
}

const metadata = (input: { executionId: number; stepIndex: number }) =>
  JSON.stringify({ e: input.executionId, s: input.stepIndex });

export function emailModal(input: EmailModalInput): EmailModal {
  const blocks: KnownBlock[] = [
    text(EMAIL_BLOCK.to, `To (${input.toName})`, input.to, 254),
    text(EMAIL_BLOCK.subject, 'Subject', input.subject, 250),
    text(EMAIL_BLOCK.body, 'Body', input.body, 3000, true),
  ];
  if (input.quoteNumber) {
    const attach = ATTACH(input.quoteNumber);
    blocks.push({
      type: 'input',
      block_id: EMAIL_BLOCK.attach,
      optional: true,
      label: plain('Attachment', 2000),
      element: {
        type: 'checkboxes',
        action_id: emailActionId(EMAIL_BLOCK.attach),
        options: [attach],
        initial_options: [attach],
      },
    });
  }
  blocks.push({
    type: 'input',
    block_id: EMAIL_BLOCK.mode,
    label: plain('What to do', 2000),
    element: {
      type: 'radio_buttons',
      action_id: emailActionId(EMAIL_BLOCK.mode),
      options: [SEND, DRAFT],
      initial_option: SEND,
    },
  });
  return {
    type: 'modal',
    callback_id: EMAIL_VIEW.compose,
    private_metadata: metadata(input),
    title: plain('Email the customer', 24),
    submit: plain('Next', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

/** The explicit confirm before anything is sent: Send, or Back to the composer. */
export function confirmEmailModal(
  input: { executionId: number; stepIndex: number; toName: string } & EmailForm,
): EmailModal {
  const who = `${mrkdwnText(input.toName, 200)} &lt;${mrkdwnText(input.to, 254)}&gt;`;
  const attached = input.attach ? '\nWith the quote PDF attached.' : '';
  return {
    type: 'modal',
    callback_id: EMAIL_VIEW.confirm,
    private_metadata: metadata(input),
    title: plain('Send the email?', 24),
    submit: plain('Send', 24),
    close: plain('Back', 24),
    blocks: [section(`Send this email to ${who}?\n*${mrkdwnText(input.subject, 300)}*${attached}`)],
  };
}

type StateValues = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_option?: { value: string } | null;
      selected_options?: { value: string }[] | null;
    }
  >
>;

export type EmailFormResult =
  | { ok: true; form: EmailForm }
  | { ok: false; errors: Record<string, string> };

export function readEmailForm(values: StateValues): EmailFormResult {
  const input = (blockId: string) => values[blockId]?.[emailActionId(blockId)];
  const read = (blockId: string) => (input(blockId)?.value ?? '').trim();
  const to = read(EMAIL_BLOCK.to);
  const subject = read(EMAIL_BLOCK.subject);
  const body = read(EMAIL_BLOCK.body);
  const errors: Record<string, string> = {};
  if (!z.email().safeParse(to).success) errors[EMAIL_BLOCK.to] = 'Enter one email address.';
  if (subject === '') errors[EMAIL_BLOCK.subject] = 'Write a subject.';
  if (body === '') errors[EMAIL_BLOCK.body] = 'Write the email.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const attach = (input(EMAIL_BLOCK.attach)?.selected_options ?? []).length > 0;
  const mode = input(EMAIL_BLOCK.mode)?.selected_option?.value === 'draft' ? 'draft' : 'send';
  return { ok: true, form: { to, subject, body, attach, mode } };
}
