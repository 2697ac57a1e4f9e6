/**
 * Why a customer is at risk, signal by signal, and a checklist to confirm the root cause
 * before planning the save (risk-in-band, risk-out-of-band).
 */
import { z } from 'zod';
import { formatMoney, plural } from '../src/domain/index.ts';
import { standardContextShape } from './context.ts';
import { defineSlide } from './define.ts';
import { healthPoints, usageBand, usageChangeWord, WORDING_BANDS } from './wording.ts';

const schema = z.object({ ...standardContextShape });

/** The risk signals that are actually present, in words. */
export function riskSignals(c: z.infer<typeof schema>): string[] {
  const signals: string[] = [];
  if (usageBand(c.usageTrendPct) === 'declining') {
    signals.push(`usage ${usageChangeWord(c.usageTrendPct)} in 30 days`);
  }
  if (healthPoints(c.healthScore) < WORDING_BANDS.healthRiskSignalBelow) {
    signals.push(`health score ${healthPoints(c.healthScore)}`);
  }
  if (c.sentiment === 'negative') signals.push('negative support sentiment');
  if (c.urgentOpenTickets > 0)
    signals.push(`${plural(c.urgentOpenTickets, 'high or urgent ticket')} open`);
  if (!c.hasChampion) signals.push('no active champion or executive');
  if (c.daysToRenewal !== undefined && c.daysToRenewal < 0) signals.push('contract expired');
  return signals.length > 0 ? signals : [`risk score ${c.riskScore}/10`];
}

export const riskAssessmentSlide = defineSlide({
  id: 'risk-assessment',
  title: 'Risk assessment',
  contextSchema: schema,
  chat:
    '{{customerName}} is at risk: risk score {{riskScore}}/10, health {{score healthScore}}, ' +
    '{{trend usageTrendPct}} and {{sentiment}} support sentiment, with {{money arr}} ARR at stake' +
    '{{#if daysToRenewal includeZero=true}} and the renewal {{days daysToRenewal}}{{/if}}. ' +
    "Let's confirm what is behind it.",
  gate: { kind: 'checklist-complete' },
  artifacts: (c) => [
    {
      kind: 'facts',
      title: 'Risk signals',
      items: [
        { label: 'Risk score', value: `${c.riskScore}/10` },
        { label: 'Health score', value: String(c.healthScore) },
        { label: 'ARR at stake', value: formatMoney(c.arr) },
        { label: 'Open tickets', value: `${c.openTickets} (${c.urgentOpenTickets} high/urgent)` },
      ],
    },
    { kind: 'list', title: 'What drives the risk', items: riskSignals(c) },
    {
      kind: 'list',
      title: 'Recent tickets',
      items: c.recentTickets.map((t) => `${t.openedOn} ${t.priority} (${t.status}): ${t.subject}`),
    },
    {
      kind: 'timeline',
      title: 'Health score',
      points: c.healthTimeline.map((p) => ({ asOf: p.asOf, value: p.healthScore })),
    },
    {
      kind: 'checklist',
      title: 'Root cause',
      required: true,
      items: [
        { id: 'signals-reviewed', label: 'Reviewed the risk signals' },
        { id: 'tickets-reviewed', label: 'Read the recent tickets' },
        { id: 'root-cause', label: 'Named the most likely root cause' },
      ],
    },
  ],
});
