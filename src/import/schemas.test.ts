import { describe, expect, it } from 'vitest';
import { createValidator } from './schemas.ts';
import {
  MAX_INTEGER,
  MAX_MONEY,
  SENTIMENT_NEGATIVE,
  SENTIMENT_NEUTRAL,
  SENTIMENT_POSITIVE,
} from './values.ts';

const validate = createValidator('Europe/Berlin');

const customer = { external_id: 'c1', name: 'Acme', csm: 'csm-1' };
const contract = {
  external_id: 'k1',
  customer: 'c1',
  start_date: '2024-01-01',
  renewal_date: '2025-01-01',
};
const ticket = {
  external_id: 't1',
  customer: 'c1',
  opened_at: '2024-05-01',
  priority: 'high',
  status: 'open',
};
const csm = { external_id: 'm1', name: 'Mia', email: 'mia@example.com' };

function problem(entity: Parameters<typeof validate>[0], record: Record<string, unknown>) {
  const result = validate(entity, record);
  return result.ok ? 'ok' : `${result.field}: ${result.message}`;
}

function row(entity: Parameters<typeof validate>[0], record: Record<string, unknown>) {
  const result = validate(entity, record);
  if (!result.ok) throw new Error(`${result.field}: ${result.message}`);
  return result.row;
}

describe('row validation messages', () => {
  it.each([
    ['customers', { ...customer, arr: 'abc' }, 'arr: expected a non-negative number, got "abc"'],
    ['customers', { ...customer, arr: '-5' }, 'arr: expected a non-negative number, got "-5"'],
    [
      'customers',
      { ...customer, arr: 'Infinity' },
      'arr: expected a non-negative number, got "Infinity"',
    ],
    [
      'customers',
      { ...customer, arr: String(MAX_MONEY * 10) },
      `arr: expected a number no larger than ${MAX_MONEY}, got "${MAX_MONEY * 10}"`,
    ],
    [
      'customers',
      { ...customer, seats: '2.5' },
      'seats: expected a non-negative whole number, got "2.5"',
    ],
    [
      'customers',
      { ...customer, seats: String(MAX_INTEGER + 1) },
      `seats: expected a whole number no larger than ${MAX_INTEGER}, got "${MAX_INTEGER + 1}"`,
    ],
    [
      'customers',
      { ...customer, account_plan: 'grow' },
      'account_plan: expected one of maintain, invest, expand, at_risk, got "grow"',
    ],
    [
      'customers',
      { ...customer, account_plan: 'Invest' },
      'account_plan: expected one of maintain, invest, expand, at_risk, got "Invest"',
    ],
    [
      'customers',
      { ...customer, strategic: 'maybe' },
      'strategic: expected true or false (or yes/no, 1/0), got "maybe"',
    ],
    ['customers', { ...customer, name: '  ' }, 'name: required'],
    ['customers', { name: 'Acme', csm: 'x' }, 'external_id: required'],
    ['customers', { ...customer, name: 'A\u0000B' }, 'name: contains a NUL character'],
    [
      'customers',
      { ...customer, arr: 'x', seats: 'y' },
      'arr: expected a non-negative number, got "x"',
    ],
    [
      'contracts',
      { ...contract, start_date: '2024-02-30' },
      'start_date: expected a date as YYYY-MM-DD, got "2024-02-30"',
    ],
    [
      'contracts',
      { ...contract, start_date: '01/02/2024' },
      'start_date: expected a date as YYYY-MM-DD, got "01/02/2024"',
    ],
    [
      'contracts',
      { ...contract, renewal_date: '2023-12-31' },
      'renewal_date: expected a date on or after start_date 2024-01-01, got "2023-12-31"',
    ],
    [
      'contracts',
      { ...contract, status: 'lapsed' },
      'status: expected one of active, renewed, churned, got "lapsed"',
    ],
    [
      'tickets',
      { ...ticket, opened_at: '2024-05-01T25:00:00Z' },
      'opened_at: expected an ISO date or date-time such as 2024-05-01 or 2024-05-01T09:30:00Z, got "2024-05-01T25:00:00Z"',
    ],
    [
      'tickets',
      { ...ticket, sentiment: '1.5' },
      'sentiment: expected a number from -1 to 1, or positive, neutral or negative, got "1.5"',
    ],
    [
      'tickets',
      { ...ticket, priority: 'p1' },
      'priority: expected one of low, normal, high, urgent, got "p1"',
    ],
    ['csms', { ...csm, email: 'mia' }, 'email: expected an email address, got "mia"'],
    [
      'csms',
      { ...csm, timezone: 'Mars/Olympus' },
      'timezone: expected an IANA time zone such as Europe/Berlin or UTC, got "Mars/Olympus"',
    ],
    ['csms', { ...csm, manager: 'M1' }, 'manager: a CSM cannot manage themself'],
    ['csms', { ...csm, manager: 'MIA@example.com' }, 'manager: a CSM cannot manage themself'],
    ['usage', { customer: 'c1', date: '2024-01-01', active_users: '' }, 'active_users: required'],
    [
      'usage',
      { customer: 'c1', date: '2024-01-01', active_users: 3, events: -1 },
      'events: expected a non-negative whole number, got -1',
    ],
    [
      'contacts',
      { external_id: 'p1', customer: 'c1', name: 'Pat', role: 'boss' },
      'role: expected one of champion, executive, user, billing, got "boss"',
    ],
    [
      'contacts',
      { external_id: 'p1', customer: 'c1', name: 'Pat', role: 'user', note: 'a\u0000' },
      'note: contains a NUL character',
    ],
  ] as const)('%s %j → %s', (entity, record, message) => {
    expect(problem(entity, record)).toBe(message);
  });
});

