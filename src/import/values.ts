/**
 * Column parsers for imported records (PRODUCT.md §2, "Import format"). Each is a zod schema
 * that takes a loose value (a CSV cell, or a JSON/in-memory value) and yields the value the
 * database stores, or one issue whose message says what was expected and what was given.
 * An empty cell, null or undefined is "missing": required columns reject it, optional ones
 * take their default.
 */
import { z } from 'zod';
import { canonicalTimeZone, DAY_FORM, isDay } from '../domain/dates.ts';

/** Ticket sentiment words mapped onto the -1..1 scale the database keeps. */
export const SENTIMENT_POSITIVE = 0.6;
export const SENTIMENT_NEUTRAL = 0;
export const SENTIMENT_NEGATIVE = -0.6;
const SENTIMENT_WORDS: Record<string, number> = {
  positive: SENTIMENT_POSITIVE,
  neutral: SENTIMENT_NEUTRAL,
  negative: SENTIMENT_NEGATIVE,
};

/** Largest amount a `numeric(14, 2)` column holds. */
export const MAX_MONEY = 999_999_999_999.99;
/** Largest `integer`; `bigint` columns stop at the largest exact JS integer. */
export const MAX_INTEGER = 2_147_483_647;
export const MAX_BIG_INTEGER = Number.MAX_SAFE_INTEGER;

type Conversion<T> = { ok: true; value: T } | { ok: false; message: string };
type Convert<T> = (value: unknown) => Conversion<T>;

const ok = <T>(value: T): Conversion<T> => ({ ok: true, value });
const fail = (message: string): Conversion<never> => ({ ok: false, message });

export function isMissing(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

/** The given value as shown in a message: quoted text, cut short when long. */
export function describeValue(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const got = (expected: string, value: unknown) =>
  `expected ${expected}, got ${describeValue(value)}`;

function column<T>(convert: Convert<T>) {
  return z.unknown().transform((value, ctx): T => {
    if (isMissing(value)) {
      ctx.addIssue({ code: 'custom', message: 'required' });
      return z.NEVER;
    }
    const result = convert(value);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });
}

function optionalColumn<T, D>(convert: Convert<T>, fallback: D) {
  return z.unknown().transform((value, ctx): T | D => {
    if (isMissing(value)) return fallback;
    const result = convert(value);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });
}

const convertText: Convert<string> = (value) => {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') return fail(got('text', value));
  // PostgreSQL text cannot hold NUL.
  if (text.includes('\u0000')) return fail('contains a NUL character');
  return ok(text.trim());
};

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const convertEmail: Convert<string> = (value) => {
  const text = convertText(value);
  if (!text.ok) return text;
  return EMAIL.test(text.value) ? text : fail(got('an email address', value));
};

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMBER.test(value.trim())) return Number(value.trim());
  return undefined;
}

function convertAmount(max: number): Convert<number> {
  return (value) => {
    const n = toNumber(value);
    if (n === undefined || n < 0) return fail(got('a non-negative number', value));
    if (n > max) return fail(got(`a number no larger than ${max}`, value));
    return ok(n);
  };
}

function convertCount(max: number): Convert<number> {
  return (value) => {
    const n = toNumber(value);
    if (n === undefined || n < 0 || !Number.isInteger(n))
      return fail(got('a non-negative whole number', value));
    if (n > max) return fail(got(`a whole number no larger than ${max}`, value));
    return ok(n);
  };
}

const BOOLEANS: Record<string, boolean> = {
  true: true,
  yes: true,
  '1': true,
  false: false,
  no: false,
  '0': false,
};
const convertBoolean: Convert<boolean> = (value) => {
  if (typeof value === 'boolean') return ok(value);
  const word = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const found = BOOLEANS[word.trim().toLowerCase()];
  return found === undefined ? fail(got('true or false (or yes/no, 1/0)', value)) : ok(found);
};

function convertEnum<const T extends string>(values: readonly T[]): Convert<T> {
  return (value) => {
    const text = typeof value === 'string' ? value.trim() : undefined;
    return text !== undefined && (values as readonly string[]).includes(text)
      ? ok(text as T)
      : fail(got(`one of ${values.join(', ')}`, value));
  };
}

const convertDate: Convert<string> = (value) => {
  if (value instanceof Date && !Number.isNaN(value.getTime()))
    return ok(value.toISOString().slice(0, 10));
  const text = typeof value === 'string' ? value.trim() : '';
  if (!isDay(text)) return fail(got(DAY_FORM, value));
  return ok(text);
};

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
/** An ISO date (midnight UTC) or date-time; a time without an offset is taken as UTC. */
const convertDateTime: Convert<string> = (value) => {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return ok(value.toISOString());
  const text = typeof value === 'string' ? value.trim() : '';
  const match = DATE_TIME.exec(text);
  const expected = 'an ISO date or date-time such as 2024-05-01 or 2024-05-01T09:30:00Z';
  if (!match || !isDay(`${match[1]}-${match[2]}-${match[3]}`)) return fail(got(expected, value));
  if (Number(match[4] ?? 0) > 23 || Number(match[5] ?? 0) > 59 || Number(match[6] ?? 0) > 59)
    return fail(got(expected, value));
  const iso = match[4] === undefined ? `${text}T00:00:00Z` : match[7] ? text : `${text}Z`;
  const parsed = new Date(iso.replace(' ', 'T'));
  return Number.isNaN(parsed.getTime()) ? fail(got(expected, value)) : ok(parsed.toISOString());
};

const convertTimeZone: Convert<string> = (value) => {
  const text = typeof value === 'string' ? value.trim() : '';
  const zone = text && canonicalTimeZone(text);
  return zone ? ok(zone) : fail(got('an IANA time zone such as Europe/Berlin or UTC', value));
};

const convertSentiment: Convert<number> = (value) => {
  const word = typeof value === 'string' ? SENTIMENT_WORDS[value.trim().toLowerCase()] : undefined;
  if (word !== undefined) return ok(word);
  const n = toNumber(value);
  return n !== undefined && n >= -1 && n <= 1
    ? ok(n)
    : fail(got('a number from -1 to 1, or positive, neutral or negative', value));
};

export const text = () => column(convertText);
export const optionalText = <D>(fallback: D) => optionalColumn(convertText, fallback);
export const email = () => column(convertEmail);
export const optionalEmail = () => optionalColumn(convertEmail, null);
export const optionalMoney = () => optionalColumn(convertAmount(MAX_MONEY), 0);
export const count = () => column(convertCount(MAX_INTEGER));
export const optionalCount = () => optionalColumn(convertCount(MAX_INTEGER), 0);
export const optionalBigCount = () => optionalColumn(convertCount(MAX_BIG_INTEGER), 0);
export const boolean = <D extends boolean>(fallback: D) => optionalColumn(convertBoolean, fallback);
export const oneOf = <const T extends string>(values: readonly T[]) => column(convertEnum(values));
export const optionalOneOf = <const T extends string, D>(values: readonly T[], fallback: D) =>
  optionalColumn(convertEnum(values), fallback);
export const date = () => column(convertDate);
export const dateTime = () => column(convertDateTime);
export const timeZone = (fallback: string) => optionalColumn(convertTimeZone, fallback);
export const sentiment = () => optionalColumn(convertSentiment, null);
