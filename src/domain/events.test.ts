import { describe, expect, it } from 'vitest';
import { contactEventWorkflow, ticketEventWorkflow, usageEventWorkflow } from './events.ts';
import { DEFAULT_SETTINGS, resolveSettings } from './settings.ts';
import { WORKFLOW_TRIGGER } from './workflow-types.ts';

describe('ticketEventWorkflow', () => {
  it.each([
    ['urgent', 'risk-escalation'],
    ['high', 'risk-escalation'],
    ['normal', null],
    ['low', null],
  ] as const)('%s → %s', (priority, type) => {
    expect(ticketEventWorkflow(priority)).toBe(type);
  });
});

describe('usageEventWorkflow', () => {
  const factor = DEFAULT_SETTINGS.events.usageSpikeFactor;
  it.each([
    [factor * 40 + 1, 40, 'opportunity-usage-spike'],
    [factor * 40, 40, null],
    [39, 40, null],
    [500, 0, null],
  ])('%s users against a trailing mean of %s → %s', (users, mean, type) => {
    expect(usageEventWorkflow(users, mean, DEFAULT_SETTINGS)).toBe(type);
  });

  it('follows the spike factor setting', () => {
    const settings = resolveSettings({ events: { usageSpikeFactor: 3 } });
    expect(usageEventWorkflow(factor * 40 + 1, 40, settings)).toBeNull();
    expect(usageEventWorkflow(settings.events.usageSpikeFactor * 40 + 1, 40, settings)).toBe(
      'opportunity-usage-spike',
    );
  });
});

describe('contactEventWorkflow', () => {
  it.each([
    ['champion', true, false, 'executive-contact-loss'],
    ['executive', true, false, 'executive-contact-loss'],
    ['executive', false, false, null],
    ['executive', true, true, null],
    ['user', true, false, null],
    ['billing', true, false, null],
  ] as const)('%s active %s → %s: %s', (role, wasActive, active, type) => {
    expect(contactEventWorkflow({ role, wasActive, active })).toBe(type);
  });

  it('are all event-triggered types', () => {
    for (const type of [
      'risk-escalation',
      'opportunity-usage-spike',
      'executive-contact-loss',
    ] as const) {
      expect(WORKFLOW_TRIGGER[type]).toBe('event');
    }
  });
});
