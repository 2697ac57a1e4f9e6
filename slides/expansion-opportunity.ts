/**
 * An expansion opportunity (opportunity workflows, usage spikes): the growth signals and how
 * many seats the account looks ready for.
 */
import { z } from 'zod';
import { standardContextShape } from './context.ts';
import { defineSlide } from './define.ts';

const schema = z.object({
  ...standardContextShape,
  settings: z.object({
    /** Seats to suggest beyond today's active users (percent). */
    headroomPct: z.number().min(0).max(200).default(20),
  }),
});

/** Active users today plus headroom, never fewer than the seats already bought. */
export function suggestedSeats(c: z.infer<typeof schema>): number {
  const active = Math.round((c.seatUtilisation ?? 0) * c.seats);
  return Math.max(c.seats, Math.ceil(active * (1 + c.settings.headroomPct / 100)));
}

export const expansionOpportunitySlide = defineSlide({
  id: 'expansion-opportunity',
  title: 'Expansion opportunity',
  contextSchema: schema,
  derive: (c) => ({ suggestedSeats: suggestedSeats(c), extraSeats: suggestedSeats(c) - c.seats }),
  chat:
    '{{customerName}} looks ready to grow: opportunity score {{opportunityScore}}/10 with ' +
    '{{trend usageTrendPct}}{{#if seatUtilisation}} and {{share seatUtilisation}} of seats in use{{/if}}. ' +
    '{{#if extraSeats}}They could use about {{plural extraSeats "more seat" "more seats"}}. {{/if}}' +
    "Let's size the opportunity.",
  artifacts: (c) => {
    const seats = suggestedSeats(c);
    return [
      {
        kind: 'facts',
        title: 'Growth signals',
        items: [
          { label: 'Opportunity score', value: `${c.opportunityScore}/10` },
          { label: 'Usage trend (30 days)', value: `${Math.round(c.usageTrendPct)}%` },
          {
            label: 'Seats in use',
            value:
              c.seatUtilisation === undefined
                ? `unknown of ${c.seats}`
                : `${Math.round(c.seatUtilisation * 100)}% of ${c.seats}`,
          },
          { label: 'Suggested seats', value: String(seats) },
        ],
      },
      {
        kind: 'checklist',
        title: 'Qualify the opportunity',
        required: false,
        items: [
          { id: 'confirm-need', label: `Confirm the need with ${c.championName}` },
          { id: 'find-budget', label: 'Find out who holds the budget' },
          { id: 'timing', label: 'Agree when to bring the proposal' },
        ],
      },
    ];
  },
});
