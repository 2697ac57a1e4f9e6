/**
 * The decision matrix of PRODUCT.md §3: every trigger that fires gives its own decision.
 *
 * | trigger     | fires when                                   | type                                  |
 * |-------------|----------------------------------------------|---------------------------------------|
 * | risk        | riskScore ≥ triggers.riskScoreAtLeast        | risk-in-band if in band, else -out-of-band |
 * | opportunity | opportunityScore ≥ opportunityScoreAtLeast   | opportunity-in-band / -out-of-band    |
 * | renewal     | days ≤ stages.activeMaxDays (incl. expired)  | by stage (RENEWAL_WORKFLOW_BY_STAGE)  |
 * | preparation | preparationWindow.minDays ≤ days ≤ .maxDays | renewal-preparation                  |
 * | strategic   | accountPlan is invest or expand              | strategic-planning                    |
 *
 * "In band" = days to renewal ≤ triggers.inBandWithinDays (an expired contract is in band).
 * Contract status rules (decided here, PRODUCT.md leaves them open):
 * - churned: nothing at all; the customer is gone.
 * - renewed: no renewal and no preparation (the next cycle is a new contract row); risk
 *   and opportunity still apply, always out of band; strategic still applies.
 * - no contract: no renewal and no preparation; risk/opportunity out of band; strategic.
 *
 * cycleKey (with customer and trigger, the identity of an open instance):
 * - renewal and preparation: `renewal:<renewal date>`. One renewal cycle is ONE instance
 *   whose type moves between stages: the daily run finds the open instance by (customer,
 *   trigger 'renewal', cycleKey) and moves it to the decided type and stage.
 * - risk, opportunity: `<in-band|out-of-band>:<renewal date|none>`.
 * - strategic: `<renewal date>` or `none`.
 */
import { isoDay } from './days.ts';
import type { AccountPlan } from './facts.ts';
import { type ContractStatusOrNone, DEFAULT_SETTINGS, type DomainSettings } from './settings.ts';
import { type Stage, stageForDays } from './stage.ts';
import {
  RENEWAL_WORKFLOW_BY_STAGE,
  type WorkflowTrigger,
  type WorkflowType,
} from './workflow-types.ts';

/** What the matrix looks at; a `CustomerAssessment` is one. */
export interface DecisionFacts {
  riskScore: number;
  opportunityScore: number;
  /** null when the customer has no contract. */
  daysToRenewal: number | null;
  contractStatus: ContractStatusOrNone;
  /** Day number of the renewal date; null when no contract. */
  renewalDay: number | null;
  accountPlan: AccountPlan | null;
}

export interface WorkflowDecision {
  type: WorkflowType;
  trigger: WorkflowTrigger;
  cycleKey: string;
  /** The customer's stage (null without a contract). */
  stage: Stage | null;
}

/** The decisions for one customer, in trigger order risk, opportunity, renewal, preparation, strategic. */
export function decideWorkflows(
  facts: DecisionFacts,
  settings: DomainSettings = DEFAULT_SETTINGS,
): WorkflowDecision[] {
  const status = facts.contractStatus;
  const decisions: WorkflowDecision[] = [];
  if (status === 'churned') return decisions;
  const t = settings.triggers;
  const prep = settings.preparationWindow;
  const days = status === 'none' ? null : facts.daysToRenewal;
  const date = facts.renewalDay === null || days === null ? 'none' : isoDay(facts.renewalDay);
  const stage = days === null ? null : stageForDays(days, settings);
  const inBand = days !== null && status !== 'renewed' && days <= t.inBandWithinDays;
  const band = inBand ? 'in-band' : 'out-of-band';

  if (facts.riskScore >= t.riskScoreAtLeast) {
    const type = inBand ? 'risk-in-band' : 'risk-out-of-band';
    decisions.push({ type, trigger: 'risk', cycleKey: `${band}:${date}`, stage });
  }
  if (facts.opportunityScore >= t.opportunityScoreAtLeast) {
    const type = inBand ? 'opportunity-in-band' : 'opportunity-out-of-band';
    decisions.push({ type, trigger: 'opportunity', cycleKey: `${band}:${date}`, stage });
  }
  if (days !== null && stage !== null && status !== 'renewed') {
    const renewalType = RENEWAL_WORKFLOW_BY_STAGE[stage];
    if (renewalType !== undefined) {
      decisions.push({ type: renewalType, trigger: 'renewal', cycleKey: `renewal:${date}`, stage });
    }
    if (days >= prep.minDays && days <= prep.maxDays) {
      decisions.push({
        type: 'renewal-preparation',
        trigger: 'preparation',
        cycleKey: `renewal:${date}`,
        stage,
      });
    }
  }
  if (facts.accountPlan === 'invest' || facts.accountPlan === 'expand') {
    decisions.push({ type: 'strategic-planning', trigger: 'strategic', cycleKey: date, stage });
  }
  return decisions;
}
