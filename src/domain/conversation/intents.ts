/**
 * What a message means (PRODUCT.md §11): the intents of a workflow's thread and of the DM,
 * with their arguments, and `unclear` with the nearest reading and suggestions to offer as
 * buttons. Plain data: the doors turn each into the same action as the button or command.
 */
import type { SnoozeEvent } from '../step-command.ts';
import type { CustomerMatch } from './customers.ts';

/** A step the words named: its number as the thread's steps give it, with its id and title. */
export interface StepRef {
  index: number;
  id: string;
  title: string;
}

export type ListFilter = 'all' | 'snoozed' | 'escalated';

export type ThreadIntent =
  | {
      intent: 'snooze';
      /** null: no time said (and no event), so the door asks how long. */
      until: Date | null;
      untilEvent: SnoozeEvent | null;
      reason: string;
      step?: StepRef;
    }
  | { intent: 'skip'; reason: string; step?: StepRef; exact: boolean }
  | { intent: 'continue'; step?: StepRef }
  | { intent: 'back' }
  | { intent: 'resume'; step?: StepRef }
  | { intent: 'escalate'; reason: string; step?: StepRef; exact: boolean }
  | { intent: 'undo' }
  | { intent: 'status' }
  | { intent: 'why' }
  | { intent: 'help' };

export type DmIntent =
  | { intent: 'today' }
  | { intent: 'list'; filter: ListFilter }
  | { intent: 'show'; customer: CustomerMatch }
  /** A customer match with an empty query: "why?" with no name, about today's first. */
  | { intent: 'why'; customer: CustomerMatch }
  | { intent: 'renewals'; period: 'this-month' }
  | { intent: 'forecast' }
  | { intent: 'help' };

export type KnownIntent = ThreadIntent | DmIntent;

/** One reading offered as a button: a short label and what pressing it means. */
export interface Suggestion {
  label: string;
  intent: KnownIntent;
}

export interface Unclear {
  intent: 'unclear';
  /** The likeliest reading, to offer first; null when nothing came near. */
  nearest: KnownIntent | null;
  /** Two or three readings to offer as buttons, the nearest first. */
  suggestions: Suggestion[];
  /** What was wrong, safe to show (e.g. a time already past); absent when nothing matched. */
  problem?: string;
}

/**
 * The parser's answer. `item` is the number a line started with in an email reply to a
 * digest ("2 snooze monday" → item 2), for the email door to pick the digest's item.
 */
export type Understood = (KnownIntent | Unclear) & { item?: number };

/** A short button label for a reading ("Snooze", "Skip step 3", "Show Obsidian Black"). */
export function labelOf(intent: KnownIntent): string {
  const step = 'step' in intent && intent.step ? ` step ${intent.step.index}` : '';
  switch (intent.intent) {
    case 'snooze':
      return `Snooze${step}`;
    case 'skip':
      return `Skip${step}`;
    case 'continue':
      return 'Done, next step';
    case 'back':
      return 'Back a step';
    case 'resume':
      return `Resume${step}`;
    case 'escalate':
      return `Escalate${step}`;
    case 'undo':
      return 'Undo';
    case 'status':
      return "What's next";
    case 'why':
      return 'customer' in intent && intent.customer.kind === 'one'
        ? `Why ${intent.customer.customer.name}`
        : 'Why this';
    case 'help':
      return 'Help';
    case 'today':
      return "What's first";
    case 'list':
      return intent.filter === 'all' ? 'My workflows' : `What's ${intent.filter}`;
    case 'show':
      return intent.customer.kind === 'one' ? `Show ${intent.customer.customer.name}` : 'Show';
    case 'renewals':
      return 'Renewals this month';
    case 'forecast':
      return 'Forecast';
  }
}
