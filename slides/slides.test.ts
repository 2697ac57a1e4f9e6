import { describe, expect, it } from 'vitest';
import { SAMPLE_CONTEXT } from '../src/workflows/sample-context.ts';
import type { StandardContext } from './context.ts';
import { timeOfDay } from './context.ts';
import { buildSlide, findSlide, SLIDE_IDS, type Slide, SlideVariableError } from './registry.ts';
import { hydrate } from './templates.ts';

/** Every variable a slide declares beyond the standard ones, with a plausible value. */
const GIVEN: Record<string, Record<string, string>> = {
  intro: { purpose: 'plan the renewal', closing: "Let's go." },
  'email-draft': { subject: 'Hello {{customerName}}', message: 'A note.', callToAction: 'Call?' },
  summary: { outcome: 'done' },
  'save-plan': { planFocus: 'win them back' },
};

const slide = (id: string): Slide => findSlide(id)!;
const build = (id: string, context: StandardContext = SAMPLE_CONTEXT) =>
  buildSlide(slide(id), context, { variables: GIVEN[id] ?? {} });

/** The sample with every optional value gone: no contract, no champion, no seat data. */
const {
  daysToRenewal,
  renewalDate,
  contract,
  stage,
  seatUtilisation,
  championEmail,
  championTitle,
  executiveName,
  industry,
  accountPlan,
  ...rest
} = SAMPLE_CONTEXT;
const SPARSE: StandardContext = {
  ...rest,
  hasRenewal: false,
  hasChampion: false,
  championName: 'the Obsidian Black team',
  championFirstName: 'there',
  contacts: [],
};

describe('the slide library', () => {
  it.each(SLIDE_IDS)('%s hydrates with a full context and with a sparse one', (id) => {
    for (const context of [SAMPLE_CONTEXT, SPARSE]) {
      const built = build(id, context);
      expect(built.chatText.length).toBeGreaterThan(20);
      expect(built.chatText).not.toMatch(/\{\{|undefined|null|NaN/);
      expect(JSON.stringify(built.artifacts)).not.toMatch(/\{\{|undefined|NaN/);
    }
  });

  it('intro tells the seed story', () => {
    expect(build('intro').chatText).toBe(
      "Good morning, Justin! Let's plan the renewal for Obsidian Black. They're at $185K ARR with 365 days until renewal. Their health score of 87 and +20% usage growth indicate a strong relationship. Let's go.",
    );
  });

  it('account-overview gates on its three-item checklist', () => {
    const built = build('account-overview');
    expect(built.gate).toEqual({ kind: 'checklist-complete' });
    const checklist = built.artifacts.find((a) => a.kind === 'checklist');
    expect(checklist).toMatchObject({ required: true });
    expect(checklist?.kind === 'checklist' && checklist.items.map((i) => i.label)).toEqual([
      'Reviewed contract terms',
      'Verified key contacts',
      'Checked usage trends',
    ]);
  });

  it('pricing-strategy recommends 8% to $199,800 and honours the market position', () => {
    const built = build('pricing-strategy');
    expect(built.chatText).toContain('an 8% increase to $199,800');
    expect(built.gate.kind).toBe('pricing-decided');
    const below = buildSlide(slide('pricing-strategy'), SAMPLE_CONTEXT, {
      settings: { marketPosition: 'below' },
    });
    expect(below.chatText).toContain('a 10% increase');
  });

  it('email-draft greets the champion by first name', () => {
    const email = build('email-draft').artifacts[0]!;
    expect(email).toMatchObject({ kind: 'email-draft', subject: 'Hello Obsidian Black' });
    expect(email.kind === 'email-draft' && email.body.startsWith('Hi Marcus,\n')).toBe(true);
    expect(email.kind === 'email-draft' && email.to.email).toBe(
      'marcus.chen@obsidianblack.example',
    );
  });

  it('names the variable that is missing, unknown or of the wrong type', () => {
    const fail = (given: Parameters<typeof buildSlide>[2], id = 'intro') => {
      try {
        buildSlide(slide(id), SAMPLE_CONTEXT, given);
      } catch (error) {
        expect(error).toBeInstanceOf(SlideVariableError);
        return (error as SlideVariableError).message;
      }
      throw new Error('expected an error');
    };
    expect(fail({ variables: { closing: 'x' } })).toMatch(/^variable "purpose": is missing/);
    expect(fail({ variables: { ...GIVEN.intro, foo: 1 } })).toMatch(
      /^variable "foo": is not a variable/,
    );
    expect(fail({ variables: { ...GIVEN.intro, purpose: 'see {{nope}}' } })).toMatch(
      /^variable "nope": .*used in variable "purpose"/,
    );
    expect(
      fail({ variables: {}, settings: { marketPosition: 'sideways' } }, 'pricing-strategy'),
    ).toMatch(/^variable "settings.marketPosition"/);
    expect(fail({ variables: GIVEN.intro, settings: { x: 1 } })).toMatch(/^variable "settings"/);
  });
});

describe('strict templates', () => {
  it('throws on a missing or null variable, also inside helpers and conditions', () => {
    expect(() => hydrate('{{a}}', {})).toThrow('variable "a"');
    expect(() => hydrate('{{money a}}', { a: null })).toThrow('variable "a"');
    expect(() => hydrate('{{#if a}}x{{/if}}', {})).toThrow('variable "a"');
    expect(hydrate('{{#if a}}x{{/if}}', {}, new Set(['a']))).toBe('');
    expect(() => hydrate('{{#each xs}}{{nme}}{{/each}}', { xs: [{ name: 'n' }] })).toThrow(
      'variable "nme"',
    );
  });

  it('formats with money, percent, plural, days and dollars', () => {
    const t = '{{money a}} {{percent b}} {{plural c "day" "days"}} {{days d}} {{dollars e}}';
    expect(hydrate(t, { a: 185_000, b: -12.4, c: 1, d: -3, e: 199_800 })).toBe(
      '$185K \u221212% 1 day 3 days ago $199,800',
    );
  });

  it.each([
    [4, 'evening'],
    [5, 'morning'],
    [11, 'morning'],
    [12, 'afternoon'],
    [17, 'evening'],
  ] as const)('hour %i is %s', (hour, word) => expect(timeOfDay(hour)).toBe(word));
});
