/**
 * The last slide of every workflow (seed, Layer 10, slide 6): what was done, the next-steps
 * checklist and the follow-up schedule that become tasks on Mark Complete.
 */
import { z } from 'zod';
import { standardContextShape } from './context.ts';
import { defineSlide } from './define.ts';
import { hydrate } from './templates.ts';

const schema = z.object({
  ...standardContextShape,
  /** One sentence on what this workflow achieved: `the renewal plan is ready`. */
  outcome: z.string().min(1),
  settings: z.object({
    /** Templates too: `Send the quote to {{championName}}`. */
    nextSteps: z.array(z.string().min(1)).default(['Log the outcome in the CRM']),
    followUps: z
      .array(z.object({ title: z.string().min(1), inDays: z.number().int().positive() }))
      .default([{ title: 'Check in with {{championName}}', inDays: 7 }]),
  }),
});

export const summarySlide = defineSlide({
  id: 'summary',
  title: 'Summary',
  contextSchema: schema,
  chat:
    "Excellent work, {{csmName}}! Here's what we accomplished for {{customerName}}: " +
    '{{outcome}}.{{#if decidedArr}} The agreed price is {{dollars decidedArr}} a year.{{/if}} Check the next steps and the follow-up schedule, then Mark Complete.',
  artifacts: (c) => {
    const context = c as unknown as Record<string, unknown>;
    return [
      {
        kind: 'summary',
        nextSteps: c.settings.nextSteps.map((step) => hydrate(step, context)),
        followUps: c.settings.followUps.map((f) => ({
          title: hydrate(f.title, context),
          inDays: f.inDays,
        })),
      },
    ];
  },
});
