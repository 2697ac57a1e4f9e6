/** The states a workflow step can be in (workflow_step_states.status). */
export const STEP_STATUSES = [
  'pending',
  'in_progress',
  'completed',
  'snoozed',
  'skipped',
  'escalated',
] as const;

export type StepStatus = (typeof STEP_STATUSES)[number];
