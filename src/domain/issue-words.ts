/**
 * A validation issue in words for a person: what the value is and what is expected
 * ("is missing; expected text", "is the text \"sideways\"; expected one of below, at,
 * above"), never the validator's own text. Pure: the caller passes the value it checked.
 */
import type { z } from 'zod';

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of names to values',
  record: 'a mapping of names to values',
};

const FORMATS: Record<string, string> = {
  email: 'an email address, like name@example.com',
  url: 'a web address, like https://example.com',
  date: 'a date as YYYY-MM-DD',
  datetime: 'a date and time as YYYY-MM-DDTHH:MM:SSZ',
};

/** What a value is, in words: "missing", "a number", "a list", "the text \"x\"". */
export function kindOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return EXPECTED[typeof value] ?? typeof value;
}

/** "is <what it is>; expected <what fits>" for one issue about `value`. */
export function describeIssueInWords(issue: z.core.$ZodIssue, value: unknown): string {
  const is = `is ${kindOf(value)}`;
  switch (issue.code) {
    case 'invalid_type':
      return `${is}; expected ${EXPECTED[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string')
        return `${is}; expected text of at least ${issue.minimum} character(s)`;
      if (issue.origin === 'array') return `${is}; expected at least ${issue.minimum} item(s)`;
      return `${is}; expected ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `${is}; expected at most ${issue.maximum} characters`;
      if (issue.origin === 'array') return `${is}; expected at most ${issue.maximum} item(s)`;
      return `${is}; expected ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
    case 'invalid_value':
      return `${is}; expected one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return `${is}, which is none of the kinds of value allowed here`;
    case 'invalid_format':
      if (issue.format === 'regex') return `${is}; expected ${issue.message}`;
      return `${is}; expected ${FORMATS[issue.format] ?? `text in ${issue.format} form`}`;
    case 'custom':
      return issue.message;
    default:
      return `${is}, which is not allowed here`;
  }
}
