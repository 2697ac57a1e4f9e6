/**
 * What a CSM's message means (PRODUCT.md §11), in the shape the message door acts on: an
 * intent and its arguments. The reading itself is the conversation's one parser
 * (src/domain/conversation/: natural times in the CSM's zone, typos, steps by number or name);
 * this module only turns its answer into what the door can do now, and says in words what it
 * cannot. Pure: the caller passes the time, the CSM's zone and the workflow's steps.
 */
import {
  type BookCustomer,
  type CustomerMatch,
  type KnownIntent,
  type Understood as Read,
  understand as read,
  type ThreadStep,
} from './conversation/index.ts';
import type { SnoozeEvent } from './step-command.ts';

export type Place = 'thread' | 'dm';

export interface UnderstandContext {
  /** In a workflow's thread (its steps known) or in the DM. */
  place: Place;
  now: Date;
  timeZone: string;
  /** The thread's workflow's step ids in order (empty in the DM). */
  steps: readonly string[];
  /** The steps' titles, in the same order (a step is named by its title too). */
  titles?: readonly string[];
  /** The CSM's own book (external id and name): no other CSM's customer can be named. */
  customers?: readonly BookCustomer[];
}

/** A step by its 0-based index, or null for the workflow's current step. */
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
  | { intent: 'continue' | 'back' | 'undo' | 'status' | 'help' | 'today' | 'list'; args: object }
  /** Questions about the CSM's book, answered in the DM (customer ids are external ids). */
  | { intent: 'show'; args: { customerId: string } }
  | { intent: 'why'; args: { customerId: string | null } }
  | { intent: 'steps'; args: { which: 'snoozed' | 'escalated' } }
  | { intent: 'renewals' | 'forecast'; args: object }
  /** `problem`: what was wrong, safe to show; `suggestions`: 2-3 things to write instead. */
  | { intent: 'unclear'; args: { problem: string | null; suggestions: string[] } };

export const THREAD_SUGGESTIONS = ['status', 'snooze 1d', 'help'] as const;
export const DM_SUGGESTIONS = ['today', 'list', 'help'] as const;

/** The message's meaning: one intent with its arguments, `unclear` when not understood. */
export function understand(text: string, ctx: UnderstandContext): Understood {
  const steps: ThreadStep[] = ctx.steps.map((id, i) => ({
    index: i + 1,
    id,
    title: ctx.titles?.[i] ?? id,
    status: 'pending',
  }));
  const reading = read(text, {
    where: ctx.place,
    now: ctx.now,
    timeZone: ctx.timeZone,
    ...(ctx.place === 'thread' ? { steps } : { customers: ctx.customers ?? [] }),
  });
  // "today" or "list" written in a thread is a question for the DM's reading
  if (reading.intent === 'unclear' && ctx.place === 'thread') {
    const asked = read(text, { where: 'dm', now: ctx.now, timeZone: ctx.timeZone });
    if (asked.intent === 'today' || asked.intent === 'list') return toDoor(asked, ctx);
  }
  return toDoor(reading, ctx);
}

function toDoor(reading: Read, ctx: UnderstandContext): Understood {
  if (reading.intent === 'unclear') {
    const offered = reading.suggestions.flatMap((s) => {
      const words = wordsFor(s.intent);
      return words === null ? [] : [words];
    });
    return unclear(ctx, reading.problem ?? null, offered);
  }
  const step = 'step' in reading && reading.step ? reading.step.index - 1 : null;
  switch (reading.intent) {
    case 'snooze':
      if (reading.until === null) {
        return unclear(ctx, 'For how long? Say a time, such as “snooze 2d waiting on legal”.', [
          'snooze 1d',
          'snooze monday',
        ]);
      }
      return {
        intent: 'snooze',
        args: { step, until: reading.until, event: reading.untilEvent, reason: reading.reason },
      };
    case 'skip':
      if (reading.reason === '') {
        return unclear(ctx, 'Say why the step is skipped, such as “skip 3 customer churned”.');
      }
      return { intent: 'skip', args: { step, reason: reading.reason, exact: reading.exact } };
    case 'escalate':
      return {
        intent: 'escalate',
        args: { step, reason: reading.reason === '' ? null : reading.reason, exact: reading.exact },
      };
    case 'resume':
      return { intent: 'resume', args: { step } };
    case 'list':
      return reading.filter === 'all'
        ? { intent: 'list', args: {} }
        : { intent: 'steps', args: { which: reading.filter } };
    case 'continue':
    case 'back':
    case 'undo':
    case 'status':
    case 'help':
    case 'today':
      return { intent: reading.intent, args: {} };
    case 'show':
      return named(reading.customer, ctx, (customerId) => ({
        intent: 'show',
        args: { customerId },
      }));
    case 'why':
      // in a thread: why this workflow's customer is where it is today (the door knows which)
      if (!('customer' in reading)) return { intent: 'why', args: { customerId: null } };
      if (reading.customer.query === '') return { intent: 'why', args: { customerId: null } };
      return named(reading.customer, ctx, (customerId) => ({
        intent: 'why',
        args: { customerId },
      }));
    case 'renewals':
    case 'forecast':
      return { intent: reading.intent, args: {} };
  }
  return unclear(
    ctx,
    ctx.place === 'thread'
      ? 'Here I act on this workflow; ask me about your customers in our DM.'
      : 'I cannot answer that here yet.',
  );
}

/** One customer of the book: its intent; several: which one, as buttons; none: say so. */
function named(
  match: CustomerMatch,
  ctx: UnderstandContext,
  intent: (customerId: string) => Understood,
): Understood {
  if (match.kind === 'one') return intent(match.customer.id);
  if (match.kind === 'several') {
    const names = match.candidates.slice(0, 3).map((c) => `show ${c.name}`);
    return {
      intent: 'unclear',
      args: { problem: 'Which customer do you mean?', suggestions: names },
    };
  }
  return unclear(ctx, `I can't find “${match.query}” among your customers.`, ['list']);
}

/** Words that mean `intent` when written (a suggestion button says them), or null. */
function wordsFor(intent: KnownIntent): string | null {
  const step = 'step' in intent && intent.step ? ` ${intent.step.index}` : '';
  switch (intent.intent) {
    case 'snooze':
      return `snooze${step} 1d`;
    case 'continue':
      return 'next';
    case 'resume':
      return `resume${step}`;
    case 'back':
    case 'undo':
    case 'status':
    case 'help':
    case 'today':
      return intent.intent;
    case 'list':
      return intent.filter === 'all' ? 'list' : `what's ${intent.filter}`;
    case 'show':
      return intent.customer.kind === 'one' ? `show ${intent.customer.customer.name}` : null;
    case 'renewals':
      return 'renewals this month';
    case 'forecast':
      return 'forecast';
    default:
      return null;
  }
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