describe('row values', () => {
  it('applies defaults to missing optional columns', () => {
    expect(row('customers', customer)).toEqual({
      ...customer,
      arr: 0,
      seats: 0,
      account_plan: null,
      strategic: false,
      industry: null,
      attributes: {},
    });
    expect(row('csms', csm)).toMatchObject({
      timezone: 'Europe/Berlin',
      manager: null,
      slack_user_id: null,
    });
    expect(row('contracts', contract)).toMatchObject({
      arr: 0,
      status: 'active',
      auto_renew: false,
    });
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['yes', true],
    ['Yes', true],
    ['1', true],
    [true, true],
    [1, true],
    ['false', false],
    ['no', false],
    ['NO', false],
    ['0', false],
    [false, false],
    [0, false],
  ])('reads boolean %j as %s', (given, expected) => {
    expect(row('customers', { ...customer, strategic: given }).strategic).toBe(expected);
  });

  it.each([
    ['positive', SENTIMENT_POSITIVE],
    ['Neutral', SENTIMENT_NEUTRAL],
    ['negative', SENTIMENT_NEGATIVE],
    ['-1', -1],
    ['0.25', 0.25],
    [1, 1],
    ['', null],
  ])('maps sentiment %j to %s', (given, expected) => {
    expect(row('tickets', { ...ticket, sentiment: given }).sentiment).toBe(expected);
  });

  it.each([
    ['2024-05-01', '2024-05-01T00:00:00.000Z'],
    ['2024-05-01T09:30', '2024-05-01T09:30:00.000Z'],
    ['2024-05-01 09:30:15', '2024-05-01T09:30:15.000Z'],
    ['2024-05-01T09:30:00+02:00', '2024-05-01T07:30:00.000Z'],
    ['2024-05-01T09:30:00.5Z', '2024-05-01T09:30:00.500Z'],
    [new Date('2024-05-01T09:30:00Z'), '2024-05-01T09:30:00.000Z'],
  ])('reads opened_at %j as %s (no offset means UTC)', (given, expected) => {
    expect(row('tickets', { ...ticket, opened_at: given }).opened_at).toBe(expected);
  });

  it('takes numbers, trims text and canonicalises time zones', () => {
    expect(
      row('customers', { ...customer, arr: ' 1200.50 ', seats: 12, name: ' Acme ' }),
    ).toMatchObject({
      arr: 1200.5,
      seats: 12,
      name: 'Acme',
    });
    expect(row('customers', { ...customer, external_id: 42 }).external_id).toBe('42');
    expect(row('csms', { ...csm, timezone: 'america/new_york' }).timezone).toBe('America/New_York');
    expect(
      row('contracts', { ...contract, start_date: new Date('2024-01-01T00:00:00Z') }).start_date,
    ).toBe('2024-01-01');
    expect(problem('contracts', { ...contract, start_date: '2024-02-29' })).toBe('ok');
    expect(problem('contracts', { ...contract, start_date: '2023-02-29' })).toMatch(/^start_date:/);
  });

  it('keeps extra columns as attributes, empty ones left out; usage without extras keeps null', () => {
    expect(row('customers', { ...customer, region: 'EU', tier: '', score: 7 }).attributes).toEqual({
      region: 'EU',
      score: 7,
    });
    expect(
      row('usage', { customer: 'c1', date: '2024-01-01', active_users: '3' }).attributes,
    ).toBeNull();
    expect(
      row('usage', { customer: 'c1', date: '2024-01-01', active_users: '3', source: 'app' })
        .attributes,
    ).toEqual({ source: 'app' });
  });
});
