import { describe, expect, it } from 'vitest';
import { checkMessage } from '../src/sandbox/slack/slack-limits.ts';
import { DIGEST_DM_STEPS_MAX, digestDm } from './digest-dm.ts';
import type { SnoozedStep } from './types.ts';

const step = (i: number): SnoozedStep => ({
  executionId: i,
  customerId: `c${i}`,
  customerName: `Customer ${'x'.repeat(300)} ${i}`,
  type: 'renewal',
  step: 'pricing-strategy',
  stepTitle: 'Pricing strategy',
  stepIndex: 2,
  snoozedUntil: '2026-11-26T14:00:00.000Z',
  reason: 'r'.repeat(2000),
});

describe('digestDm', () => {
  it('lists at most 10 steps by name, then how many more, within Slack’s limits', () => {
    const message = digestDm({
      csmName: 'Ana Lima',
      timeZone: 'America/New_York',
      today: '2026-11-25',
      dueDay: '2026-11-26',
      steps: Array.from({ length: 40 }, (_, i) => step(i + 1)),
    });
    expect(message.text).toBe('40 snoozed steps due tomorrow, Thursday 26 November 2026');
    const buttons = JSON.stringify(message.blocks).match(/"Resume"/g) ?? [];
    expect(buttons).toHaveLength(DIGEST_DM_STEPS_MAX);
    expect(JSON.stringify(message.blocks)).toContain('…and 30 more');
    expect(checkMessage({ ...message })).toBeUndefined();
  });
});
