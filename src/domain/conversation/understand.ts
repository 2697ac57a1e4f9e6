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
import { parseDuration } from '../durations.ts';
import { EVENT_SNOOZE_FALLBACK, SNOOZE_EVENTS, type SnoozeEvent } from '../step-command.ts';
import { type BookCustomer, type CustomerMatch, matchCustomer } from './customers.ts';
import type { KnownIntent, StepRef, Understood } from './intents.ts';
import {
  COMMAND_WORDS,
  DM_PHRASES,
  type DmWord,
  FILLERS,
  findPhrase,
  type Hit,
  THREAD_PHRASES,
  type ThreadWord,
} from './phrases.ts';
import { findStep, type ThreadStep } from './steps.ts';
import { threadIntent, unclear } from './suggest.ts';
import { foldWords, plainText } from './text.ts';
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

interface Word {
  word: string;
  start: number;
  end: number;
}

function wordsOf(text: string): Word[] {
  return [...text.matchAll(/[\p{L}\p{N}'’]+/gu)].map((m) => ({
    word: foldWords(m[0]),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

const HEDGES = /\b(maybe|guess|think|probably|should we|can we|could we|perhaps|i suppose)\b/i;
const CONNECTOR =
  /^(?:[\s:,;.?!\-–—]+|(?:till|until|til|to|for|on|at|by|because|bc|cause|cuz|since|as|reason|with|and|or)\b)/i;
const PRONOUN = /^(?:this one|this step|that one|this|that|it|me|us)\b/i;
const TAIL =
  /(?:[\s,.;:!?\-–—]+|\b(?:pls|plz|please|thanks|thx|thank you|till|until|til|to|for|on|at|by|or|and)\s*)$/i;
const TO_MANAGER =
  /^\s*(?:this\s+|it\s+)?(?:up\s+)?to\s+(?:my\s+|the\s+)?(?:manager|boss|lead|team lead)\b/i;

/** A reason as typed, without the joining words around it; `pronoun` if it began "this…". */
function cleanReason(text: string): { reason: string; pronoun: boolean } {
  let rest = text;
  let pronoun = false;
  for (let changed = true; changed; ) {
    const before = rest;
    rest = rest.replace(CONNECTOR, '').replace(TAIL, '');
    if (PRONOUN.test(rest)) {
      pronoun = true;
      rest = rest.replace(PRONOUN, '');
    }
    changed = rest !== before;
  }
  return { reason: rest.replace(/\s+/g, ' ').trim(), pronoun };
}

/** Words that are both the command and the start of its time: "until the customer replies". */
const SELF_STARTING = new Set(['until', 'till', 'til']);

function after(plain: string, words: readonly Word[], hit: Hit<unknown>): string {
  if (SELF_STARTING.has(hit.phrase)) return plain.slice(words[hit.at]!.start);
  return plain.slice(words[hit.at + hit.length - 1]!.end);
}

const EVENTS: readonly (readonly [SnoozeEvent, RegExp])[] = [
  [
    'contact-replies',
    /\b(?:until|till|til|when|once)\s+(?:the\s+|my\s+|our\s+)?(?:customer|client|contact|champion|buyer|they|he|she|[\p{L}]+)\s+(?:replies|reply|responds|respond|answers|answer|writes back|gets? back(?:\s+to\s+(?:me|us))?|comes? back(?:\s+to\s+(?:me|us))?)\b/iu,
  ],
  [
    'usage-recovers',
    /\b(?:until|till|til|when|once)\s+(?:the\s+)?usage\s+(?:recovers|comes back|picks up|improves|bounces back|is back)\b/i,
  ],
  [
    'ticket-solved',
    /\b(?:until|till|til|when|once)\s+(?:the\s+)?(?:support\s+)?(?:ticket|issue|bug)\s+(?:is\s+|gets\s+)?(?:solved|closed|resolved|fixed)\b/i,
  ],
];

type Read = KnownIntent | { problem: string; nearest: KnownIntent };

function readSnooze(rest: string, step: StepRef | undefined, ctx: ConversationContext): Read {
  let text = rest;
  let untilEvent: SnoozeEvent | null = null;
  const token = /\buntil:([\w-]+)/i.exec(text);
  if (token) {
    const name = token[1]!.toLowerCase();
    if (!(SNOOZE_EVENTS as readonly string[]).includes(name)) {
      return {
        problem: `"${token[0]}" is not an event a snooze can wait for: use until:${SNOOZE_EVENTS.join(', until:')}.`,
        nearest: {
          intent: 'snooze',
          until: null,
          untilEvent: null,
          reason: '',
          ...(step && { step }),
        },
      };
    }
    untilEvent = name as SnoozeEvent;
    text = text.slice(0, token.index) + text.slice(token.index + token[0].length);
  } else {
    for (const [event, pattern] of EVENTS) {
      const match = pattern.exec(text);
      if (!match) continue;
      untilEvent = event;
      text = text.slice(0, match.index) + text.slice(match.index + match[0].length);
      break;
    }
  }
  const when = findWhen(text, ctx.now, ctx.timeZone);
  const bare = {
    intent: 'snooze' as const,
    until: null,
    untilEvent,
    reason: '',
    ...(step && { step }),
  };
  if (when.kind === 'refused') return { problem: when.message, nearest: bare };
  let until: Date | null = null;
  if (when.kind === 'time') {
    until = when.until;
    const left = text
      .slice(0, when.start)
      .replace(/\b(?:till|until|til|to|for|on|at|by|from)\s*$/i, '');
    text = `${left} ${text.slice(when.end)}`;
  } else if (untilEvent) {
    const fallback = parseDuration(EVENT_SNOOZE_FALLBACK, ctx.now, ctx.timeZone);
    until = fallback.ok ? fallback.until : null;
  }
  return { ...bare, until, reason: cleanReason(text).reason };
}

function readThread(
  word: ThreadWord,
  rest: string,
  said: { before: string; loose: boolean },
  ctx: ConversationContext,
): Read {
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

/** Words around a customer's name that are not part of it ("how is X doing?"). */
const QUERY_EDGES_START = /^(?:\s|is|are|was|me|about|with|up|the|on|for|of|at|going|our|my)\b\s*/i;
const QUERY_EDGES_END =
  /\s*\b(?:doing|going|looking|lately|now|these days|today|this week|please|pls|first|on top|at the top|top|so high|number one|up|then|again|account|s)\s*$|[\s?!.,#1]+$/i;

function customerQuery(text: string): string {
  let query = text;
  for (let changed = true; changed; ) {
    const before = query;
    query = query.replace(QUERY_EDGES_START, '').replace(QUERY_EDGES_END, '');
    changed = query !== before;
  }
  return query.trim();
}

/** Commands that act on a workflow, so they are answered in its thread, not the DM. */
const THREAD_ONLY = new Set([
  'snooze',
  'skip',
  'escalate',
  'resume',
  'undo',
  'back',
  'done',
  'next',
]);

const OTHER_DM: readonly DmWord[] = [
  'renewals',
  'forecast',
  'list-snoozed',
  'list-escalated',
  'today',
  'list-all',
];

function readDm(word: DmWord, rest: string, ctx: ConversationContext): KnownIntent | null {
  const book = ctx.customers ?? [];
  switch (word) {
    case 'today':
      return { intent: 'today' };
    case 'list-all':
    case 'list-snoozed':
    case 'list-escalated':
      return {
        intent: 'list',
        filter: word === 'list-all' ? 'all' : word === 'list-snoozed' ? 'snoozed' : 'escalated',
      };
    case 'renewals':
      return { intent: 'renewals', period: 'this-month' };
    case 'forecast':
      return { intent: 'forecast' };
    case 'help':
      return { intent: 'help' };
    case 'why':
      return { intent: 'why', customer: matchCustomer(customerQuery(rest), book) };
    case 'show': {
      const customer: CustomerMatch = matchCustomer(customerQuery(rest), book);
      if (customer.kind !== 'none') return { intent: 'show', customer };
      // "how are renewals looking": another question behind a "how"
      const other = findPhrase(
        DM_PHRASES.filter(([name]) => OTHER_DM.includes(name)),
        wordsOf(rest).map((w) => w.word),
      );
      if (other) return readDm(other.word, '', ctx);
      return customer.query ? { intent: 'show', customer } : null;
    }
  }
}

function readMessage(text: string, ctx: ConversationContext): Understood {
  const plain = plainText(text);
  const words = wordsOf(plain);
  const folded = words.map((w) => w.word);
  const asked = /\?\s*$/.test(plain) || HEDGES.test(plain);
  if (ctx.where === 'thread') {
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
    const loose =
      asked ||
      !hit.spelt ||
      !COMMAND_WORDS.has(hit.phrase) ||
      hit.at !== (item === undefined ? 0 : 1);
    const before = plain.slice(0, words[hit.at]!.start);
    const politeOnly = wordsOf(before).every((w) => FILLERS.has(w.word) || /^\d+$/.test(w.word));
    const read = readThread(
      hit.word,
      after(plain, words, hit),
      { before: politeOnly ? '' : before, loose },
      ctx,
    );
    const withItem = item === undefined ? {} : { item };
    if ('problem' in read)
      return { ...unclear(plain, ctx, read.nearest, read.problem), ...withItem };
    return { ...read, ...withItem };
  }
  if (THREAD_ONLY.has(folded[0] ?? '')) {
    return unclear(plain, ctx, null, `"${folded[0]}" works in a workflow's thread: reply there.`);
  }
  const hit = findPhrase(DM_PHRASES, folded);
  const read = hit ? readDm(hit.word, after(plain, words, hit), ctx) : null;
  if (read) return read;
  if (!hit) {
    // a customer's name alone: "obsidian black?"
    const customer = matchCustomer(customerQuery(plain), ctx.customers ?? []);
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
    return readMessage(typeof text === 'string' ? text : '', ctx);
  } catch {
    return unclear('', ctx);
  }
}
