import { describe, expect, it } from 'vitest';
import { addDays, isDay } from '../domain/dates.ts';
import type { RawRecord } from '../import/types.ts';
import { generateDemoPortfolio } from './generator.ts';
import { summarizePortfolio } from './summary.ts';

const demoDay = '2026-11-25';
const portfolio = generateDemoPortfolio(demoDay);
const ids = (rows: RawRecord[]) => rows.map((row) => String(row.external_id));
const oneOf = (value: unknown, allowed: readonly unknown[]) => allowed.includes(value);

describe('generateDemoPortfolio', () => {
  it('is byte-identical for the same demo day', () => {
    expect(JSON.stringify(generateDemoPortfolio(demoDay))).toBe(JSON.stringify(portfolio));
  });

  it('keeps accounts and ids on another day and moves every date along', () => {
    const later = generateDemoPortfolio(addDays(demoDay, 10));
    for (const entity of ['csms', 'customers', 'contracts', 'contacts', 'tickets'] as const) {
      expect(ids(later[entity])).toEqual(ids(portfolio[entity]));
    }
    expect(later.customers).toEqual(portfolio.customers);
    expect(later.contracts.map((c) => c.renewal_date)).toEqual(
      portfolio.contracts.map((c) => addDays(String(c.renewal_date), 10)),
    );
  });

  it('rejects a demo day that is not a calendar day', () => {
    expect(() => generateDemoPortfolio('2026-02-30')).toThrow(RangeError);
  });

  it('holds at least 300 customers besides Obsidian Black and 6 CSMs in 4 time zones', () => {
    const summary = summarizePortfolio(portfolio);
    expect(summary.customers).toBeGreaterThanOrEqual(301);
    expect(summary.csms).toBeGreaterThanOrEqual(6);
    expect(new Set(portfolio.csms.map((c) => c.timezone)).size).toBeGreaterThanOrEqual(4);
    expect(summary.usage).toBe(summary.customers * 60);
    expect(summary.contracts.renewed).toBeGreaterThan(0);
    expect(summary.contracts.churned).toBeGreaterThan(0);
    expect(summary.contracts.total).toBe(portfolio.contracts.length);
  });

  it('gives every entity unique external ids and every reference a target', () => {
    for (const entity of ['csms', 'customers', 'contracts', 'contacts', 'tickets'] as const) {
      expect(new Set(ids(portfolio[entity])).size, entity).toBe(portfolio[entity].length);
    }
    const csms = new Set(ids(portfolio.csms));
    const customers = new Set(ids(portfolio.customers));
    expect(portfolio.customers.every((c) => csms.has(String(c.csm)))).toBe(true);
    const managers = portfolio.csms.filter((c) => c.manager !== undefined);
    expect(managers.length).toBe(portfolio.csms.length - 1);
    expect(managers.every((c) => csms.has(String(c.manager)) && c.manager !== c.external_id)).toBe(
      true,
    );
    for (const entity of ['contracts', 'contacts', 'usage', 'tickets'] as const) {
      const orphans = portfolio[entity].filter((row) => !customers.has(String(row.customer)));
      expect(orphans, entity).toEqual([]);
    }
    const usageKeys = new Set(portfolio.usage.map((u) => `${u.customer} ${u.date}`));
    expect(usageKeys.size).toBe(portfolio.usage.length);
  });

  it('writes every record in the shape of PRODUCT.md §2', () => {
    for (const csm of portfolio.csms) {
      expect(String(csm.email)).toMatch(/^[a-z]+@renubu\.example$/);
      expect(() => new Intl.DateTimeFormat('en', { timeZone: String(csm.timezone) })).not.toThrow();
      expect(csm.slack_user_id).toBeUndefined();
    }
    for (const c of portfolio.customers) {
      expect(Number.isInteger(c.arr) && Number(c.arr) >= 8_000 && Number(c.arr) <= 600_000).toBe(
        true,
      );
      expect(Number.isInteger(c.seats) && Number(c.seats) > 0).toBe(true);
      expect(
        c.account_plan === undefined ||
          oneOf(c.account_plan, ['maintain', 'invest', 'expand', 'at_risk']),
      ).toBe(true);
      expect(typeof c.strategic).toBe('boolean');
      expect(String(c.name).length).toBeGreaterThan(3);
    }
    for (const c of portfolio.contracts) {
      expect(isDay(String(c.start_date)) && isDay(String(c.renewal_date))).toBe(true);
      expect(String(c.start_date) <= String(c.renewal_date)).toBe(true);
      expect(oneOf(c.status, ['active', 'renewed', 'churned'])).toBe(true);
      expect(Number(c.arr)).toBeGreaterThan(0);
    }
    for (const c of portfolio.contacts) {
      expect(oneOf(c.role, ['champion', 'executive', 'user', 'billing'])).toBe(true);
      expect(String(c.email)).toMatch(/^[a-z.]+@[a-z]+\.example$/);
      expect(typeof c.active).toBe('boolean');
    }
    for (const u of portfolio.usage) {
      expect(Number.isInteger(u.active_users) && Number(u.active_users) >= 0).toBe(true);
      expect(Number.isInteger(u.events) && Number(u.events) >= 0).toBe(true);
      expect(String(u.date) < demoDay && String(u.date) >= addDays(demoDay, -60)).toBe(true);
    }
    for (const t of portfolio.tickets) {
      expect(oneOf(t.priority, ['low', 'normal', 'high', 'urgent'])).toBe(true);
      expect(oneOf(t.status, ['open', 'pending', 'solved'])).toBe(true);
      expect(Math.abs(Number(t.sentiment))).toBeLessThanOrEqual(1);
      const opened = String(t.opened_at);
      expect(opened).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
      expect(opened.slice(0, 10) < demoDay && opened.slice(0, 10) > addDays(demoDay, -90)).toBe(
        true,
      );
    }
  });

  it('spreads ARR from about $8K to several hundred thousand, skewed small', () => {
    const arrs = portfolio.customers.map((c) => Number(c.arr)).sort((a, b) => a - b);
    expect(arrs[0]).toBeLessThan(10_000);
    expect(arrs.at(-1)).toBeGreaterThan(400_000);
    expect(arrs[Math.floor(arrs.length / 2)]).toBeLessThan(50_000);
  });
});
