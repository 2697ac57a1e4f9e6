import { describe, expect, it } from 'vitest';
import { SAMPLE_CONTEXT } from '../src/workflows/sample-context.ts';
import type { StandardContext } from './context.ts';
import { timeOfDay } from './context.ts';
import { buildSlide, findSlide, SLIDE_IDS, type Slide, SlideVariableError } from './registry.ts';
import { hydrate } from './templates.ts';
import { WORDING_BANDS } from './wording.ts';

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
      "Good morning, Justin! Let's plan the renewal for Obsidian Black. They're at $185K ARR with 365 days until renewal. Their health score of 87 and 20% usage growth point to a strong relationship. Let's go.",
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

const { healthStrongMin: STRONG, healthSteadyMin: STEADY, usageFlatBelowPct: FLAT } = WORDING_BANDS;

/** The intro's judgement for a health score and usage trend, hydrated strictly. */
const judged = (healthScore: number, usageTrendPct: number) => {
  const text = build('intro', { ...SAMPLE_CONTEXT, healthScore, usageTrendPct }).chatText;
  return text.slice(text.indexOf('Their health'), text.lastIndexOf(" Let's go."));
};

describe('words that match the data', () => {
  it.each([
    [
      STRONG + 0.2,
      0,
      `Their health score of ${STRONG} and flat usage point to a strong relationship.`,
    ],
    [
      STRONG,
      FLAT,
      `Their health score of ${STRONG} and ${FLAT}% usage growth point to a strong relationship.`,
    ],
    [
      90,
      -4,
      'Their health score of 90 is good, but a 4% usage decline is an early warning worth a closer look.',
    ],
    [
      STRONG - 0.6,
      0,
      `Their health score of ${STRONG - 1} and flat usage point to a steady relationship.`,
    ],
    [
      STRONG - 0.5,
      0,
      `Their health score of ${STRONG} and flat usage point to a strong relationship.`,
    ],
    [
      STEADY,
      12,
      `Their health score of ${STEADY} and 12% usage growth point to a steady relationship.`,
    ],
    [
      60,
      -FLAT,
      `Their health score of 60 and a ${FLAT}% usage decline point to a relationship that needs attention.`,
    ],
    [
      STEADY - 1,
      20,
      `Their health score of ${STEADY - 1} points to a fragile relationship, even with 20% usage growth.`,
    ],
    [30, FLAT - 0.1, 'Their health score of 30 and flat usage point to a fragile relationship.'],
    [30, -25, 'Their health score of 30 and a 25% usage decline point to a fragile relationship.'],
  ])('intro with health %d and usage %d%%', (health, trend, sentence) => {
    expect(judged(health, trend)).toBe(sentence);
  });

  it('never calls falling usage flat or a relationship strong, on any data', () => {
    for (let health = 0; health <= 100; health += 2.5) {
      for (const trend of [-50, -FLAT, -FLAT + 0.01, 0, FLAT - 0.01, FLAT, 50]) {
        const text = judged(health, trend);
        if (trend <= -FLAT || health < STRONG) expect(text).not.toContain('strong');
        if (Math.abs(trend) >= FLAT) expect(text).not.toContain('flat');
        if (trend >= 0) expect(text).not.toContain('decline');
        if (trend <= 0) expect(text).not.toContain('growth');
        expect(text).not.toMatch(/\d\.\d|[−+]\d/);
      }
    }
  });

  it('says usage moved the way it did in every slide that mentions it', () => {
    const at = (usageTrendPct: number, id: string) =>
      build(id, { ...SAMPLE_CONTEXT, usageTrendPct, healthScore: 40.4 }).chatText;
    expect(at(-4, 'account-overview')).toContain('usage (down 4% over 30 days)');
    expect(at(1, 'account-overview')).toContain('usage (flat over 30 days)');
    expect(at(-4, 'pricing-strategy')).toMatch(/^Based on a 4% usage decline, /);
    expect(at(-4, 'pricing-strategy')).not.toContain('growth');
    expect(at(-4, 'risk-assessment')).toContain('health 40, a 4% usage decline and');
    expect(at(30, 'expansion-opportunity')).toContain('with 30% usage growth');
    const body = (usageTrendPct: number) => {
      const email = build('email-draft', { ...SAMPLE_CONTEXT, usageTrendPct }).artifacts[0]!;
      return email.kind === 'email-draft' ? email.body : '';
    };
    expect(body(12)).toContain("year. Over the last 30 days your team's usage grew 12%, with 85%");
    expect(body(-1)).toContain("your team's usage held steady, with");
    expect(body(-9)).toContain('year. Your team has been with us all year, with');
    const signals = (usageTrendPct: number) =>
      build('risk-assessment', { ...SAMPLE_CONTEXT, usageTrendPct, healthScore: 40.4 })
        .artifacts[1];
    expect(signals(-4)).toMatchObject({
      items: expect.arrayContaining(['usage down 4% in 30 days', 'health score 40']),
    });
    expect(JSON.stringify(signals(-1))).not.toContain('usage down');
  });

  it('agrees counts with their nouns', () => {
    const one = { ...SAMPLE_CONTEXT, daysToRenewal: 1, seats: 1, urgentOpenTickets: 1 };
    expect(build('intro', one).chatText).toContain('with 1 day until renewal');
    expect(JSON.stringify(build('intro', one).artifacts)).toContain('"1 day (');
    expect(build('escalation-review', one).chatText).toContain('1 high-priority ticket open');
    expect(JSON.stringify(build('escalation-review', one).artifacts)).toContain('"value":"1 day"');
    expect(JSON.stringify(build('risk-assessment', one).artifacts)).toContain(
      '1 high or urgent ticket open',
    );
    const quote = buildSlide(slide('prepare-quote'), one, {}).artifacts[0];
    expect(JSON.stringify(quote)).toContain('platform subscription, 1 seat, ');
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
    expect(hydrate('{{days a}}, {{days b}}, {{plural c "seat"}}', { a: 1, b: -1, c: 0 })).toBe(
      'in 1 day, 1 day ago, 0 seats',
    );
    expect(hydrate('{{score a}} {{trend b}} {{usageChange b}}', { a: 75.2, b: -4 })).toBe(
      '75 a 4% usage decline down 4%',
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
