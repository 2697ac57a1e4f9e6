/**
 * `unclear`: the nearest reading of a message not understood, and two or three readings to
 * offer as buttons (PRODUCT.md §11: never silence). The nearest is a command word said with
 * more typos than reading allows ("snzoe"), or, in a thread, a time said with no command
 * ("friday 9am" → snooze). Never throws.
 */
import { parseDuration } from '../durations.ts';
import { type KnownIntent, labelOf, type Suggestion, type Unclear } from './intents.ts';
import { DM_PHRASES, type DmWord, SCAN_WORDS, THREAD_PHRASES, type ThreadWord } from './phrases.ts';
import { editDistance, foldWords } from './text.ts';
import { findWhen } from './when.ts';

/** Most typos a word may carry to be offered as the nearest reading (not acted on). */
export const NEAREST_TYPOS = 2;
/** How many readings an unclear answer offers as buttons. */
export const SUGGESTIONS = 3;

interface Context {
  where: 'thread' | 'dm';
  now: Date;
  timeZone: string;
}

/** The bare reading of a thread command word, to offer when its arguments were wrong. */
export function threadIntent(word: ThreadWord): KnownIntent {
  switch (word) {
    case 'snooze':
      return { intent: 'snooze', until: null, untilEvent: null, reason: '' };
    case 'skip':
    case 'escalate':
      return { intent: word, reason: '', exact: false };
    default:
      return { intent: word } as KnownIntent;
  }
}

function dmIntent(word: DmWord): KnownIntent | null {
  switch (word) {
    case 'list-all':
      return { intent: 'list', filter: 'all' };
    case 'list-snoozed':
      return { intent: 'list', filter: 'snoozed' };
    case 'list-escalated':
      return { intent: 'list', filter: 'escalated' };
    case 'renewals':
      return { intent: 'renewals', period: 'this-month' };
    case 'show':
    case 'why':
      return null; // needs a customer: nothing to offer without one
    default:
      return { intent: word };
  }
}

function nearestWord(plain: string, ctx: Context): KnownIntent | null {
  const words = foldWords(plain)
    .split(' ')
    .slice(0, SCAN_WORDS)
    .filter((w) => w.length >= 4);
  const table: readonly (readonly [string, readonly string[]])[] =
    ctx.where === 'thread' ? THREAD_PHRASES : DM_PHRASES;
  let best: { word: string; distance: number } | undefined;
  for (const said of words) {
    for (const [name, phrases] of table) {
      for (const phrase of phrases) {
        if (phrase.includes(' ') || phrase.length < 4) continue;
        const distance = editDistance(said, phrase, NEAREST_TYPOS);
        if (distance <= NEAREST_TYPOS && (!best || distance < best.distance))
          best = { word: name, distance };
      }
    }
  }
  if (best)
    return ctx.where === 'thread'
      ? threadIntent(best.word as ThreadWord)
      : dmIntent(best.word as DmWord);
  if (ctx.where === 'thread') {
    const when = findWhen(plain, ctx.now, ctx.timeZone);
    if (when.kind === 'time')
      return { intent: 'snooze', until: when.until, untilEvent: null, reason: '' };
  }
  return null;
}

function defaults(ctx: Context): Suggestion[] {
  if (ctx.where === 'dm') {
    return [
      { label: "What's first", intent: { intent: 'today' } },
      { label: 'My workflows', intent: { intent: 'list', filter: 'all' } },
      { label: 'Help', intent: { intent: 'help' } },
    ];
  }
  const tomorrow = parseDuration('tomorrow', ctx.now, ctx.timeZone);
  return [
    { label: "What's next", intent: { intent: 'status' } },
    {
      label: 'Snooze till tomorrow',
      intent: {
        intent: 'snooze',
        until: tomorrow.ok ? tomorrow.until : null,
        untilEvent: null,
        reason: '',
      },
    },
    { label: 'Help', intent: { intent: 'help' } },
  ];
}

function safely<T>(read: () => T, otherwise: T): T {
  try {
    return read();
  } catch {
    return otherwise;
  }
}

/** An `unclear` answer for `plain`: the nearest reading (given or guessed) and suggestions. */
export function unclear(
  plain: string,
  ctx: Context,
  nearest?: KnownIntent | null,
  problem?: string,
): Unclear {
  const guess = nearest !== undefined ? nearest : safely(() => nearestWord(plain, ctx), null);
  const offered = safely(
    () => defaults(ctx),
    [{ label: 'Help', intent: { intent: 'help' } as KnownIntent }],
  );
  const first = guess ? [{ label: labelOf(guess), intent: guess }] : [];
  const suggestions = [...first, ...offered.filter((s) => s.intent.intent !== guess?.intent)].slice(
    0,
    SUGGESTIONS,
  );
  if (suggestions.length < 2) suggestions.push({ label: 'Help', intent: { intent: 'help' } });
  return { intent: 'unclear', nearest: guess, suggestions, ...(problem && { problem }) };
}
