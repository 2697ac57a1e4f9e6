import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_SNOOZE_FALLBACK, parseStepCommand, STEP_COMMAND_FORMS } from './step-command.ts';

const NOW = new Date('2026-11-25T20:30:00Z');
const STEPS = [
  'intro',
  'account-overview',
  'pricing-strategy',
  'prepare-quote',
  'email-draft',
  'summary',
];
const context = { now: NOW, timeZone: 'America/New_York', steps: STEPS };
const words = (text: string) => text.split(' ');

describe('parseStepCommand', () => {
  it('reads the narrative: /renubu snooze 2d waiting for finance approval', () => {
    expect(parseStepCommand('snooze', words('2d waiting for finance approval'), context)).toEqual({
      ok: true,
      command: {
        action: 'snooze',
        step: null,
        until: new Date('2026-11-27T20:30:00Z'),
        event: null,
        reason: 'waiting for finance approval',
      },
    });
  });

  it.each([
    ['3 2d', 2],
    ['pricing-strategy tomorrow', 2],
    ['Pricing-Strategy 1w', 2],
    ['6 monday', 5],
  ])('takes a STEP by number or id: snooze %s', (text, step) => {
    const result = parseStepCommand('snooze', words(text), context);
    expect(result.ok && result.command.step).toBe(step);
  });

  it('snoozes until an event, with a fallback date', () => {
    const result = parseStepCommand(
      'snooze',
      words('3 until:usage-recovers 2w usage dipped'),
      context,
    );
    expect(result).toMatchObject({
      ok: true,
      command: {
        step: 2,
        event: 'usage-recovers',
        reason: 'usage dipped',
        until: new Date('2026-12-09T20:30:00Z'),
      },
    });
    const fallback = parseStepCommand('snooze', words('until:ticket-solved'), context);
    const week = parseStepCommand('snooze', [EVENT_SNOOZE_FALLBACK], context);
    expect(
      fallback.ok &&
        week.ok &&
        fallback.command.action === 'snooze' &&
        week.command.action === 'snooze'
        ? fallback.command.until.getTime() === week.command.until.getTime()
        : false,
    ).toBe(true);
  });

  it.each([
    ['snooze', '', 'Say how long to snooze'],
    ['snooze', 'waiting 2d', 'There is no step "waiting"'],
    ['snooze', '9 2d', 'There is no step "9"'],
    ['snooze', '2x', 'is not a time I understand'],
    ['snooze', 'until:pigs-fly', 'is not an event a snooze can wait for'],
    ['snooze', '2026-01-01', 'is already past'],
    ['skip', '', 'Skipping a step needs a reason'],
    ['skip', '3', 'Skipping a step needs a reason'],
    ['skip', '12 not needed', 'There is no step "12"'],
    ['resume', 'later', 'There is no step "later"'],
    ['resume', '3 now', 'resume takes only a step'],
  ] as const)('%s %j is refused with what is wrong and the right form', (action, text, problem) => {
    const result = parseStepCommand(action, words(text), context);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain(problem);
      expect(result.message).toContain(STEP_COMMAND_FORMS[action]);
    }
  });

  it('lets a skip reason start with any word that is not a step', () => {
    expect(parseStepCommand('skip', words('customer declined a quote'), context)).toEqual({
      ok: true,
      command: { action: 'skip', step: null, reason: 'customer declined a quote' },
    });
    expect(parseStepCommand('resume', [], context)).toEqual({
      ok: true,
      command: { action: 'resume', step: null },
    });
  });

  it('never throws on any words, and an accepted step is one of the workflow', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('snooze', 'skip', 'resume') as fc.Arbitrary<'snooze' | 'skip' | 'resume'>,
        fc.array(
          fc.oneof(
            fc.string(),
            fc.constantFrom(...STEPS, '2d', '30m', 'until:usage-recovers', '0', '7'),
          ),
          {
            maxLength: 6,
          },
        ),
        (action, tokens) => {
          const result = parseStepCommand(action, tokens, context);
          if (result.ok && result.command.step !== null) {
            expect(result.command.step).toBeGreaterThanOrEqual(0);
            expect(result.command.step).toBeLessThan(STEPS.length);
          }
          if (!result.ok) expect(result.message).toContain('The form is:');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
