import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHECKIN_DAYS,
  checkinLines,
  isDueForCheckin,
  modelCall,
  summarizeCheckins,
  UPSIDE_OPPORTUNITY_SCORE,
  UPSIDE_PRICE_CHANGE_PCT,
} from '../../src/feedback/checkin.ts';
import { AT_RISK_SCORE } from '../../src/feedback/forecast.ts';

const calm = { riskScore: 1, recommendedPct: 2, opportunityScore: 1 };

describe('modelCall', () => {
  it.each([
    ['risk at the trigger', { ...calm, riskScore: AT_RISK_SCORE }, 'at_risk'],
    ['risk just under the trigger', { ...calm, riskScore: AT_RISK_SCORE - 0.01 }, 'commit'],
    [
      'price change at the threshold',
      { ...calm, recommendedPct: UPSIDE_PRICE_CHANGE_PCT },
      'upside',
    ],
    ['price change under it', { ...calm, recommendedPct: UPSIDE_PRICE_CHANGE_PCT - 0.5 }, 'commit'],
    [
      'opportunity at the trigger',
      { ...calm, opportunityScore: UPSIDE_OPPORTUNITY_SCORE },
      'upside',
    ],
    [
      'opportunity under it',
      { ...calm, opportunityScore: UPSIDE_OPPORTUNITY_SCORE - 0.1 },
      'commit',
    ],
    ['never scored', { riskScore: null, recommendedPct: 0, opportunityScore: null }, 'commit'],
    [
      'risk wins over upside',
      { riskScore: AT_RISK_SCORE, recommendedPct: 10, opportunityScore: 9 },
      'at_risk',
    ],
  ] as const)('%s → %s', (_, input, call) => {
    expect(modelCall(input)).toBe(call);
  });

  it('is at_risk exactly when the risk score reaches the trigger', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: -20, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (riskScore, recommendedPct, opportunityScore) => {
          const call = modelCall({ riskScore, recommendedPct, opportunityScore });
          expect(call === 'at_risk').toBe(riskScore >= AT_RISK_SCORE);
        },
      ),
    );
  });
});

describe('isDueForCheckin', () => {
  it.each([
    ['2026-11-25', true],
    ['2027-02-23', true], // day 90
    ['2027-02-24', false], // day 91
    ['2026-11-24', false], // passed
  ])('%s from 2026-11-25 → %s', (day, due) => {
    expect(isDueForCheckin(day, '2026-11-25')).toBe(due);
    expect(CHECKIN_DAYS).toBe(90);
  });
});

describe('summarizeCheckins', () => {
  const row = (
    customerId: string,
    modelCall: 'commit' | 'at_risk',
    answer: 'commit' | 'at_risk' | null,
  ) => ({
    customerId,
    renewalDate: customerId === 'b' ? '2026-12-01' : '2026-12-20',
    modelCall,
    answer,
    csm: 'csm-ana',
  });

  it('counts answers and lists only answers that differ from the call, soonest first', () => {
    const summary = summarizeCheckins([
      row('a', 'commit', 'at_risk'),
      row('b', 'at_risk', 'commit'),
      row('c', 'commit', 'commit'),
      row('d', 'commit', null),
    ]);
    expect(summary.answered).toBe(3);
    expect(summary.disagreements.map((d) => d.customerId)).toEqual(['b', 'a']);
    expect(checkinLines(summary)).toEqual([
      'Check-in: 3 answered, 2 disagree with the model:',
      '  b (renews 2026-12-01, csm-ana): model at risk, CSM commit',
      '  a (renews 2026-12-20, csm-ana): model commit, CSM at risk',
    ]);
  });
});
