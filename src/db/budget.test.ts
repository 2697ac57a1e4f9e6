import { describe, expect, it } from 'vitest';
import { applicationName, commandPool, DATABASE_POOL_MIN, serverBudget } from './budget.ts';

describe('the connection budget', () => {
  it('splits a server budget between Agenda (2 to 5) and the app, never above the total', () => {
    expect(serverBudget(4)).toEqual({ app: 2, jobs: 2 });
    expect(serverBudget(10)).toEqual({ app: 7, jobs: 3 });
    expect(serverBudget(30)).toEqual({ app: 25, jobs: 5 });
    for (let total = DATABASE_POOL_MIN; total <= 200; total++) {
      const { app, jobs } = serverBudget(total);
      expect(app + jobs).toBe(total);
      expect(app).toBeGreaterThanOrEqual(2);
      expect(jobs).toBeGreaterThanOrEqual(2);
    }
  });

  it('gives a command what it asks for, at most the budget, all of it when it does not say', () => {
    expect(commandPool(10, 2)).toBe(2);
    expect(commandPool(4, 10)).toBe(4);
    expect(commandPool(6)).toBe(6);
  });

  it('refuses a budget too small for a server', () => {
    expect(() => serverBudget(3)).toThrow('at least 4 (got 3)');
    expect(() => commandPool(2.5)).toThrow('at least 4 (got 2.5)');
  });

  it('names each pool after the command and the process', () => {
    expect(applicationName('serve', undefined, 4242)).toBe('renubu serve pid:4242');
    expect(applicationName('serve', 'jobs', 4242)).toBe('renubu serve pid:4242 jobs');
  });
});
