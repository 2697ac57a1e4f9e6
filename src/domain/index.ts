/**
 * The pure intelligence, decision and priority rules (PRODUCT.md §3). No I/O, no clock:
 * every function takes plain values (day numbers, sums, counts) and settings.
 */
export {
  assessCustomer,
  type CustomerAssessment,
  type CustomerEvaluation,
  evaluateCustomer,
} from './assess.ts';
export { dayNumber, daysToRenewal, isoDay } from './days.ts';
export { type DecisionFacts, decideWorkflows, type WorkflowDecision } from './decide.ts';
export { describeFactors, formatMoney, renewalPhrase } from './describe-factors.ts';
export {
  type ContactRole,
  contactEventWorkflow,
  type TicketPriority,
  ticketEventWorkflow,
  usageEventWorkflow,
} from './events.ts';
export { ACCOUNT_PLANS, type AccountPlan, type CustomerFacts } from './facts.ts';
export { type Health, type HealthComponents, type HealthInputs, healthScore } from './health.ts';
export type { Ramp } from './math.ts';
export {
  factorPoints,
  PRIORITY_FACTORS,
  type Priority,
  type PriorityFactor,
  type PriorityFactors,
  type PriorityInputs,
  priorityInputsOf,
  priorityScore,
  raisingFactors,
  urgencyFactor,
} from './priority.ts';
export {
  type OpportunityInputs,
  opportunityScore,
  type RiskInputs,
  riskScore,
} from './scores.ts';
export {
  CONTRACT_STATUSES_OR_NONE,
  type ContractStatusOrNone,
  DEFAULT_SETTINGS,
  type DomainSettings,
  type PerContractStatus,
  resolveSettings,
  SettingsError,
  type SettingsOverrides,
  settingsOverridesSchema,
  settingsSchema,
} from './settings.ts';
export { type SentimentLabel, seatUtilisation, sentimentLabel, usageTrendPct } from './signals.ts';
export {
  type ContractRecordStatus,
  type ContractStatus,
  contractStatus,
  STAGES,
  type Stage,
  stageForDays,
} from './stage.ts';
export { inflect, plural } from './words.ts';
export {
  RENEWAL_WORKFLOW_BY_STAGE,
  WORKFLOW_TRIGGER,
  WORKFLOW_TRIGGERS,
  WORKFLOW_TYPES,
  type WorkflowTrigger,
  type WorkflowType,
} from './workflow-types.ts';
