import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber } from './days.ts';
import { type DecisionFacts, decideWorkflows } from './decide.ts';
import { contactEventWorkflow, ticketEventWorkflow, usageEventWorkflow } from './events.ts';
import { DEFAULT_SETTINGS, resolveSettings } from './settings.ts';
import { contractStatus } from './stage.ts';
import { AS_OF, decisionFacts } from './test-arbitraries.ts';
import {
  RENEWAL_WORKFLOW_BY_STAGE,
  WORKFLOW_TRIGGER,
  WORKFLOW_TYPES,
  type WorkflowType,
} from './workflow-types.ts';

const t = DEFAULT_SETTINGS.triggers;
const st = DEFAULT_SETTINGS.stages;
const prep = DEFAULT_SETTINGS.preparationWindow;

/** Facts with a contract `days` out, scores below both triggers unless given. */
function factsAt(days: number | null, change: Partial<DecisionFacts> = {}): DecisionFacts {
  return {
    riskScore: 0,
    opportunityScore: 0,
    daysToRenewal: days,
    contractStatus: days === null ? 'none' : contractStatus({ status: null, daysToRenewal: days }),
    renewalDay: days === null ? null : AS_OF + days,
    accountPlan: null,
    ...change,
  };
}
const types = (facts: DecisionFacts, settings = DEFAULT_SETTINGS) =>
  decideWorkflows(facts, settings).map((d) => d.type);

describe('decideWorkflows: renewal and preparation by days', () => {
  it.each([
    [-30, ['emergency-retention']],
    [-1, ['emergency-retention']],
    [0, ['emergency-retention']],
    [st.emergencyMaxDays, ['emergency-retention']],
    [st.emergencyMaxDays + 1, ['critical-intervention']],
    [st.criticalMaxDays, ['critical-intervention']],
    [st.criticalMaxDays + 1, ['urgent-action']],
    [st.urgentMaxDays, ['urgent-action']],
    [st.urgentMaxDays + 1, ['contract-finalization']],
    [st.finalizeMaxDays, ['contract-finalization']],
    [st.finalizeMaxDays + 1, ['negotiation-prep']],
    [st.negotiateMaxDays, ['negotiation-prep']],
    [st.negotiateMaxDays + 1, ['standard-renewal']],
    [st.activeMaxDays, ['standard-renewal']],
    [prep.minDays, ['renewal-preparation']],
    [prep.maxDays, ['renewal-preparation']],
    [prep.maxDays + 1, []],
    [365, []],
    [null, []],
  ] as [number | null, WorkflowType[]][])('%s days → %j', (days, expected) => {
    expect(types(factsAt(days))).toEqual(expected);
  });

  it('keeps the defaults of §3 (renewal ≤ 120, preparation 121-180)', () => {
    expect([st.activeMaxDays, prep.minDays, prep.maxDays]).toEqual([120, 121, 180]);
  });

  it('gives renewed and churned contracts no renewal or preparation workflow', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -400, max: 800 }),
        fc.constantFrom('renewed', 'churned'),
        (days, status) => {
          const decided = decideWorkflows(factsAt(days, { contractStatus: status }));
          expect(
            decided.filter((d) => d.trigger === 'renewal' || d.trigger === 'preparation'),
          ).toEqual([]);
        },
      ),
    );
  });

  it('keeps one cycle key across the stages of one renewal cycle', () => {
    const renewalDay = dayNumber('2026-11-25');
    const keys = new Set<string>();
    for (let days = prep.maxDays; days >= -10; days--) {
      for (const d of decideWorkflows(factsAt(days, { renewalDay }))) keys.add(d.cycleKey);
    }
    expect([...keys]).toEqual(['renewal:2026-11-25']);
  });

  it('follows a moved preparation window', () => {
    const settings = resolveSettings({ preparationWindow: { maxDays: 240 } });
    expect(types(factsAt(settings.preparationWindow.maxDays), settings)).toEqual([
      'renewal-preparation',
    ]);
    expect(types(factsAt(settings.preparationWindow.maxDays + 1), settings)).toEqual([]);
  });
});

