import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_TYPES } from '../src/domain/index.ts';
import {
  dayInWords,
  escapeMrkdwn,
  firstName,
  healthInWords,
  instantInWords,
  mrkdwnText,
  renewalPhrase,
  stageInWords,
  truncate,
  truncateMrkdwn,
  typeInWords,
  unescapeMrkdwn,
} from './format.ts';
import { text } from './test-arbitraries.ts';

describe('typeInWords', () => {
  it.each([
    ['strategic-planning', 'Strategic planning'],
    ['emergency-retention', 'Emergency retention'],
    ['risk-in-band', 'Risk in the renewal window'],
    ['opportunity-out-of-band', 'Opportunity outside the renewal window'],
    ['something_new', 'Something new'],
    ['__proto__', 'Proto'],
    ['constructor', 'Constructor'],
    ['', 'Workflow'],
  ])('%s → %s', (type, words) => {
    expect(typeInWords(type)).toBe(words);
  });

  it('has words for every workflow type, none of them with a dash', () => {
    for (const type of WORKFLOW_TYPES) expect(typeInWords(type)).toMatch(/^[A-Z][a-z ]+$/);
  });
});

describe('renewal, stage and health in words', () => {
  it.each([
    [null, 'no renewal date'],
    [0, 'renewal today'],
    [1, 'renewal in 1 day'],
    [365, 'renewal in 365 days'],
    [-1, 'renewal date passed 1 day ago'],
    [-12, 'renewal date passed 12 days ago'],
  ])('%s days → %s', (days, phrase) => {
    expect(renewalPhrase(days)).toBe(phrase);
  });

  it('says stage and health in the middle of a sentence', () => {
    expect(stageInWords('strategic')).toBe('strategic stage');
    expect(stageInWords(null)).toBe('no contract');
    expect(healthInWords(86.6)).toBe('health 87/100');
    expect(healthInWords(null)).toBe('no health score yet');
  });
});

describe('names and dates', () => {
  it.each([
    ['Justin Strackany', 'Justin'],
    ['  Ana  ', 'Ana'],
    ['', 'there'],
  ])('first name of %j is %s', (name, first) => {
    expect(firstName(name)).toBe(first);
  });

  it.each([
    ['2026-11-25', 'Wednesday 25 November 2026'],
    ['2024-02-29', 'Thursday 29 February 2024'],
    ['not a day', 'not a day'],
  ])('%s → %s', (day, words) => {
    expect(dayInWords(day)).toBe(words);
  });

  it.each([
    ['2026-11-25T08:00:00Z', 'Europe/Berlin', 'today 09:00'],
    ['2026-11-25T23:30:00Z', 'Europe/Berlin', 'Thu 26 Nov 00:30'],
    ['2026-11-25T03:00:00Z', 'America/Los_Angeles', 'Tue 24 Nov 19:00'],
    ['2026-11-25T08:00:00Z', 'Not/AZone', 'today 08:00 UTC'],
    ['soon', 'UTC', 'soon'],
  ])('%s in %s, on 2026-11-25 → %s', (iso, zone, words) => {
    expect(instantInWords(iso, zone, '2026-11-25')).toBe(words);
  });
});

describe('truncate and escape', () => {
  it('keeps short text and cuts long text with an ellipsis', () => {
    expect(truncate('Obsidian', 8)).toBe('Obsidian');
    expect(truncate('Obsidian Black', 8)).toBe('Obsidia…');
    expect(truncate('ab😀', 3)).toBe('ab…');
  });

  it('escapes &, < and > only', () => {
    expect(escapeMrkdwn('A&B <c> *d*')).toBe('A&amp;B &lt;c&gt; *d*');
  });

  it('never cuts an entity in two', () => {
    expect(mrkdwnText('<<<<', 10)).toBe('&lt;&lt;…');
    expect(truncateMrkdwn('a &amp; b', 5)).toBe('a …');
    expect(truncateMrkdwn('&lt;&gt;&amp;', 8)).toBe('&lt;…');
    expect(truncateMrkdwn('&lt;', 4)).toBe('&lt;');
  });

  it('unescapes what Slack sends back to what was typed', () => {
    expect(unescapeMrkdwn('budget &lt; 400K &amp;amp; more &gt; 1')).toBe(
      'budget < 400K &amp; more > 1',
    );
    fc.assert(
      fc.property(text(), (s) => {
        expect(unescapeMrkdwn(escapeMrkdwn(s))).toBe(s);
      }),
    );
  });

  it('escapes a snooze reason and markup so they read back as typed', () => {
    expect(escapeMrkdwn('budget < 400K & margin > 20%')).toBe(
      'budget &lt; 400K &amp; margin &gt; 20%',
    );
    expect(escapeMrkdwn('<b>waiting</b>')).toBe('&lt;b&gt;waiting&lt;/b&gt;');
    expect(escapeMrkdwn('<!channel> <https://x.example|click>')).toBe(
      '&lt;!channel&gt; &lt;https://x.example|click&gt;',
    );
  });

  const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  it('truncate and mrkdwnText stay within the limit, never leaving half an emoji', () => {
    fc.assert(
      fc.property(text(), fc.integer({ min: 1, max: 600 }), (s, max) => {
        for (const out of [truncate(s, max), mrkdwnText(s, max)]) {
          expect(out.length).toBeLessThanOrEqual(max);
          if (!loneSurrogate.test(s)) expect(out).not.toMatch(loneSurrogate);
        }
        expect(mrkdwnText(s, max)).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
      }),
    );
  });
});
