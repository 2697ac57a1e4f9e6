import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STEP_STATUSES, type StepStatus } from './step-status.ts';
import { completionBlocker, workflowState } from './workflow-state.ts';

const TITLES = ['Introduction', 'Risk assessment', 'Save plan', 'Summary'];
const steps = (...statuses: StepStatus[]) =>
  statuses.map((status, i) => ({ title: TITLES[i] ?? `Step ${i + 1}`, status }));
const running = (currentStep: number, ...statuses: StepStatus[]) => ({
  execution: { status: 'in_progress' as const, currentStep, steps: steps(...statuses) },
});

describe('workflowState', () => {
  it('a workflow never begun is new, active, and says so', () => {
    const state = workflowState({ execution: null });
    expect(state).toMatchObject({ begun: false, status: 'new', currentStep: null });
    expect(state.sections).toEqual({ active: true, snoozed: false, escalated: false });
    expect(state.label).toBe('Not begun');
  });

  it('begun with a snoozed step and an escalated one: in progress, in both sections', () => {
    const state = workflowState(running(2, 'snoozed', 'escalated', 'in_progress', 'pending'));
    expect(state).toMatchObject({
      begun: true,
      status: 'in_progress',
      currentStep: { index: 2, title: 'Save plan' },
      counts: { done: 0, skipped: 0, snoozed: 1, escalated: 1, open: 2 },
    });
    expect(state.sections).toEqual({ active: false, snoozed: true, escalated: true });
    expect(state.snoozedSteps.map((s) => s.index)).toEqual([0]);
    expect(state.escalatedSteps.map((s) => s.index)).toEqual([1]);
    expect(state.label).toBe('Step 3 of 4 · Save plan · 1 snoozed step · 1 escalated step');
  });

  it('after Resume, the resumed step is current and nothing is said to remain snoozed', () => {
    // Mark Complete left the workflow open on step 1's snooze (current_step = 4); then Resume.
    const state = workflowState(running(4, 'in_progress', 'completed', 'completed', 'completed'));
    expect(state.currentStep).toEqual({ index: 0, title: 'Introduction' });
    expect(state.label).toBe('Step 1 of 4 · Introduction');
    expect(state.sections).toEqual({ active: true, snoozed: false, escalated: false });
  });

  it('every step worked but one snoozed: waiting on it, no current step', () => {
    const state = workflowState(running(4, 'snoozed', 'completed', 'completed', 'completed'));
    expect(state.currentStep).toBeNull();
    expect(state.status).toBe('in_progress');
    expect(state.label).toBe('Every step worked · waiting on 1 snoozed step');
  });

  it('completed only when every step is completed or skipped, whatever the row says', () => {
    const done = workflowState({
      execution: {
        status: 'completed',
        currentStep: 4,
        steps: steps('completed', 'skipped', 'completed', 'completed'),
      },
    });
    expect(done.status).toBe('completed');
    expect(done.label).toBe('Completed · all 4 steps');
    const premature = workflowState({
      execution: {
        status: 'completed',
        currentStep: 4,
        steps: steps('completed', 'completed', 'completed', 'pending'),
      },
    });
    expect(premature.status).toBe('in_progress');
    expect(premature.currentStep).toEqual({ index: 3, title: 'Summary' });
    expect(premature.label).not.toMatch(/Completed/);
  });

  it('a whole workflow snoozed counts as snoozed, begun or not', () => {
    const fresh = workflowState({ execution: null, workflowSnoozed: { until: null } });
    expect(fresh.sections).toEqual({ active: false, snoozed: true, escalated: false });
    const begun = workflowState({
      execution: { status: 'snoozed', currentStep: 1, steps: steps('completed', 'in_progress') },
    });
    expect(begun.sections.snoozed).toBe(true);
    expect(begun.label).toMatch(/^Workflow snoozed · Step 2 of 2/);
  });

  it('properties: counts add up; begun iff executed; sections agree with the step lists', () => {
    const status = fc.constantFrom(...STEP_STATUSES);
    fc.assert(
      fc.property(
        fc.array(status, { minLength: 1, maxLength: 8 }),
        fc.nat(9),
        fc.boolean(),
        (statuses, current, executed) => {
          const state = workflowState(
            executed ? running(current, ...statuses) : { execution: null },
          );
          expect(state.begun).toBe(executed);
          if (!executed) return;
          const c = state.counts;
          expect(c.done + c.skipped + c.snoozed + c.escalated + c.open).toBe(statuses.length);
          expect(state.sections.snoozed).toBe(state.status !== 'completed' && c.snoozed > 0);
          expect(state.sections.escalated).toBe(state.status !== 'completed' && c.escalated > 0);
          expect(state.status === 'completed').toBe(c.done + c.skipped === statuses.length);
          if (state.currentStep) {
            expect(['pending', 'in_progress']).toContain(statuses[state.currentStep.index]);
          }
          expect(state.label.includes('snoozed step')).toBe(
            state.status !== 'completed' && c.snoozed > 0,
          );
        },
      ),
    );
  });
});

describe('completionBlocker', () => {
  it('refuses Mark Complete on any step but the last', () => {
    expect(completionBlocker(steps('completed', 'completed', 'in_progress', 'pending'), 2)).toEqual(
      {
        refuse: 'Mark Complete belongs to the last step only; nothing was changed.',
      },
    );
  });

  it('refuses while another step is pending or in progress, naming them', () => {
    expect(completionBlocker(steps('completed', 'completed', 'pending', 'in_progress'), 3)).toEqual(
      {
        refuse:
          'Step 3. Save plan is not done yet: finish or skip it before Mark Complete. Nothing was changed.',
      },
    );
  });

  it('lets snoozed or escalated steps wait (the workflow stays open), else completes', () => {
    expect(completionBlocker(steps('snoozed', 'escalated', 'completed', 'in_progress'), 3)).toEqual(
      { waiting: '1. Introduction, 2. Risk assessment' },
    );
    expect(
      completionBlocker(steps('completed', 'skipped', 'completed', 'in_progress'), 3),
    ).toBeNull();
  });
});
