/**
 * Slide 2 of a renewal: contract summary, contacts, usage and the health timeline, with a
 * checklist the CSM completes before going on (seed, Layer 10, "Account Overview").
 */
import { z } from 'zod';
import { formatMoney } from '../src/domain/index.ts';
import { standardContextShape } from './context.ts';
import { type Artifact, defineSlide } from './define.ts';

export const ACCOUNT_CHECKLIST = [
  { id: 'contract-terms', label: 'Reviewed contract terms' },
  { id: 'key-contacts', label: 'Verified key contacts' },
  { id: 'usage-trends', label: 'Checked usage trends' },
];

function contractFacts(c: z.infer<typeof schema>): Artifact {
  const items = c.contract
    ? [
        { label: 'Term', value: `${c.contract.startDate} to ${c.contract.renewalDate}` },
        { label: 'Contract ARR', value: formatMoney(c.contract.arr) },
        { label: 'Status', value: c.contract.status },
        { label: 'Auto-renew', value: c.contract.autoRenew ? 'yes' : 'no' },
        ...c.contract.terms.map((t) => ({ label: t.name, value: t.value })),
      ]
    : [{ label: 'Contract', value: 'no current contract' }];
  return { kind: 'facts', title: 'Contract summary', items };
}

const schema = z.object({ ...standardContextShape });

export const accountOverviewSlide = defineSlide({
  id: 'account-overview',
  title: 'Account overview',
  contextSchema: schema,
  chat:
    "Here's the complete account overview for {{customerName}}: the contract, who we work " +
    'with, usage ({{usageChange usageTrendPct}} over 30 days) and how health has moved. ' +
    'Tick each item of the checklist to go on.',
  gate: { kind: 'checklist-complete' },
  artifacts: (c) => [
    contractFacts(c),
    {
      kind: 'list',
      title: 'Contacts',
      items: c.contacts.map(
        (p) =>
          `${p.name}${p.title ? `, ${p.title}` : ''} (${p.role}${p.active ? '' : ', inactive'})`,
      ),
    },
    {
      kind: 'facts',
      title: 'Usage',
      items: [
        { label: 'Trend (30 days)', value: `${Math.round(c.usageTrendPct)}%` },
        { label: 'Seats', value: String(c.seats) },
        {
          label: 'Seats in use',
          value:
            c.seatUtilisation === undefined ? 'unknown' : `${Math.round(c.seatUtilisation * 100)}%`,
        },
      ],
    },
    {
      kind: 'timeline',
      title: 'Health score',
      points: c.healthTimeline.map((p) => ({ asOf: p.asOf, value: p.healthScore })),
    },
    { kind: 'checklist', title: 'Before we go on', items: ACCOUNT_CHECKLIST, required: true },
  ],
});
