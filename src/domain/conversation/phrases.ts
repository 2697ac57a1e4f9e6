/**
 * The words that name each intent, in a workflow's thread and in the DM, and how they are
 * found in a message: the first phrase within the first SCAN_WORDS words, longest phrase
 * first, each word of four letters or more allowed the typos its length allows ("snoze",
 * "skp", "escalte"; text.ts `isWord`). Pure data and a scan.
 */
import { isWord } from './text.ts';

/** A keyword further into a message than this many words is not read as the command. */
export const SCAN_WORDS = 8;

export type ThreadWord =
  | 'snooze'
  | 'skip'
  | 'continue'
  | 'back'
  | 'resume'
  | 'escalate'
  | 'undo'
  | 'status'
  | 'why'
  | 'help';
export type DmWord =
  | 'today'
  | 'list-all'
  | 'list-snoozed'
  | 'list-escalated'
  | 'show'
  | 'why'
  | 'renewals'
  | 'forecast'
  | 'help';

type Table<W> = readonly (readonly [W, readonly string[]])[];

/** The command form of each intent, the word that makes an exact command. */
export const COMMAND_WORDS = new Set(['snooze', 'skip', 'escalate', 'resume', 'done', 'next']);

export const THREAD_PHRASES: Table<ThreadWord> = [
  [
    'status',
    ['whats next', 'what is next', 'what now', 'where are we', 'whats left', 'status', 'progress'],
  ],
  ['help', ['help', 'commands', 'what can you do', 'how does this work']],
  ['undo', ['undo', 'revert', 'take that back', 'oops']],
  ['back', ['go back', 'previous step', 'back', 'previous', 'prev']],
  ['resume', ['resume', 'unsnooze', 'un snooze', 'wake up', 'wake', 'reopen', 'unpause']],
  [
    'escalate',
    ['escalate', 'escalation', 'flag to my manager', 'send to my manager', 'raise this'],
  ],
  ['skip', ['skip', 'skp', 'not needed', 'dont need', 'no need for']],
  [
    'snooze',
    [
      'snooze',
      'remind me',
      'remind',
      'push',
      'postpone',
      'defer',
      'delay',
      'later',
      'park',
      'pause',
      'until',
      'till',
      'til',
    ],
  ],
  [
    'continue',
    [
      'mark as done',
      'mark done',
      'move on',
      'carry on',
      'done',
      'next',
      'continue',
      'finished',
      'complete',
      'completed',
      'did it',
      'ok done',
    ],
  ],
  ['why', ['why']],
];

export const DM_PHRASES: Table<DmWord> = [
  ['list-snoozed', ['whats snoozed', 'what is snoozed', 'snoozed']],
  ['list-escalated', ['whats escalated', 'what is escalated', 'escalated', 'escalations']],
  [
    'today',
    [
      'whats first',
      'what is first',
      'what should i do',
      'what should i work on',
      'my day',
      'priorities',
      'today',
      'first',
      'top',
    ],
  ],
  ['renewals', ['whats renewing', 'what renews', 'renewals', 'renewal', 'renewing', 'renews']],
  ['forecast', ['forecast', 'pipeline', 'outlook']],
  ['why', ['why']],
  [
    'show',
    [
      'whats up with',
      'whats going on with',
      'tell me about',
      'how is',
      'how are',
      'hows',
      'how',
      'show',
      'look up',
      'lookup',
      'details',
      'info',
      'account',
    ],
  ],
  ['list-all', ['whats open', 'my workflows', 'workflows', 'list', 'all']],
  ['help', ['help', 'commands', 'what can you do']],
];

/** Words a message may start with before its command, read as politeness, not meaning. */
export const FILLERS = new Set(
  'hey hi hello yo ok okay so um hmm well renubu bot please pls plz can could would will you u just lets let us go ahead and i we think guess maybe probably should then now kindly thanks thx wait hold'.split(
    ' ',
  ),
);

export interface Hit<W> {
  word: W;
  /** Index of the phrase's first word in `words`. */
  at: number;
  /** Words the phrase took. */
  length: number;
  /** Every word spelt as listed (no typo). */
  spelt: boolean;
  phrase: string;
}

/** The first phrase of `table` in `words` (folded), scanning from the start. */
export function findPhrase<W>(table: Table<W>, words: readonly string[]): Hit<W> | undefined {
  const phrases = table
    .flatMap(([word, list]) => list.map((phrase) => ({ word, parts: phrase.split(' '), phrase })))
    .sort((a, b) => b.parts.length - a.parts.length);
  for (let at = 0; at < Math.min(words.length, SCAN_WORDS); at += 1) {
    for (const { word, parts, phrase } of phrases) {
      const said = words.slice(at, at + parts.length);
      if (said.length !== parts.length) continue;
      if (said.every((w, i) => isWord(w, parts[i]!))) {
        return { word, at, length: parts.length, spelt: said.join(' ') === phrase, phrase };
      }
    }
  }
  return undefined;
}
