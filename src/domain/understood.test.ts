import { describe, expect, it } from 'vitest';
import { type UnderstandContext, understand } from './understood.ts';

const now = new Date('2026-11-25T17:00:00Z'); // Wed 12:00 in New York
const steps = ['intro', 'account-overview', 'pricing-strategy', 'prepare-quote'];
const thread: UnderstandContext = { place: 'thread', now, timeZone: 'America/New_York', steps };
const dm: UnderstandContext = { place: 'dm', now, timeZone: 'America/New_York', steps: [] };

describe('understand: the parser read for the message door', () => {
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

  it('asks how long for a snooze with no time, and names a step that is not there', () => {
    const snooze = understand('snooze', thread);
    expect(snooze).toMatchObject({
      intent: 'unclear',
      args: { suggestions: ['snooze 1d', 'snooze monday', 'status'] },
    });
    expect(snooze.intent === 'unclear' && snooze.args.problem).toMatch(/^For how long\?/);
    const skip = understand('skip 9 nope', thread);
    expect(skip.intent).toBe('unclear');
    expect(skip.intent === 'unclear' && skip.args.problem).not.toMatch(/\/renubu/);
  });

  it('reads typos and natural times in the CSM zone (the conversation parser)', () => {
    expect(understand('snoze 2d', thread)).toMatchObject({
      intent: 'snooze',
      args: { until: new Date('2026-11-27T17:00:00Z') },
    });
    // Fri 27 Nov 09:00 in New York is 14:00 UTC
    expect(understand('snooze till friday 9am waiting on legal', thread)).toEqual({
      intent: 'snooze',
      args: {
        step: null,
        until: new Date('2026-11-27T14:00:00Z'),
        event: null,
        reason: 'waiting on legal',
      },
    });
    expect(understand('skip pricing customer has no budget', thread)).toMatchObject({
      intent: 'skip',
      args: { step: 2 },
    });
    expect(understand('blorp', dm)).toMatchObject({ intent: 'unclear' });
    expect(understand('todya', dm)).toMatchObject({ intent: 'today' });
  });

  it('keeps step actions to a thread: in the DM it says where they work', () => {
    for (const text of ['next', 'undo', 'snooze 2d', 'skip 2 reason']) {
      const heard = understand(text, dm);
      expect(heard.intent, text).toBe('unclear');
      expect(heard.intent === 'unclear' && heard.args.problem, text).toMatch(/thread/);
    }
  });
});
