import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssueInWords, kindOf } from './issue-words.ts';

const words = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a failure');
  return describeIssueInWords(parsed.error.issues[0]!, value);
};

describe('describeIssueInWords', () => {
  it.each([
    [z.string(), undefined, 'is missing; expected text'],
    [z.array(z.string()), 'x', 'is the text "x"; expected a list'],
    [z.number().int(), 1.5, 'is the number 1.5; expected a whole number'],
    [z.number().min(1), 0, 'is the number 0; expected at least 1'],
    [z.number().positive(), 0, 'is the number 0; expected more than 0'],
    [z.number().max(10), 11, 'is the number 11; expected at most 10'],
    [z.string().min(2), 'a', 'is the text "a"; expected text of at least 2 character(s)'],
    [
      z.enum(['below', 'at', 'above']),
      'sideways',
      'is the text "sideways"; expected one of below, at, above',
    ],
    [z.email(), 'nope', 'is the text "nope"; expected an email address, like name@example.com'],
  ])('%#: %j', (schema, value, text) => {
    expect(words(schema, value)).toBe(text);
  });

  it('never passes on the validator text', () => {
    for (const value of [undefined, null, 'x', 3, [], {}]) {
      expect(words(z.boolean(), value)).not.toMatch(/invalid input|received/i);
    }
    expect(kindOf(null)).toBe('empty (null)');
  });
});
