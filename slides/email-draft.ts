/**
 * A personalised email to the customer's champion (seed, Layer 10, slide 5): "Hi Marcus, …".
 * Edited in the composer modal, then sent over SMTP (with the quote) or saved as a draft.
 */
import { z } from 'zod';
import { standardContextShape } from './context.ts';
import { defineSlide } from './define.ts';

export const emailDraftSlide = defineSlide({
  id: 'email-draft',
  title: 'Email draft',
  contextSchema: z.object({
    ...standardContextShape,
    /** The subject line: `Your {{customerName}} renewal`. */
    subject: z.string().min(1),
    /** One paragraph after the usage highlights: why we write. */
    message: z.string().min(1),
    /** The ask that ends the email. */
    callToAction: z.string().min(1),
  }),
  templates: {
    subject: '{{subject}}',
    body:
      'Hi {{championFirstName}},\n\n' +
      'Thank you for the partnership this year. {{usageHighlight usageTrendPct}}' +
      '{{#if seatUtilisation}}, with {{share seatUtilisation}} of your ' +
      '{{plural seats "seat"}} in use{{/if}}.\n\n{{message}}' +
      '{{#if decidedArr}} The attached quote renews your subscription at {{dollars decidedArr}} ' +
      'a year.{{/if}}\n\n{{callToAction}}\n\nBest,\n{{csmFullName}}',
  },
  chat:
    "Here's a personalised email for {{championName}}{{#if championTitle}} ({{championTitle}}){{/if}}. " +
    'Review and edit it, then send it or save it as a draft.',
  artifacts: (c, text) => [
    {
      kind: 'email-draft',
      to: c.championEmail
        ? { name: c.championName, email: c.championEmail }
        : { name: c.championName },
      subject: text.subject,
      body: text.body,
    },
  ],
});
