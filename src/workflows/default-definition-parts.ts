/**
 * The building blocks of the default definitions: each slide's usual variables and the
 * shapes shared by the renewal, risk and opportunity workflows.
 */
import type { SlideContextInput, WorkflowDefinition } from './definitions.ts';

export type Contexts = Record<string, SlideContextInput>;

export const intro = (purpose: string, closing: string, urgencyNote?: string): Contexts => ({
  intro: { variables: { purpose, closing, ...(urgencyNote ? { urgencyNote } : {}) } },
});
export const email = (subject: string, message: string, callToAction: string): Contexts => ({
  'email-draft': { variables: { subject, message, callToAction } },
});
export const summary = (outcome: string, nextSteps: string[], followUpDays = 7): Contexts => ({
  summary: {
    variables: { outcome },
    settings: {
      nextSteps,
      followUps: [{ title: 'Follow up with {{championName}}', inDays: followUpDays }],
    },
  },
});

export const RENEWAL_SLIDES = [
  'intro',
  'account-overview',
  'pricing-strategy',
  'prepare-quote',
  'email-draft',
  'summary',
];
/** No time to negotiate price: renew on today's terms. */
export const SHORT_RENEWAL_SLIDES = [
  'intro',
  'account-overview',
  'prepare-quote',
  'email-draft',
  'summary',
];
export const RISK_SLIDES = ['intro', 'risk-assessment', 'save-plan', 'summary'];
export const OPPORTUNITY_SLIDES = ['intro', 'expansion-opportunity', 'pricing-strategy', 'summary'];

export function renewal(
  name: string,
  description: string,
  slides: string[],
  urgencyNote: string | undefined,
  callToAction: string,
  followUpDays: number,
): Omit<WorkflowDefinition, 'workflow_id'> {
  return {
    name,
    description,
    slide_sequence: slides,
    slide_contexts: {
      ...intro('work through the renewal', "Let's make this renewal excellent.", urgencyNote),
      ...(slides.includes('pricing-strategy')
        ? {}
        : { 'prepare-quote': { settings: { priceFrom: 'current' } } }),
      ...email(
        'Your {{customerName}} renewal',
        'Your renewal comes up on {{renewalDate}}, and I have put together a proposal that reflects how your team uses the platform today.',
        callToAction,
      ),
      ...summary(
        'the renewal quote and email are ready',
        ['Send the quote to {{championName}}', 'Log the renewal status in the CRM'],
        followUpDays,
      ),
    },
  };
}

export const risk = (
  name: string,
  purpose: string,
  focus: string,
): Omit<WorkflowDefinition, 'workflow_id'> => ({
  name,
  description: 'Find what is behind the risk and agree a save plan.',
  slide_sequence: RISK_SLIDES,
  slide_contexts: {
    ...intro(purpose, "Let's turn this account around."),
    'save-plan': { variables: { planFocus: focus } },
    ...summary('the save plan is agreed', ['Run the first play of the save plan'], 3),
  },
});

export const opportunity = (
  name: string,
  purpose: string,
): Omit<WorkflowDefinition, 'workflow_id'> => ({
  name,
  description: 'Size an expansion and price it.',
  slide_sequence: OPPORTUNITY_SLIDES,
  slide_contexts: {
    ...intro(purpose, "Let's grow this account."),
    ...summary('the expansion is sized and priced', [
      'Bring the expansion proposal to {{championName}}',
    ]),
  },
});