describe('decideWorkflows: risk, opportunity, strategic', () => {
  const risky = { riskScore: t.riskScoreAtLeast };
  const promising = { opportunityScore: t.opportunityScoreAtLeast };
  it.each([
    ['risk just below the trigger', factsAt(365, { riskScore: t.riskScoreAtLeast - 0.1 }), []],
    [
      'risk at the trigger, out of band',
      factsAt(t.inBandWithinDays + 1, risky),
      ['risk-out-of-band', 'renewal-preparation'],
    ],
    [
      'risk at the trigger, in band',
      factsAt(t.inBandWithinDays, risky),
      ['risk-in-band', 'standard-renewal'],
    ],
    ['risk on an expired contract', factsAt(-5, risky), ['risk-in-band', 'emergency-retention']],
    ['risk without a contract', factsAt(null, risky), ['risk-out-of-band']],
    [
      'opportunity below the trigger',
      factsAt(365, { opportunityScore: t.opportunityScoreAtLeast - 0.1 }),
      [],
    ],
    ['opportunity out of band', factsAt(365, promising), ['opportunity-out-of-band']],
    [
      'opportunity in band',
      factsAt(45, promising),
      ['opportunity-in-band', 'contract-finalization'],
    ],
    ['strategic plan invest', factsAt(365, { accountPlan: 'invest' }), ['strategic-planning']],
    [
      'strategic plan expand, no contract',
      factsAt(null, { accountPlan: 'expand' }),
      ['strategic-planning'],
    ],
    ['plan maintain', factsAt(365, { accountPlan: 'maintain' }), []],
    ['plan at_risk', factsAt(365, { accountPlan: 'at_risk' }), []],
    [
      'renewed: risk and opportunity out of band, strategic',
      factsAt(30, { ...risky, ...promising, contractStatus: 'renewed', accountPlan: 'expand' }),
      ['risk-out-of-band', 'opportunity-out-of-band', 'strategic-planning'],
    ],
    [
      'churned: nothing',
      factsAt(30, { ...risky, ...promising, contractStatus: 'churned', accountPlan: 'expand' }),
      [],
    ],
  ] as [string, DecisionFacts, WorkflowType[]][])('%s', (_name, facts, expected) => {
    expect(types(facts)).toEqual(expected);
  });

  it('names cycles by band and renewal date', () => {
    const renewalDay = dayNumber('2027-11-25');
    const facts = factsAt(365, { ...risky, ...promising, accountPlan: 'expand', renewalDay });
    expect(decideWorkflows(facts).map((d) => [d.type, d.cycleKey, d.stage])).toEqual([
      ['risk-out-of-band', 'out-of-band:2027-11-25', 'strategic'],
      ['opportunity-out-of-band', 'out-of-band:2027-11-25', 'strategic'],
      ['strategic-planning', '2027-11-25', 'strategic'],
    ]);
    expect(
      decideWorkflows(factsAt(null, { ...risky, accountPlan: 'invest' })).map((d) => d.cycleKey),
    ).toEqual(['out-of-band:none', 'none']);
  });
});

describe('decideWorkflows: properties', () => {
  it('fires risk and opportunity exactly when the scores reach the triggers', () => {
    fc.assert(
      fc.property(decisionFacts, (facts) => {
        const triggers = decideWorkflows(facts).map((d) => d.trigger);
        const alive = facts.contractStatus !== 'churned';
        expect(triggers.includes('risk')).toBe(alive && facts.riskScore >= t.riskScoreAtLeast);
        expect(triggers.includes('opportunity')).toBe(
          alive && facts.opportunityScore >= t.opportunityScoreAtLeast,
        );
        const renewable =
          alive && facts.contractStatus !== 'renewed' && facts.daysToRenewal !== null;
        expect(triggers.includes('renewal')).toBe(
          renewable && facts.daysToRenewal! <= st.activeMaxDays,
        );
      }),
    );
  });

  it('gives each decision the trigger of its type, at most one per type', () => {
    fc.assert(
      fc.property(decisionFacts, (facts) => {
        const decided = decideWorkflows(facts);
        for (const d of decided) expect(d.trigger).toBe(WORKFLOW_TRIGGER[d.type]);
        expect(new Set(decided.map((d) => d.type)).size).toBe(decided.length);
        expect(decided.filter((d) => d.trigger === 'renewal').length).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('moves the risk trigger with the setting', () => {
    const settings = resolveSettings({ triggers: { riskScoreAtLeast: 5 } });
    const at = settings.triggers.riskScoreAtLeast;
    expect(types(factsAt(365, { riskScore: at }), settings)).toEqual(['risk-out-of-band']);
    expect(types(factsAt(365, { riskScore: at - 0.1 }), settings)).toEqual([]);
  });
});

describe('workflow types', () => {
  it('are all reachable: by the matrix or by an event', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(decisionFacts, (facts) => {
        for (const d of decideWorkflows(facts)) reached.add(d.type);
      }),
      { numRuns: 2000 },
    );
    for (const type of Object.values(RENEWAL_WORKFLOW_BY_STAGE)) expect(reached).toContain(type);
    reached.add(ticketEventWorkflow('urgent')!);
    reached.add(usageEventWorkflow(100, 10)!);
    reached.add(contactEventWorkflow({ role: 'champion', wasActive: true, active: false })!);
    expect([...reached].sort()).toEqual([...WORKFLOW_TYPES].sort());
  });
});
