/**
 * The global definition of every workflow type of PRODUCT.md §3, kept as code and stored by
 * `syncShippedDefinitions` whenever a database is opened (company_id NULL). A company overrides one with its own row.
 * Renewals follow the seed's six slides, shorter and blunter as the renewal gets closer.
 */
import { WORKFLOW_TYPES, type WorkflowType } from '../domain/index.ts';
import {
  email,
  intro,
  opportunity,
  RENEWAL_SLIDES,
  renewal,
  risk,
  SHORT_RENEWAL_SLIDES,
  summary,
} from './default-definition-parts.ts';
import type { WorkflowDefinition } from './definitions.ts';

const DEFINITIONS: Record<WorkflowType, Omit<WorkflowDefinition, 'workflow_id'>> = {
  'emergency-retention': renewal(
    'Emergency retention',
    'The renewal is days away (or lapsed): renew on current terms now.',
    SHORT_RENEWAL_SLIDES,
    'This one cannot wait.',
    'Can we speak today to get the renewal signed?',
    1,
  ),
  'critical-intervention': renewal(
    'Critical intervention',
    'Two weeks to renewal: settle price and paper this week.',
    RENEWAL_SLIDES,
    'Time is short: two weeks or less.',
    'Could we meet in the next two days to agree the renewal?',
    2,
  ),
  'urgent-action': renewal(
    'Urgent action',
    'A month to renewal: send the quote now.',
    RENEWAL_SLIDES,
    'The renewal is within a month.',
    'Could we find 30 minutes this week to walk through the renewal?',
    3,
  ),
  'contract-finalization': renewal(
    'Contract finalization',
    'One to two months out: finalise the contract.',
    SHORT_RENEWAL_SLIDES,
    undefined,
    'Could you confirm who signs on your side so we can send the paperwork?',
    5,
  ),
  'negotiation-prep': renewal(
    'Negotiation prep',
    'Two to three months out: prepare the negotiation.',
    RENEWAL_SLIDES,
    undefined,
    'Could we find an hour in the next two weeks to talk about the renewal?',
    7,
  ),
  'standard-renewal': renewal(
    'Standard renewal',
    'Three to four months out: the standard renewal.',
    RENEWAL_SLIDES,
    undefined,
    'Could we find 30 minutes in the coming weeks to talk about the renewal?',
    7,
  ),
  'renewal-preparation': {
    name: 'Renewal preparation',
    description: 'Four to six months out: review the account and plan the price early.',
    slide_sequence: ['intro', 'account-overview', 'pricing-strategy', 'email-draft', 'summary'],
    slide_contexts: {
      ...intro('prepare the renewal', "Let's get ahead of this renewal."),
      ...email(
        'Planning ahead with {{customerName}}',
        'Your renewal is some months away, and I would like to review your goals for next year with you well before then.',
        'Would you have time for a planning call next month?',
      ),
      ...summary('the renewal plan is ready', ['Book the planning call with {{championName}}'], 14),
    },
  },
  'strategic-planning': {
    name: 'Strategic planning',
    description: "The seed's narrative: plan a strategic account's renewal a year out.",
    slide_sequence: RENEWAL_SLIDES,
    slide_contexts: {
      ...intro('plan the renewal', "Let's make this renewal excellent."),
      ...email(
        'Planning next year with {{customerName}}',
        'As we look at next year together, I have put together a proposal that reflects the value your team is getting.',
        'Could we find 30 minutes next week to walk through it?',
      ),
      ...summary('the renewal plan, quote and email are ready', [
        'Follow up with finance on pricing approval',
        'Schedule a call with {{championName}}',
      ]),
    },
  },
  'risk-in-band': risk(
    'Risk before renewal',
    'save the renewal',
    'win the account back before the renewal',
  ),
  'risk-out-of-band': risk(
    'Risk intervention',
    'turn the account around',
    'fix what is going wrong long before the renewal',
  ),
  'opportunity-in-band': opportunity('Expansion at renewal', 'fold an expansion into the renewal'),
  'opportunity-out-of-band': opportunity('Expansion opportunity', 'develop an expansion'),
  'risk-escalation': {
    name: 'Risk escalation',
    description: 'A high or urgent ticket came in: get ahead of it.',
    slide_sequence: ['intro', 'escalation-review', 'save-plan', 'summary'],
    slide_contexts: {
      ...intro(
        'handle an escalation',
        "Let's get ahead of it.",
        'A high-priority ticket just came in.',
      ),
      'save-plan': { variables: { planFocus: 'fix the issue and keep their trust' } },
      ...summary('the escalation is in hand', ['Confirm the fix with {{championName}}'], 2),
    },
  },
  'opportunity-usage-spike': {
    name: 'Usage spike',
    description: 'Usage jumped: find out why and size the expansion.',
    slide_sequence: [
      'intro',
      'expansion-opportunity',
      'pricing-strategy',
      'email-draft',
      'summary',
    ],
    slide_contexts: {
      ...intro(
        'follow up on a usage spike',
        "Let's find out what is driving it.",
        'Usage just jumped.',
      ),
      ...email(
        'Your team is growing on {{customerName}}',
        'We noticed a lot more of your team using the platform lately, which is great to see.',
        'Could we talk about what is driving it and whether you need more seats?',
      ),
      ...summary('the expansion conversation is started', [
        'Size the seat increase with {{championName}}',
      ]),
    },
  },
  'executive-contact-loss': {
    name: 'Executive contact loss',
    description: 'A champion or executive left: rebuild the relationship.',
    slide_sequence: ['intro', 'relationship-rebuild', 'email-draft', 'summary'],
    slide_contexts: {
      ...intro(
        'rebuild the relationship',
        "Let's find our next sponsor.",
        'A key contact just left.',
      ),
      ...email(
        'Staying in touch with {{customerName}}',
        'With the recent changes on your team, I want to make sure we keep supporting you just as well.',
        'Could you introduce me to whoever now owns the relationship with us?',
      ),
      ...summary('the relationship plan is started', ['Meet the new sponsor'], 5),
    },
  },
};

/** The global default definitions, one per workflow type, in WORKFLOW_TYPES order. */
export const DEFAULT_DEFINITIONS: readonly WorkflowDefinition[] = WORKFLOW_TYPES.map((type) => ({
  workflow_id: type,
  ...DEFINITIONS[type],
}));
