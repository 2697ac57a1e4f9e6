/**
 * A risk escalation from an event (a high or urgent ticket, PRODUCT.md §7): the open tickets,
 * what is at stake, and the checklist of who to talk to before answering the customer.
 */
import { z } from 'zod';
import { formatMoney, plural } from '../src/domain/index.ts';
import { standardContextShape } from './context.ts';
import { defineSlide } from './define.ts';

export const escalationReviewSlide = defineSlide({
  id: 'escalation-review',
  title: 'Escalation review',
  contextSchema: z.object({ ...standardContextShape }),
  chat:
    'Escalation for {{customerName}}: {{plural urgentOpenTickets "high-priority ticket" ' +
    '"high-priority tickets"}} open and {{sentiment}} support sentiment, with {{money arr}} ARR ' +
    'at stake{{#if daysToRenewal includeZero=true}} and the renewal {{days daysToRenewal}}{{/if}}. ' +
    "Let's get ahead of it before {{championFirstName}} has to chase us.",
  gate: { kind: 'checklist-complete' },
  artifacts: (c) => [
    {
      kind: 'list',
      title: 'Recent tickets',
      items: c.recentTickets.map((t) => `${t.openedOn} ${t.priority} (${t.status}): ${t.subject}`),
    },
    {
      kind: 'facts',
      title: 'At stake',
      items: [
        { label: 'ARR', value: formatMoney(c.arr) },
        { label: 'Health score', value: String(c.healthScore) },
        { label: 'Risk score', value: `${c.riskScore}/10` },
        {
          label: 'Renewal',
          value:
            c.daysToRenewal === undefined ? 'no current contract' : plural(c.daysToRenewal, 'day'),
        },
      ],
    },
    {
      kind: 'checklist',
      title: 'Before answering the customer',
      required: true,
      items: [
        { id: 'read-ticket', label: 'Read the ticket and its history' },
        { id: 'support-lead', label: 'Talked to the support lead about a fix and a date' },
        { id: 'customer-told', label: `Told ${c.championName} what happens next` },
      ],
    },
  ],
});
