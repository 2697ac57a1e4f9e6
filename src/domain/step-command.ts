/**
 * The arguments of `/renubu snooze|skip|resume` (PRODUCT.md §5), read against the steps of
 * the workflow they act on. Pure: the caller passes `now`, the CSM's zone and the step ids.
 *
 *   snooze [STEP] DURATION [reason…]     DURATION as in durations.ts, or
 *   snooze [STEP] until:EVENT [DURATION] [reason…]   EVENT: usage-recovers, ticket-solved,
 *                                        contact-replies; DURATION is the fallback
 *                                        (EVENT_SNOOZE_FALLBACK when left out)
 *   skip [STEP] reason…                  a reason is required
 *   resume [STEP]
 * STEP is a step's number (1-based) or its id (`pricing-strategy`); without it the command
 * acts on the current step (`step: null`). Nothing here changes state.
 */
import { localDay } from './dates.ts';
import { durationForms, looksLikeDuration, parseDuration } from './durations.ts';

export const SNOOZE_EVENTS = ['usage-recovers', 'ticket-solved', 'contact-replies'] as const;
export type SnoozeEvent = (typeof SNOOZE_EVENTS)[number];
/** An event-ending snooze with no fallback given wakes after this at the latest. */
export const EVENT_SNOOZE_FALLBACK = '1w';

export const STEP_COMMAND_FORMS = {
  snooze:
    '/renubu snooze [STEP] DURATION [reason…]   e.g. /renubu snooze 2d waiting for finance approval',
  skip: '/renubu skip [STEP] reason…   e.g. /renubu skip 4 customer asked for no quote',
  resume: '/renubu resume [STEP]   e.g. /renubu resume pricing-strategy',
} as const;

export type StepCommand =
  | {
      action: 'snooze';
      step: number | null;
      until: Date;
      event: SnoozeEvent | null;
      reason: string;
    }
  | { action: 'skip'; step: number | null; reason: string }
  | { action: 'resume'; step: number | null };

export type StepCommandResult = { ok: true; command: StepCommand } | { ok: false; message: string };

interface Context {
  now: Date;
  timeZone: string;
  /** The workflow's step ids in order. */
  steps: readonly string[];
}

function fail(action: keyof typeof STEP_COMMAND_FORMS, problem: string): StepCommandResult {
  return { ok: false, message: `${problem}\nThe form is: ${STEP_COMMAND_FORMS[action]}` };
}

/** A STEP token as a 0-based index, undefined when it is not one of the workflow's steps. */
function stepIndex(token: string, steps: readonly string[]): number | undefined {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    return n >= 1 && n <= steps.length ? n - 1 : undefined;
  }
  const index = steps.indexOf(token.toLowerCase());
  return index === -1 ? undefined : index;
}

/** Parse the words after `snooze`, `skip` or `resume`. */
export function parseStepCommand(
  action: keyof typeof STEP_COMMAND_FORMS,
  words: readonly string[],
  context: Context,
): StepCommandResult {
  const tokens = words.filter((word) => word.length > 0);
  let step: number | null = null;
  const first = tokens[0];
  // A snooze may start with its time; anything else first is a STEP, except that a skip's
  // reason may start with any word that is not a step.
  if (first !== undefined && !(action === 'snooze' && isTime(first))) {
    const index = stepIndex(first, context.steps);
    if (index !== undefined) {
      step = index;
      tokens.shift();
    } else if (action === 'snooze' && !isTime(tokens[1])) {
      // not a step and no time after it: it was meant as the time, so say what times are
    } else if (action !== 'skip' || /^\d+$/.test(first)) {
      const known = context.steps.map((id, i) => `${i + 1} ${id}`).join(', ');
      return fail(action, `There is no step "${first}" in this workflow (its steps: ${known}).`);
    }
  }
  if (action === 'resume') {
    if (tokens.length > 0)
      return fail(action, `resume takes only a step, not "${tokens.join(' ')}".`);
    return { ok: true, command: { action, step } };
  }
  if (action === 'skip') {
    const reason = tokens.join(' ').trim();
    if (!reason) return fail(action, 'Skipping a step needs a reason.');
    return { ok: true, command: { action, step, reason } };
  }
  return parseSnooze(tokens, step, context);
}

function isTime(token: string | undefined): boolean {
  return token !== undefined && (looksLikeDuration(token) || token.startsWith('until:'));
}

function parseSnooze(tokens: string[], step: number | null, context: Context): StepCommandResult {
  let event: SnoozeEvent | null = null;
  const first = tokens.shift();
  if (first === undefined) {
    const forms = durationForms(localDay(context.now, context.timeZone));
    return fail('snooze', `Say how long to snooze: ${forms}.`);
  }
  let duration = first;
  if (first.toLowerCase().startsWith('until:')) {
    const name = first.slice('until:'.length).toLowerCase();
    if (!(SNOOZE_EVENTS as readonly string[]).includes(name)) {
      return fail(
        'snooze',
        `"${first}" is not an event a snooze can wait for: use until:${SNOOZE_EVENTS.join(', until:')}.`,
      );
    }
    event = name as SnoozeEvent;
    duration =
      tokens[0] !== undefined && looksLikeDuration(tokens[0])
        ? tokens.shift()!
        : EVENT_SNOOZE_FALLBACK;
  }
  const parsed = parseDuration(duration, context.now, context.timeZone);
  if (!parsed.ok) return fail('snooze', parsed.message);
  return {
    ok: true,
    command: {
      action: 'snooze',
      step,
      until: parsed.until,
      event,
      reason: tokens.join(' ').trim(),
    },
  };
}
