/** The seed's story account and Justin's book, read back from the generated rows. */
import { describe, expect, it } from 'vitest';
import { addDays } from '../domain/dates.ts';
import { JUSTIN } from './csms.ts';
import { generateDemoPortfolio } from './generator.ts';
import { OBSIDIAN_BLACK } from './obsidian-black.ts';
import { readBack } from './read-back.ts';

describe.each(['2026-11-25', '2027-03-01'])('Obsidian Black on %s', (demoDay) => {
  const portfolio = generateDemoPortfolio(demoDay);
  const facts = readBack(portfolio, demoDay);
  const ob = facts.get(OBSIDIAN_BLACK)!;

  it('is Justin’s $185K strategic account with plan expand', () => {
    expect(ob.customer).toMatchObject({
      name: 'Obsidian Black',
      csm: JUSTIN,
      arr: 185_000,
      account_plan: 'expand',
      strategic: true,
    });
    expect(portfolio.csms.find((c) => c.external_id === JUSTIN)?.email).toBe(
      'justin@renubu.example',
    );
  });

  it('renews in exactly 365 days on an active contract', () => {
    expect(ob.contract).toMatchObject({
      renewal_date: addDays(demoDay, 365),
      status: 'active',
      arr: 185_000,
    });
    expect(ob.daysToRenewal).toBe(365);
  });

  it('grew usage by exactly 20% with about 85% of seats in use', () => {
    expect(ob.laterSum * 5).toBe(ob.earlierSum * 6);
    expect(ob.utilisation).toBeCloseTo(0.85, 2);
    const days = portfolio.usage.filter((u) => u.customer === OBSIDIAN_BLACK).map((u) => u.date);
    expect(days).toHaveLength(60);
    expect(days[0]).toBe(addDays(demoDay, -60));
    expect(days.at(-1)).toBe(addDays(demoDay, -1));
  });

  it('has 2-4 recent tickets, all positive, none open at high or urgent', () => {
    expect(ob.tickets.length).toBeGreaterThanOrEqual(2);
    expect(ob.tickets.length).toBeLessThanOrEqual(4);
    expect(ob.tickets.every((t) => Number(t.sentiment) > 0.2)).toBe(true);
    expect(ob.openHighUrgent).toBe(0);
  });

  it('has Marcus Chen as active champion and an active executive', () => {
    const contacts = portfolio.contacts.filter((c) => c.customer === OBSIDIAN_BLACK);
    expect(contacts).toContainEqual(
      expect.objectContaining({ name: 'Marcus Chen', role: 'champion', active: true }),
    );
    expect(contacts.some((c) => c.role === 'executive' && c.active === true)).toBe(true);
    const marcuses = portfolio.contacts.filter((c) => c.name === 'Marcus Chen');
    expect(marcuses).toHaveLength(1);
  });

  it('stands out in Justin’s book: his largest and only strategic account, few urgent renewals', () => {
    const justins = [...facts.values()].filter((f) => f.customer.csm === JUSTIN);
    const others = justins.filter((f) => f !== ob);
    expect(others.length).toBeGreaterThanOrEqual(20);
    expect(Math.max(...others.map((f) => Number(f.customer.arr)))).toBeLessThan(185_000 / 3);
    expect(others.filter((f) => f.customer.strategic === true)).toEqual([]);
    const urgent = others.filter((f) => f.contract.status === 'active' && f.daysToRenewal <= 30);
    expect(urgent.length).toBeLessThanOrEqual(2);
    const busy = others.filter(
      (f) => f.daysToRenewal <= 180 || f.trendPct <= -20 || f.trendPct >= 25 || f.openHighUrgent,
    );
    expect(busy.length).toBeLessThanOrEqual(4);
  });
});
