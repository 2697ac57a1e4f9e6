/**
 * What a CSM's message means (PRODUCT.md §11), as the doors need it: an intent and its
 * arguments. `understand` is the one seam between the message door and the parser; for now it
 * reads the words `/renubu` already accepts (step-command.ts: `snooze 2d reason`, `skip 3
 * reason`, `resume`), `escalate [STEP] [reason]`, and exact words for continue, undo, status,
 * help, today and list. The conversation parser (src/domain/conversation/) replaces its body.
 * Pure: the caller passes the time, the CSM's zone and the workflow's steps.
 */
import { parseStepCommand, type SnoozeEvent } from './step-command.ts';

export type Place = 'thread' | 'dm';

export interface UnderstandContext {
  /** In a workflow's thread (its steps known) or in the DM. */
  place: Place;
  now: Date;
  timeZone: string;
  /** The thread's workflow's step ids in order (empty in the DM). */
  steps: readonly string[];
}

type Step = number | null;

export type Understood =
  | {
      intent: 'snooze';
      args: { step: Step; until: Date; event: SnoozeEvent | null; reason: string };
    }
  /** `exact`: the CSM wrote the command's own words; else ask before acting. */
  | { intent: 'skip'; args: { step: Step; reason: string; exact: boolean } }
  | { intent: 'escalate'; args: { step: Step; reason: string | null; exact: boolean } }
  | { intent: 'resume'; args: { step: Step } }
  | { intent: 'continue' | 'undo' | 'status' | 'help' | 'today' | 'list'; args: object }
  /** `problem`: what was wrong, safe to show; `suggestions`: 2-3 things to write instead. */
  | { intent: 'unclear'; args: { problem: string | null; suggestions: string[] } };

export const THREAD_SUGGESTIONS = ['status', 'snooze 1d', 'help'] as const;
export const DM_SUGGESTIONS = ['today', 'list', 'help'] as const;

const WORDS: Record<string, 'continue' | 'undo' | 'status' | 'help' | 'today' | 'list'> = {
  continue: 'continue',
  done: 'continue',
  next: 'continue',
  'next step': 'continue',
  undo: 'undo',
  status: 'status',
  "what's next": 'status',
  'whats next': 'status',
  help: 'help',
  '?': 'help',
  today: 'today',
  "what's first": 'today',
  list: 'list',
};
const THREAD_ONLY = new Set(['continue', 'undo', 'status']);
const STEP_WORDS = ['snooze', 'skip', 'resume', 'escalate'] as const;
/** Words in front of a command that make it a request rather than the command itself. */
const FILLER = /^(?:please|pls|can you|could you|would you|let's|lets|maybe|i think we should)\s+/;

/** The message's meaning: one intent with its arguments, `unclear` when not understood. */
export function understand(text: string, ctx: UnderstandContext): Understood {
  const typed = text.trim().replace(/\s+/g, ' ');
  const unfilled = typed.toLowerCase().replace(FILLER, '');
  const exact = unfilled.length === typed.length;
  const plain = unfilled.replace(/[.!]+$/, '');
  const word = WORDS[plain];
  if (word && (ctx.place === 'thread' || !THREAD_ONLY.has(word))) return { intent: word, args: {} };
  if (word) return unclear(ctx, `“${plain}” works as a reply in a workflow's thread.`);
  const rest = typed.slice(typed.length - unfilled.length).split(' ');
  const first = rest.shift()?.toLowerCase() ?? '';
  if (!(STEP_WORDS as readonly string[]).includes(first)) {
    const near = nearestWord(first, ctx.place);
    return unclear(ctx, null, near ? [[near, ...rest].join(' ')] : []);
  }
  if (ctx.place === 'dm') {
    return unclear(
      ctx,
      `To ${first} a step, write it as a reply in the workflow's thread (or use /renubu ${first}).`,
    );
  }
  if (first === 'escalate') return escalate(rest, ctx, exact);
  const parsed = parseStepCommand(first as 'snooze' | 'skip' | 'resume', rest, ctx);
  if (!parsed.ok) return unclear(ctx, parsed.message.replace(/\/renubu /g, ''));
  const command = parsed.command;
  if (command.action === 'skip') {
    return { intent: 'skip', args: { step: command.step, reason: command.reason, exact } };
  }
  if (command.action === 'resume') return { intent: 'resume', args: { step: command.step } };
  const { step, until, event, reason } = command;
  return { intent: 'snooze', args: { step, until, event, reason } };
}

function escalate(words: string[], ctx: UnderstandContext, exact: boolean): Understood {
  const [first, ...others] = words;
  const index = first === undefined ? undefined : stepOf(first, ctx.steps);
  const reason = (index === undefined ? words : others).join(' ').trim();
  return {
    intent: 'escalate',
    args: { step: index ?? null, reason: reason || null, exact },
  };
}

function stepOf(token: string, steps: readonly string[]): number | undefined {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    return n >= 1 && n <= steps.length ? n - 1 : undefined;
  }
  const index = steps.indexOf(token.toLowerCase());
  return index === -1 ? undefined : index;
}

function unclear(
  ctx: UnderstandContext,
  problem: string | null,
  nearest: string[] = [],
): Understood {
  const fallback = ctx.place === 'thread' ? THREAD_SUGGESTIONS : DM_SUGGESTIONS;
  const suggestions = [...new Set([...nearest, ...fallback])].slice(0, 3);
  return { intent: 'unclear', args: { problem, suggestions } };
}

/** The known word a typo was meant as (at most two letters off), or null. */
function nearestWord(word: string, place: Place): string | null {
  if (word.length < 3) return null;
  const known =
    place === 'thread' ? [...STEP_WORDS, ...Object.keys(WORDS)] : ['today', 'list', 'help'];
  let best: { word: string; distance: number } | null = null;
  for (const candidate of known) {
    if (candidate.includes(' ')) continue;
    const distance = editDistance(word, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { word: candidate, distance };
  }
  return best?.word ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = row;
  }
  return previous[b.length]!;
}
