/**
 * Slide 1 of every workflow: the greeting, why we are here, and the account in four numbers
 * (seed, Layer 10: "Good morning! Let's plan the renewal for Obsidian Black…").
 */
import { z } from 'zod';
import { formatMoney, plural } from '../src/domain/index.ts';
import { standardContextShape } from './context.ts';
import { defineSlide } from './define.ts';
import { healthPoints } from './wording.ts';

export const introSlide = defineSlide({
  id: 'intro',
  title: 'Introduction',
  contextSchema: z.object({
    ...standardContextShape,
    /** What this workflow does, after "Let's": `plan the renewal`. */
    purpose: z.string().min(1),
    /** The last sentence: `Let's make this renewal excellent.` */
    closing: z.string().min(1),
    /** Said first when time is short: `The renewal is in 5 days.` */
    urgencyNote: z.string().default(''),
    summaryTitle: z.string().min(1).default('Account summary'),
  }),
  chat:
    'Good {{timeOfDay}}, {{csmName}}! {{#if urgencyNote}}{{urgencyNote}} {{/if}}' +
    "Let's {{purpose}} for {{customerName}}. They're at {{money arr}} ARR" +
    '{{#if daysToRenewal includeZero=true}} with {{plural daysToRenewal "day" "days"}} until renewal{{/if}}. ' +
    '{{relationship healthScore usageTrendPct}} {{closing}}',
  artifacts: (c) => [
    {
      kind: 'facts',
      title: c.summaryTitle,
      items: [
        { label: 'Current ARR', value: formatMoney(c.arr) },
        { label: 'Health score', value: String(healthPoints(c.healthScore)) },
        {
          label: 'Renewal',
          value:
            c.daysToRenewal === undefined
              ? 'no current contract'
              : `${plural(c.daysToRenewal, 'day')} (${c.renewalDate})`,
        },
        { label: 'Usage trend (30 days)', value: `${Math.round(c.usageTrendPct)}%` },
        { label: 'Risk / opportunity', value: `${c.riskScore}/10 · ${c.opportunityScore}/10` },
      ],
    },
  ],
});
