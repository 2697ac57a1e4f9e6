/**
 * fast-check arbitraries for the builders' tests (not part of the public API). Text reaches
 * its full length often (`size: 'max'`) and favours what grows when escaped (`&`, `<`, `>`)
 * or is awkward to cut (emoji as surrogate pairs); time zones include unknown ones.
 */
import fc from 'fast-check';
import { WORKFLOW_TYPES } from '../src/domain/index.ts';
import { STEP_STATUSES } from '../src/domain/step-status.ts';
import { type WorkflowState, workflowState } from '../src/domain/workflow-state.ts';
import type { CsmDigest, HomeState, SnoozedStep, WorkItem } from './types.ts';

const nasty = fc.constantFrom('&', '<', '>', '*', '_', '`', '😀', 'a', ' ', '\n');
/** Any text up to `max` characters: ordinary, any code unit, or escape-heavy. */
export const text = (max = 500) =>
  fc.oneof(
    fc.string({ maxLength: max, size: 'max' }),
    fc.string({ unit: 'binary', maxLength: max, size: 'max' }),
    fc.string({ unit: nasty, maxLength: max, size: 'max' }),
  );

const isoInstant = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());
const day = isoInstant.map((iso) => iso.slice(0, 10));
const timezone = fc.constantFrom(
  'UTC',
  'Europe/Berlin',
  'America/Los_Angeles',
  'Asia/Kolkata',
  'Not/AZone',
  '',
);

/** A workflow's state, begun or not, with any step titles and states. */
function arbWorkflowState(): fc.Arbitrary<WorkflowState> {
  const step = fc.record({
    title: text(200),
    status: fc.constantFrom(...STEP_STATUSES),
    snoozedUntil: fc.option(isoInstant, { nil: null }),
    escalatedTo: fc.option(text(100), { nil: null }),
  });
  const execution = fc.record({
    status: fc.constantFrom('in_progress' as const, 'snoozed' as const),
    currentStep: fc.nat(12),
    steps: fc.array(step, { minLength: 1, maxLength: 12 }),
  });
  return fc.option(execution, { nil: null }).map((e) => workflowState({ execution: e }));
}

export const arbWorkItem: fc.Arbitrary<WorkItem> = fc.record({
  instanceId: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  customerId: text(100),
  customerName: text(),
  type: fc.oneof(fc.constantFrom(...WORKFLOW_TYPES), text(200)),
  stage: fc.option(text(50), { nil: null }),
  priorityScore: fc.double({ min: 0, max: 100, noNaN: true }),
  arr: fc.double({ min: 0, max: 1e12, noNaN: true }),
  daysToRenewal: fc.option(fc.integer({ min: -10_000, max: 10_000 }), { nil: null }),
  healthScore: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
  reasons: fc.array(text(200), { maxLength: 8, size: 'max' }),
  status: fc.constantFrom('open', 'in_progress', 'snoozed'),
  also: fc.array(fc.oneof(fc.constantFrom(...WORKFLOW_TYPES), text(200)), { maxLength: 12 }),
  state: arbWorkflowState(),
});

export const arbSnoozedStep: fc.Arbitrary<SnoozedStep> = fc.record({
  executionId: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  customerId: text(100),
  customerName: text(),
  type: text(100),
  step: text(200),
  stepTitle: text(200),
  stepIndex: fc.integer({ min: 0, max: 200 }),
  snoozedUntil: fc.oneof(isoInstant, text(100)),
  reason: fc.option(text(), { nil: null }),
});

export const arbDigest: fc.Arbitrary<CsmDigest> = fc
  .record({
    csm: fc.record({
      externalId: text(50),
      name: text(),
      slackUserId: fc.constant(null),
      timezone,
    }),
    asOf: fc.oneof(day, text(20)),
    priorityList: fc.array(arbWorkItem, { maxLength: 10, size: 'max' }),
    snoozedDueToday: fc.array(arbSnoozedStep, { maxLength: 50, size: 'max' }),
  })
  .map((d) => ({ ...d, oneThing: d.priorityList[0] ?? null }));

export const arbHomeState = (maxItems = 300): fc.Arbitrary<HomeState> =>
  fc.record({
    digest: arbDigest,
    counts: fc.record({
      active: fc.nat(100_000),
      snoozed: fc.nat(100_000),
      escalated: fc.nat(100_000),
    }),
    active: fc.array(arbWorkItem, { maxLength: maxItems, size: 'max' }),
    snoozed: fc.array(
      fc
        .tuple(arbWorkItem, fc.option(fc.oneof(isoInstant, text(50)), { nil: null }))
        .map(([item, snoozedUntil]) => ({ ...item, snoozedUntil })),
      { maxLength: maxItems, size: 'max' },
    ),
    escalated: fc.array(
      fc
        .tuple(arbWorkItem, fc.option(text(), { nil: null }))
        .map(([item, escalatedTo]) => ({ ...item, escalatedTo })),
      { maxLength: maxItems, size: 'max' },
    ),
  });
