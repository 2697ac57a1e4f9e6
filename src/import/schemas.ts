/**
 * One zod schema per imported entity, with the columns of PRODUCT.md §2 in file order, and
 * the staging table each file is copied into. A row's first problem in column order is the
 * one reported; columns beyond these are kept as the row's `attributes`.
 */
import { z } from 'zod';
import type { Entity, RawRecord } from './types.ts';
import * as v from './values.ts';

export const PLANS = ['maintain', 'invest', 'expand', 'at_risk'] as const;
export const CONTRACT_STATUSES = ['active', 'renewed', 'churned'] as const;
export const CONTACT_ROLES = ['champion', 'executive', 'user', 'billing'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_STATUSES = ['open', 'pending', 'solved'] as const;

function rowSchemas(defaultTimezone: string) {
  return {
    csms: z
      .object({
        external_id: v.text(),
        name: v.text(),
        email: v.email(),
        slack_user_id: v.optionalText(null),
        timezone: v.timeZone(defaultTimezone),
        manager: v.optionalText(null),
      })
      .superRefine((row, ctx) => {
        const manager = row.manager?.toLowerCase();
        if (manager === row.external_id.toLowerCase() || manager === row.email.toLowerCase())
          ctx.addIssue({
            code: 'custom',
            path: ['manager'],
            message: 'a CSM cannot manage themself',
          });
      }),
    customers: z.object({
      external_id: v.text(),
      name: v.text(),
      csm: v.text(),
      arr: v.optionalMoney(),
      seats: v.optionalCount(),
      account_plan: v.optionalOneOf(PLANS, null),
      strategic: v.boolean(false),
      industry: v.optionalText(null),
    }),
    contracts: z
      .object({
        external_id: v.text(),
        customer: v.text(),
        start_date: v.date(),
        renewal_date: v.date(),
        arr: v.optionalMoney(),
        status: v.optionalOneOf(CONTRACT_STATUSES, 'active'),
        auto_renew: v.boolean(false),
      })
      .superRefine((row, ctx) => {
        if (row.renewal_date < row.start_date)
          ctx.addIssue({
            code: 'custom',
            path: ['renewal_date'],
            message: `expected a date on or after start_date ${row.start_date}, got "${row.renewal_date}"`,
          });
      }),
    contacts: z.object({
      external_id: v.text(),
      customer: v.text(),
      name: v.text(),
      email: v.optionalEmail(),
      title: v.optionalText(null),
      role: v.oneOf(CONTACT_ROLES),
      active: v.boolean(true),
    }),
    usage: z.object({
      customer: v.text(),
      date: v.date(),
      active_users: v.count(),
      events: v.optionalBigCount(),
    }),
    tickets: z.object({
      external_id: v.text(),
      customer: v.text(),
      opened_at: v.dateTime(),
      priority: v.oneOf(TICKET_PRIORITIES),
      status: v.oneOf(TICKET_STATUSES),
      sentiment: v.sentiment(),
      subject: v.optionalText(''),
    }),
  } satisfies Record<Entity, z.ZodType>;
}

/** PostgreSQL type of each staged column, in the order rows are copied. */
export const STAGE_COLUMNS: Record<Entity, Record<string, string>> = {
  csms: {
    external_id: 'text',
    name: 'text',
    email: 'text',
    slack_user_id: 'text',
    timezone: 'text',
    manager: 'text',
  },
  customers: {
    external_id: 'text',
    name: 'text',
    csm: 'text',
    arr: 'numeric',
    seats: 'integer',
    account_plan: 'text',
    strategic: 'boolean',
    industry: 'text',
  },
  contracts: {
    external_id: 'text',
    customer: 'text',
    start_date: 'date',
    renewal_date: 'date',
    arr: 'numeric',
    status: 'text',
    auto_renew: 'boolean',
  },
  contacts: {
    external_id: 'text',
    customer: 'text',
    name: 'text',
    email: 'text',
    title: 'text',
    role: 'text',
    active: 'boolean',
  },
  usage: { customer: 'text', date: 'date', active_users: 'integer', events: 'bigint' },
  tickets: {
    external_id: 'text',
    customer: 'text',
    opened_at: 'timestamptz',
    priority: 'text',
    status: 'text',
    sentiment: 'real',
    subject: 'text',
  },
};

export type ValidRow = Record<string, unknown> & { attributes: Record<string, unknown> | null };
export type Validation =
  | { ok: true; row: ValidRow }
  /** `field`, `message`: the row's first bad column; `more`: every other one, in order. */
  | { ok: false; field: string; message: string; more?: { field: string; message: string }[] };

/**
 * Validate records of every entity. Usage rows keep `attributes` null when there are no
 * extra columns (a million empty objects are not free); other tables store `{}`.
 */
export function createValidator(defaultTimezone: string) {
  const schemas: Record<Entity, z.ZodType> = rowSchemas(defaultTimezone);
  return (entity: Entity, record: RawRecord): Validation => {
    const known = STAGE_COLUMNS[entity];
    let attributes: Record<string, unknown> | undefined;
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (key === '' || Object.hasOwn(known, key) || v.isMissing(value)) continue;
      if (typeof value === 'string' ? value.includes('\u0000') : hasNul(value))
        return { ok: false, field: key, message: 'contains a NUL character' };
      // No prototype, so a column called `__proto__` is kept like any other.
      attributes ??= Object.create(null) as Record<string, unknown>;
      attributes[key] = value instanceof Date ? value.toISOString() : value;
    }
    // Every column is passed, present or not: zod reports an absent key on its own terms.
    const input: Record<string, unknown> = {};
    for (const key in known) input[key] = record[key];
    const result = schemas[entity].safeParse(input);
    if (!result.success) {
      // Every bad column of the row, once each, so one fix-and-retry round is enough.
      const problems = new Map<string, string>();
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? 'row');
        if (!problems.has(field)) problems.set(field, issue.message);
      }
      const [first, ...rest] = [...problems].map(([f, m]) => ({ field: f, message: m }));
      return { ok: false, ...first!, ...(rest.length ? { more: rest } : {}) };
    }
    const row = result.data as ValidRow;
    row.attributes = attributes ?? (entity === 'usage' ? null : {});
    return { ok: true, row };
  };
}

function hasNul(value: unknown): boolean {
  return JSON.stringify(value)?.includes('\\u0000') ?? false;
}
