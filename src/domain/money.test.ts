import { describe, expect, it } from 'vitest';
import { formatMoney } from './describe-factors.ts';
import { formatDollars } from './money.ts';

describe('formatDollars: a price in whole dollars', () => {
  it.each([
    [175_750, '$175,750'],
    [199_800.4, '$199,800'],
    [0, '$0'],
    [-1200, '-$1,200'],
    [-0.2, '$0'],
  ])('%d → %s', (amount, text) => expect(formatDollars(amount)).toBe(text));

  it('never rounds a price to thousands the way the short form does', () => {
    expect(formatMoney(175_750)).toBe('$176K');
    expect(formatDollars(175_750)).not.toBe(formatMoney(175_750));
  });
});
