/**
 * The conversation's understanding (PRODUCT.md §11, §12): a message, in a workflow's thread
 * or in the DM, to one typed intent with its arguments. No network, no model, no clock: `now`
 * and the CSM's zone come in the context. Never throws: anything not understood, and any
 * surprise, is `unclear` with two or three suggestions.
 *
 * Skip and escalate carry `exact`: true only when the words are the command form itself
 * ("skip 3 customer churned", "escalate: legal is stuck"); a looser reading ("i guess we can
 * skip this one?") is false, so the door asks to confirm.
 */
import { type BookCustomer, matchCustomer } from './customers.ts';
import { customerQuery, readDm, THREAD_ONLY } from './dm.ts';
import type { KnownIntent, Understood } from './intents.ts';
import {
  COMMAND_WORDS,
  DM_PHRASES,
  FILLERS,
  findPhrase,
  type Hit,
  THREAD_PHRASES,
  type ThreadWord,
} from './phrases.ts';
import { cleanReason, TO_MANAGER } from './reason.ts';
import { type Reading, readSnooze } from './snooze.ts';
import { findStep, type ThreadStep } from './steps.ts';
import { threadIntent, unclear } from './suggest.ts';
import { plainText, type Word, wordsOf } from './text.ts';
import { findWhen } from './when.ts';

export interface ConversationContext {
  where: 'thread' | 'dm';
  now: Date;
  /** The CSM's IANA zone: times are read on their clock. */
  timeZone: string;
  /** The thread's workflow, its steps in order. */
  steps?: readonly ThreadStep[];
  /** The CSM's own book only: no other CSM's customer can be matched. */
  customers?: readonly BookCustomer[];
}

const HEDGES = /\b(maybe|guess|think|probably|should we|can we|could we|perhaps|i suppose)\b/i;
/** Words that are both the command and the start of its time: "until the customer replies". */
const SELF_STARTING = new Set(['until', 'till', 'til']);

function after(plain: string, words: readonly Word[], hit: Hit<unknown>): string {
  if (SELF_STARTING.has(hit.phrase)) return plain.slice(words[hit.at]!.start);
  return plain.slice(words[hit.at + hit.length - 1]!.end);
}

function readThread(
  word: ThreadWord,
  rest: string,
  said: { before: string; loose: boolean },
  ctx: ConversationContext,
): Reading {
  if (['undo', 'status', 'why', 'help', 'back'].includes(word)) {
    return { intent: word } as KnownIntent;
  }
  const found = findStep(rest, ctx.steps);
  if (found.kind === 'unknown') {
    return { problem: found.problem, nearest: threadIntent(word) };
  }
  const step = found.kind === 'step' ? found.step : undefined;
  const withStep = step ? { step } : {};
  switch (word) {
    case 'snooze':
      // a time may come before the command too: "tomorrow pls, snooze"
      return readSnooze(`${said.before} ${found.rest}`, step, ctx);
    case 'continue':
      return { intent: 'continue', ...withStep };
    case 'resume':
      return { intent: 'resume', ...withStep };
    default: {
      const text = word === 'escalate' ? found.rest.replace(TO_MANAGER, '') : found.rest;
      const { reason, pronoun } = cleanReason(text);
      const exact = !said.loose && !pronoun && reason !== '';
      return { intent: word as 'skip' | 'escalate', reason, exact, ...withStep };
    }
  }
}

/** A reply in a workflow's thread (or to an email, §12: "2 snooze monday" names item 2). */
function readThreadMessage(plain: string, ctx: ConversationContext): Understood {
  const words = wordsOf(plain);
  const folded = words.map((w) => w.word);
  const hit = findPhrase(THREAD_PHRASES, folded);
  // a time that merely contains a command word ("next week") is not that command
  const when = findWhen(plain, ctx.now, ctx.timeZone);
  const first = hit ? words[hit.at]! : undefined;
  if (first && when.kind !== 'none' && when.start <= first.start && first.end <= when.end) {
    const until = when.kind === 'time' ? when.until : null;
    return unclear(plain, ctx, { intent: 'snooze', until, untilEvent: null, reason: '' });
  }
  if (!hit) return unclear(plain, ctx);
  const item =
    hit.at === 1 && /^\d{1,3}$/.test(folded[0]!) && /^\d/.test(plain)
      ? Number(folded[0])
      : undefined;
  const asked = /\?\s*$/.test(plain) || HEDGES.test(plain);
  const loose =
    asked ||
    !hit.spelt ||
    !COMMAND_WORDS.has(hit.phrase) ||
    hit.at !== (item === undefined ? 0 : 1);
  const before = plain.slice(0, words[hit.at]!.start);
  const politeOnly = wordsOf(before).every((w) => FILLERS.has(w.word) || /^\d+$/.test(w.word));
  const said = { before: politeOnly ? '' : before, loose };
  const read = readThread(hit.word, after(plain, words, hit), said, ctx);
  const withItem = item === undefined ? {} : { item };
  if ('problem' in read) return { ...unclear(plain, ctx, read.nearest, read.problem), ...withItem };
  return { ...read, ...withItem };
}

/** A message in the DM: a question about the CSM's day, lists, or a customer of their book. */
function readDmMessage(plain: string, ctx: ConversationContext): Understood {
  const words = wordsOf(plain);
  const firstWord = words[0]?.word ?? '';
  if (THREAD_ONLY.has(firstWord)) {
    return unclear(plain, ctx, null, `"${firstWord}" works in a workflow's thread: reply there.`);
  }
  const book = ctx.customers ?? [];
  const hit = findPhrase(
    DM_PHRASES,
    words.map((w) => w.word),
  );
  const read = hit ? readDm(hit.word, after(plain, words, hit), book) : null;
  if (read) return read;
  if (!hit) {
    // a customer's name alone: "obsidian black?"
    const customer = matchCustomer(customerQuery(plain), book);
    if (customer.kind !== 'none') return { intent: 'show', customer };
  }
  return unclear(plain, ctx);
}

/**
 * What `text` asks, read in `ctx` (thread or DM, `now`, the CSM's zone, the thread's steps,
 * the CSM's book). Never throws: what is not understood is `unclear` with suggestions.
 */
export function understand(text: string, ctx: ConversationContext): Understood {
  try {
    const plain = plainText(typeof text === 'string' ? text : '');
    return ctx.where === 'dm' ? readDmMessage(plain, ctx) : readThreadMessage(plain, ctx);
  } catch {
    return unclear('', ctx);
  }
}
