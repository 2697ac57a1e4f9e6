import { describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../src/workflows/definitions.ts';

const good = {
  workflow_id: 'my-renewal',
  name: 'My renewal',
  slide_sequence: ['intro', 'summary'],
  slide_contexts: { intro: { variables: { purpose: 'renew', closing: 'Go.' } } },
};

const errors = (raw: unknown) => {
  const parsed = parseDefinitions(raw);
  return parsed.ok ? [] : parsed.errors;
};

describe('parseDefinitions', () => {
  it('accepts one definition or an array, defaulting slide_contexts', () => {
    expect(parseDefinitions(good)).toMatchObject({ ok: true, definitions: [good] });
    const bare = { workflow_id: 'b', name: 'B', slide_sequence: ['intro'] };
    expect(parseDefinitions([good, bare])).toMatchObject({
      ok: true,
      definitions: [good, { ...bare, slide_contexts: {} }],
    });
  });

  it.each([
    [
      { ...good, slide_sequence: [] },
      'definition "my-renewal": `slide_sequence` is empty; expected at least one slide',
    ],
    [
      { ...good, slide_sequence: ['intro', 'pricing'] },
      'definition "my-renewal": slide "pricing": unknown slide',
    ],
    [
      { ...good, slide_contexts: { 'pricing-strategy': {} } },
      'definition "my-renewal": slide "pricing-strategy": has a context but is not in slide_sequence',
    ],
    [
      { ...good, slide_contexts: { intro: { variables: { purpose: ['a'] } } } },
      'definition "my-renewal": slide "intro": `variables.purpose` is a list; expected text, a number or true/false',
    ],
    [
      { ...good, slide_contexts: { intro: { colour: 'red' } } },
      'definition "my-renewal": slide "intro": unknown field `colour`; expected only variables, settings',
    ],
    [
      { ...good, workflow_id: 'My Renewal' },
      'definition "My Renewal": `workflow_id` is the text "My Renewal"; expected lowercase',
    ],
    [
      { name: 'x', slide_sequence: ['intro'] },
      'definition #1: `workflow_id` is missing; expected text',
    ],
  ])('rejects %j', (raw, message) => {
    const found = errors(raw);
    expect(
      found.some((e) => e.startsWith(message)),
      found.join('\n'),
    ).toBe(true);
  });

  it('reports every error of every definition at once, in words', () => {
    const found = errors([
      {
        workflow_id: 'risk-x',
        slide_sequence: ['intro', 'pricing'],
        slide_contexts: { intro: { variables: { purpose: ['a'] } } },
      },
      { workflow_id: 'other', name: 5, slide_sequence: [] },
    ]);
    expect(found).toEqual([
      'definition "risk-x": `name` is missing; expected text',
      'definition "risk-x": slide "intro": `variables.purpose` is a list; expected text, a number or true/false',
      expect.stringMatching(/^definition "risk-x": slide "pricing": unknown slide at position 2 /),
      'definition "other": `name` is the number 5; expected text',
      'definition "other": `slide_sequence` is empty; expected at least one slide',
    ]);
    for (const error of found) expect(error).not.toMatch(/invalid input|too small|received/i);
  });

  it('rejects the same workflow id twice and an empty file', () => {
    expect(errors([good, good])).toEqual(['definition "my-renewal": appears more than once']);
    expect(errors([])).toEqual(['no definitions found']);
  });
});
