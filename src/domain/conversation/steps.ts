/**
 * Which of the thread's steps the words name, at the start of what follows the command:
 * by number ("step 3", "#3", "3") or by (part of) its title or id ("pricing", "the pricing
 * step", "pricing-strategy"). Pure.
 */
import type { StepRef } from './intents.ts';
import { foldWords, isWord } from './text.ts';

export interface ThreadStep {
  index: number;
  id: string;
  title: string;
  status: string;
}

export type StepFound =
  | { kind: 'step'; step: StepRef; rest: string }
  | { kind: 'none'; rest: string }
  | { kind: 'unknown'; problem: string };

const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec';
const UNIT = `m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|months?|am|pm|a\\.m\\.|p\\.m\\.|st|nd|rd|th|${MONTHS}`;
const BY_NUMBER = new RegExp(
  `^\\s*[:,\\-]?\\s*(?:(?<named>step\\s*#?\\s*|#\\s*)(?<n1>\\d+)|(?<n2>\\d+)(?![\\d:/.\\-]|\\s*(?:${UNIT})\\b))`,
  'i',
);
const BY_NAME =
  /^\s*[:,-]?\s*(?:the\s+)?(?<named>step\s+)?(?<name>[\p{L}][\p{L}\p{N}-]*)(?<after>\s+step\b)?/iu;
const PRONOUNS = new Set([
  'this',
  'that',
  'it',
  'one',
  'the',
  'step',
  'till',
  'until',
  'to',
  'for',
]);
/** Words a reason often starts with: named alone they are not taken as a step's title. */
const REASON_WORDS = new Set([
  'customer',
  'client',
  'account',
  'contact',
  'waiting',
  'legal',
  'they',
]);

function stepList(steps: readonly ThreadStep[]): string {
  return steps.map((step) => `${step.index} ${step.title}`).join(', ');
}

function ref(step: ThreadStep): StepRef {
  return { index: step.index, id: step.id, title: step.title };
}

/** True when `word` names `step`: its id, a word of its title, or such a word's start. */
function namesStep(word: string, step: ThreadStep): boolean {
  if (word === step.id.toLowerCase()) return true;
  if (word.length < 3) return false;
  const titleWords = foldWords(`${step.title} ${step.id}`).split(' ');
  return titleWords.some(
    (part) => part === word || (word.length >= 4 && (part.startsWith(word) || isWord(word, part))),
  );
}

/** The step named at the start of `rest`, and the words after it. */
export function findStep(text: string, steps: readonly ThreadStep[] | undefined): StepFound {
  const known = steps ?? [];
  const rest = text.replace(/^\s*(?:with|on|for|of)\s+(?=step\b|#|the\b)/i, '');
  const number = BY_NUMBER.exec(rest);
  if (number?.groups) {
    const n = Number(number.groups.n1 ?? number.groups.n2);
    const step = known.find((candidate) => candidate.index === n);
    const after = rest.slice(number[0].length);
    if (step) return { kind: 'step', step: ref(step), rest: after };
    if (number.groups.named || known.length > 0) {
      const list = known.length > 0 ? ` (its steps: ${stepList(known)})` : '';
      return { kind: 'unknown', problem: `There is no step ${n} in this workflow${list}.` };
    }
  }
  const name = BY_NAME.exec(rest);
  if (name?.groups?.name) {
    const word = foldWords(name.groups.name);
    const id = name.groups.name.toLowerCase();
    const said = Boolean(name.groups.named || name.groups.after);
    if (!PRONOUNS.has(word) && (said || !REASON_WORDS.has(word))) {
      const step = known.find((candidate) => candidate.id === id || namesStep(word, candidate));
      if (step) return { kind: 'step', step: ref(step), rest: rest.slice(name[0].length) };
      if (said) {
        return {
          kind: 'unknown',
          problem: `No step of this workflow is called "${name.groups.name}" (its steps: ${stepList(known)}).`,
        };
      }
    }
  }
  return { kind: 'none', rest };
}
