/**
 * Every workflow type of PRODUCT.md §3 and the trigger that creates it. `trigger` is the
 * `workflow_instances.trigger` column; event types come from `POST /events` (§7).
 */
import type { Stage } from './stage.ts';

export const WORKFLOW_TYPES = [
  'risk-in-band',
  'risk-out-of-band',
  'opportunity-in-band',
  'opportunity-out-of-band',
  'emergency-retention',
  'critical-intervention',
  'urgent-action',
  'contract-finalization',
  'negotiation-prep',
  'standard-renewal',
  'renewal-preparation',
  'strategic-planning',
  'risk-escalation',
  'opportunity-usage-spike',
  'executive-contact-loss',
] as const;
export type WorkflowType = (typeof WORKFLOW_TYPES)[number];

export const WORKFLOW_TRIGGERS = [
  'risk',
  'opportunity',
  'renewal',
  'preparation',
  'strategic',
  'event',
] as const;
export type WorkflowTrigger = (typeof WORKFLOW_TRIGGERS)[number];

/** The trigger of each workflow type. */
export const WORKFLOW_TRIGGER: Readonly<Record<WorkflowType, WorkflowTrigger>> = {
  'risk-in-band': 'risk',
  'risk-out-of-band': 'risk',
  'opportunity-in-band': 'opportunity',
  'opportunity-out-of-band': 'opportunity',
  'emergency-retention': 'renewal',
  'critical-intervention': 'renewal',
  'urgent-action': 'renewal',
  'contract-finalization': 'renewal',
  'negotiation-prep': 'renewal',
  'standard-renewal': 'renewal',
  'renewal-preparation': 'preparation',
  'strategic-planning': 'strategic',
  'risk-escalation': 'event',
  'opportunity-usage-spike': 'event',
  'executive-contact-loss': 'event',
};

/** The renewal workflow of each stage inside the renewal window (`expired` = emergency). */
export const RENEWAL_WORKFLOW_BY_STAGE: Readonly<Partial<Record<Stage, WorkflowType>>> = {
  expired: 'emergency-retention',
  emergency: 'emergency-retention',
  critical: 'critical-intervention',
  urgent: 'urgent-action',
  finalize: 'contract-finalization',
  negotiate: 'negotiation-prep',
  active: 'standard-renewal',
};
