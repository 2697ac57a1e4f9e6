/**
 * Answers to what a CSM writes to Renubu (PRODUCT.md §11): a change said back in full with an
 * Undo button, a question before a skip or escalate read from inexact words, and the nearest
 * reading with two or three suggestions as buttons. Pure. The words come in plain (they may
 * quote what the CSM typed) and are escaped here, once, text fallback included: Slack reads
 * both as mrkdwn.
 */
import type { KnownBlock } from '@slack/types';
import { ACTION, sayActionId } from './action-ids.ts';
import { actions, button, section } from './elements.ts';
import { escapeMrkdwn } from './format.ts';
import type { SlackMessage } from './morning-dm.ts';

function said(words: string, ...more: KnownBlock[]): SlackMessage {
  const text = escapeMrkdwn(words);
  return { text, blocks: [section(text), ...more] };
}

/** A change made, in words, with Undo for the workflow it changed (none after an undo). */
export function changedReply(words: string, executionId: number | null): SlackMessage {
  if (executionId === null) return said(words);
  return said(words, actions(button('Undo', ACTION.undoMessage, String(executionId))));
}

/** A plain answer (a refusal, a status): words only. */
export function plainReply(words: string): SlackMessage {
  return said(words);
}

/** Ask before acting on a guess: the button says the exact words, which then act. */
export function confirmReply(question: string, label: string, exactWords: string): SlackMessage {
  return said(question, actions(button(label, ACTION.say, exactWords, 'primary')));
}

/** Not understood (or help): what it read, if anything, and 2-3 things to say instead. */
export function suggestionsReply(lead: string, suggestions: readonly string[]): SlackMessage {
  const shown = suggestions.slice(0, 3);
  const list = shown.map((s) => `“${s}”`).join(', ');
  return said(
    `${lead} You can write, for example: ${list}.`,
    actions(...shown.map((s, i) => button(s, sayActionId(i), s))),
  );
}
