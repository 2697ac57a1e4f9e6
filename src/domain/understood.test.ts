import { describe, expect, it } from 'vitest';
import {
  DM_SUGGESTIONS,
  THREAD_SUGGESTIONS,
  type UnderstandContext,
  understand,
} from './understood.ts';

const now = new Date('2026-11-25T17:00:00Z'); // Wed 12:00 in New York
const steps = ['intro', 'account-overview', 'pricing-strategy', 'prepare-quote'];
const thread: UnderstandContext = { place: 'thread', now, timeZone: 'America/New_York', steps };
const dm: UnderstandContext = { place: 'dm', now, timeZone: 'America/New_York', steps: [] };

describe('understand, for now: the words /renubu accepts and a few exact ones', () => {
  it.each([
    ['next', 'continue'],
    ['Done.', 'continue'],
    ['continue!', 'continue'],
    ['undo', 'undo'],
    ['status', 'status'],
    ["what's next", 'status'],
    ['help', 'help'],
    ['today', 'today'],
    ['list', 'list'],
  ])('reads %j in a thread as %s', (text, intent) => {
    expect(understand(text, thread).intent).toBe(intent);
  });

  it('reads a snooze in the CSM zone with its step and reason', () => {
    expect(understand('snooze 3 2d waiting for finance', thread)).toEqual({
      intent: 'snooze',
      args: {
        step: 2,
        until: new Date('2026-11-27T17:00:00Z'),
        event: null,
        reason: 'waiting for finance',
      },
    });
    expect(understand('Snooze until:ticket-solved', thread)).toMatchObject({
      intent: 'snooze',
      args: { step: null, event: 'ticket-solved' },
    });
  });

  it('acts on skip and escalate only when the words are the command; else asks', () => {
    expect(understand('skip 4 customer asked for no quote', thread)).toEqual({
      intent: 'skip',
      args: { step: 3, reason: 'customer asked for no quote', exact: true },
    });
    expect(understand('please skip 4 not needed', thread)).toEqual({
      intent: 'skip',
      args: { step: 3, reason: 'not needed', exact: false },
    });
    expect(understand('escalate pricing-strategy legal is stuck', thread)).toEqual({
      intent: 'escalate',
      args: { step: 2, reason: 'legal is stuck', exact: true },
    });
    expect(understand('can you escalate', thread)).toEqual({
      intent: 'escalate',
      args: { step: null, reason: null, exact: false },
    });
  });

  it('says what was wrong with a step command, with suggestions, and changes nothing', () => {
    const snooze = understand('snooze', thread);
    expect(snooze).toMatchObject({
      intent: 'unclear',
      args: { suggestions: [...THREAD_SUGGESTIONS] },
    });
    expect(snooze.intent === 'unclear' && snooze.args.problem).toMatch(/^Say how long to snooze/);
    const skip = understand('skip 9 nope', thread);
    expect(skip.intent === 'unclear' && skip.args.problem).toMatch(/no step "9"/);
    expect(skip.intent === 'unclear' && skip.args.problem).not.toMatch(/\/renubu/);
  });

  it('offers the nearest word for a typo, then the usual suggestions, three at most', () => {
    expect(understand('snoze 2d', thread)).toEqual({
      intent: 'unclear',
      args: { problem: null, suggestions: ['snooze 2d', 'status', 'snooze 1d'] },
    });
    expect(understand('blorp', dm)).toEqual({
      intent: 'unclear',
      args: { problem: null, suggestions: [...DM_SUGGESTIONS] },
    });
    expect(understand('todya', dm)).toMatchObject({
      args: { suggestions: ['today', 'list', 'help'] },
    });
  });

  it('keeps step actions to a thread: in the DM it says where they work', () => {
    for (const text of ['next', 'undo', 'snooze 2d', 'skip 2 reason']) {
      const heard = understand(text, dm);
      expect(heard.intent, text).toBe('unclear');
      expect(heard.intent === 'unclear' && heard.args.problem, text).toMatch(/thread/);
    }
  });
});
