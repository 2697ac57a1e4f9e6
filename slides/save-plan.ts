/**
 * The save plan for an account at risk: plays picked from the signals that are present
 * (usage, tickets, sponsor, renewal timing), each with a due date the CSM can keep or drop.
 */
import { z } from 'zod';
import { plural } from '../src/domain/index.ts';
import { standardContextShape } from './context.ts';
import { defineSlide } from './define.ts';
import { usageBand } from './wording.ts';

const schema = z.object({
  ...standardContextShape,
  /** What the plan aims for: `win back usage before the renewal`. */
  planFocus: z.string().min(1),
});

interface Play {
  id: string;
  label: string;
  inDays: number;
}

/** The plays that fit this account, most urgent first. */
export function savePlays(c: z.infer<typeof schema>): Play[] {
  const plays: Play[] = [];
  if (c.urgentOpenTickets > 0) {
    plays.push({
      id: 'resolve-tickets',
      label: 'Get the open high-priority tickets solved',
      inDays: 2,
    });
  }
  if (!c.hasChampion) {
    plays.push({ id: 'find-sponsor', label: 'Find a new sponsor at the customer', inDays: 5 });
  }
  plays.push({
    id: 'sponsor-call',
    label: `Call ${c.championName} about what is not working`,
    inDays: 3,
  });
  if (usageBand(c.usageTrendPct) === 'declining') {
    plays.push({ id: 'adoption', label: 'Run an adoption session for the main team', inDays: 10 });
  }
  if (c.daysToRenewal !== undefined && c.daysToRenewal <= 60) {
    plays.push({
      id: 'renewal-terms',
      label: 'Agree renewal terms that remove the risk',
      inDays: 14,
    });
  }
  plays.push({ id: 'review', label: 'Review the health score again', inDays: 30 });
  return plays;
}

export const savePlanSlide = defineSlide({
  id: 'save-plan',
  title: 'Save plan',
  contextSchema: schema,
  chat:
    "Let's put a save plan together for {{customerName}} to {{planFocus}}. " +
    "I've picked the plays that fit the signals; keep the ones you will run.",
  // The plays the CSM keeps (ticks) become follow-up tasks at Mark Complete, which belongs to
  // the workflow's last step (the summary), never to this one.
  artifacts: (c) => [
    {
      kind: 'checklist',
      title: 'Save plan',
      required: false,
      items: savePlays(c).map((p) => ({
        id: p.id,
        label: `${p.label} (in ${plural(p.inDays, 'day')})`,
        followUpInDays: p.inDays,
      })),
    },
  ],
});
