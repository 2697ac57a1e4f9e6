/**
 * Snooze in words (PRODUCT.md §5, §11): "till friday 9am waiting on legal", "until the
 * customer replies", "until:ticket-solved 2d". Pure.
 */
import { parseDuration } from '../durations.ts';
import { EVENT_SNOOZE_FALLBACK, SNOOZE_EVENTS, type SnoozeEvent } from '../step-command.ts';
import type { KnownIntent, StepRef } from './intents.ts';
import { cleanReason } from './reason.ts';
import { findWhen } from './when.ts';

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

/** A reading, or what was wrong with it and the reading to offer instead. */
export type Reading = KnownIntent | { problem: string; nearest: KnownIntent };

/**
 * A snooze's arguments from the words around the command: an event it waits for (said, or
 * `until:EVENT`), a time (when.ts), and the rest as its reason. An event with no time gets
 * the slash command's fallback (EVENT_SNOOZE_FALLBACK); no time and no event is `until: null`.
 */
export function readSnooze(
  rest: string,
  step: StepRef | undefined,
  ctx: { now: Date; timeZone: string },
): Reading {
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
