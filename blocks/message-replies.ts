/**
 * Answers to what a CSM writes to Renubu (PRODUCT.md §11): a change said back in full with an
 * Undo button, a question before a skip or escalate read from inexact words, and the nearest
 * reading with two or three suggestions as buttons. Pure: the words come in escaped for
 * mrkdwn where they are the CSM's.
 */
import { ACTION, sayActionId } from './action-ids.ts';
import { actions, button, section } from './elements.ts';
import { escapeMrkdwn } from './format.ts';
import type { SlackMessage } from './morning-dm.ts';

/** What the CSM can write, shown under "not understood" and "help". */
export const THREAD_PHRASES = [
  'snooze 2d waiting for finance',
  'skip 3 customer asked for no quote',
  'next',
  'undo',
  'status',
] as const;
export const DM_PHRASES = ['today', 'list', 'help'] as const;

/** A change made: its words (plain), and Undo for the workflow it changed. */
export function changedReply(words: string, executionId: number | null): SlackMessage {
  const text = escapeMrkdwn(words);
  const undo =
    executionId === null ? [] : [actions(button('Undo', ACTION.undoMessage, String(executionId)))];
  return { text: words, blocks: [section(text), ...undo] };
}

/** A plain answer (a refusal, a status): words only. */
export function plainReply(words: string): SlackMessage {
  return { text: words, blocks: [section(escapeMrkdwn(words))] };
}

/** Ask before acting on a guess: the button says the exact words, which then act. */
export function confirmReply(question: string, label: string, exactWords: string): SlackMessage {
  return {
    text: question,
    blocks: [
      section(escapeMrkdwn(question)),
      actions(button(label, ACTION.say, exactWords, 'primary')),
    ],
  };
}

/** Not understood (or help): what it read, if anything, and 2-3 things to say instead. */
export function suggestionsReply(lead: string, suggestions: readonly string[]): SlackMessage {
  const shown = suggestions.slice(0, 3);
  const list = shown.map((s) => `“${s}”`).join(', ');
  const words = `${lead} You can write, for example: ${list}.`;
  return {
    text: words,
    blocks: [
      section(escapeMrkdwn(words)),
      actions(...shown.map((s, i) => button(s, sayActionId(i), s))),
    ],
  };
}
