/**
 * One call per customer for the daily run: every §3 signal and score from the customer's
 * facts, in an object that `decideWorkflows` and `priorityScore` accept as it is.
 *
 *   daysToRenewal  = renewalDay − asOfDay (null without a contract)
 *   contractStatus = contractStatus(...) or `none` without a contract
 *   healthDecline  = max(0, previousHealth − healthScore), 0 without history
 *   stage          = stageForDays(daysToRenewal) (null without a contract)
 * Risk and opportunity take the rounded health score, so stored values recompute exactly.
 */

import { daysToRenewal } from './days.ts';
import { type DecisionFacts, decideWorkflows, type WorkflowDecision } from './decide.ts';
import type { AccountPlan, CustomerFacts } from './facts.ts';
import { type HealthComponents, healthScore } from './health.ts';
import { nonNegative, round1 } from './math.ts';
import { type Priority, type PriorityInputs, priorityInputsOf, priorityScore } from './priority.ts';
import { opportunityScore, riskScore } from './scores.ts';
import { type ContractStatusOrNone, DEFAULT_SETTINGS, type DomainSettings } from './settings.ts';
import { type SentimentLabel, seatUtilisation, sentimentLabel, usageTrendPct } from './signals.ts';
import { contractStatus, type Stage, stageForDays } from './stage.ts';

export interface CustomerAssessment extends DecisionFacts, PriorityInputs {
  daysToRenewal: number | null;
  contractStatus: ContractStatusOrNone;
  stage: Stage | null;
  renewalDay: number | null;
  usageTrendPct: number;
  seatUtilisation: number | null;
  sentiment: SentimentLabel;
  sentimentMean: number | null;
  healthScore: number;
  healthComponents: HealthComponents;
  /** Points lost against previousHealth, ≥ 0. */
  healthDecline: number;
  riskScore: number;
  opportunityScore: number;
  arr: number;
  strategic: boolean;
  accountPlan: AccountPlan | null;
}

/** Every §3 signal and score of one customer, as described in this module's comment. */
export function assessCustomer(
  facts: CustomerFacts,
  settings: DomainSettings = DEFAULT_SETTINGS,
): CustomerAssessment {
  const contract = facts.contract;
  const days = contract === null ? null : daysToRenewal(contract.renewalDay, facts.asOfDay);
  const status: ContractStatusOrNone =
    contract === null || days === null
      ? 'none'
      : contractStatus({ status: contract.status, daysToRenewal: days }, settings);
  const trend = usageTrendPct(facts.usageLast30Sum, facts.usagePrev30Sum);
  const utilisation = seatUtilisation(facts.avgActiveUsersLast30, facts.seats);
  const health = healthScore(
    {
      usageTrendPct: trend,
      seatUtilisation: utilisation,
      openHighUrgentTickets: facts.openHighUrgentTickets,
      sentimentMean: facts.sentimentMean,
      activeChampions: facts.activeChampions,
      activeExecutives: facts.activeExecutives,
      contractStatus: status,
    },
    settings,
  );
  const previous = facts.previousHealth;
  const decline = previous === null ? 0 : round1(previous - health.score);
  return {
    daysToRenewal: days,
    contractStatus: status,
    stage: days === null ? null : stageForDays(days, settings),
    renewalDay: contract === null ? null : contract.renewalDay,
    usageTrendPct: trend,
    seatUtilisation: utilisation,
    sentiment: sentimentLabel(facts.sentimentMean, settings),
    sentimentMean: facts.sentimentMean,
    healthScore: health.score,
    healthComponents: health.components,
    healthDecline: nonNegative(decline),
    riskScore: riskScore(
      {
        health: health.score,
        usageTrendPct: trend,
        sentimentMean: facts.sentimentMean,
        contractStatus: status,
      },
      settings,
    ),
    opportunityScore: opportunityScore(
      {
        usageTrendPct: trend,
        health: health.score,
        seatUtilisation: utilisation,
        contractStatus: status,
      },
      settings,
    ),
    arr: facts.arr,
    strategic: facts.strategic,
    accountPlan: facts.accountPlan,
  };
}

export interface CustomerEvaluation {
  assessment: CustomerAssessment;
  /** The customer's priority; every decision of this customer carries it. */
  priority: Priority;
  decisions: WorkflowDecision[];
}

/**
 * `assessCustomer`, then `decideWorkflows` and `priorityScore` on its result: what the daily
 * run needs per customer in one call. The priority is per customer (its inputs are), so it
 * is computed once and applies to each decision.
 */
export function evaluateCustomer(
  facts: CustomerFacts,
  settings: DomainSettings = DEFAULT_SETTINGS,
): CustomerEvaluation {
  const assessment = assessCustomer(facts, settings);
  return {
    assessment,
    priority: priorityScore(priorityInputsOf(assessment), settings),
    decisions: decideWorkflows(assessment, settings),
  };
}
