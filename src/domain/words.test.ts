import { describe, expect, it } from 'vitest';
import { inflect, plural } from './words.ts';

describe('plural', () => {
  it.each([
    [0, 'day', undefined, '0 days'],
    [1, 'day', undefined, '1 day'],
    [2, 'day', undefined, '2 days'],
    [1, 'follow-up', undefined, '1 follow-up'],
    [3, 'follow-up', undefined, '3 follow-ups'],
    [1, 'reply', 'replies', '1 reply'],
    [2, 'reply', 'replies', '2 replies'],
    [1234, 'row', undefined, '1234 rows'],
    [1.5, 'day', undefined, '1.5 days'],
  ])('%d %s → %s', (n, one, many, words) => {
    expect(plural(n, one, many)).toBe(words);
  });

  it('agrees a verb with its count', () => {
    expect(`${plural(1, 'follow-up')} ${inflect(1, 'is', 'are')}`).toBe('1 follow-up is');
    expect(`${plural(4, 'follow-up')} ${inflect(4, 'is', 'are')}`).toBe('4 follow-ups are');
  });
});
