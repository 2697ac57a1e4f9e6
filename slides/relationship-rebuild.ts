/**
 * Executive contact loss (PRODUCT.md §7, `contact.changed`): who is left, and the checklist
 * to find and win a new sponsor before the gap shows up in the renewal.
 */
import { z } from 'zod';
import { standardContextShape } from './context.ts';
import { defineSlide } from './define.ts';

export const relationshipRebuildSlide = defineSlide({
  id: 'relationship-rebuild',
  title: 'Rebuild the relationship',
  contextSchema: z.object({ ...standardContextShape }),
  chat:
    '{{customerName}} has lost a key contact. ' +
    '{{#if hasChampion}}{{championName}} is our strongest remaining contact; start there.' +
    "{{else}}There's no active champion or executive left, so we need a new sponsor.{{/if}} " +
    '{{money arr}} ARR{{#if daysToRenewal includeZero=true}}, renewal {{days daysToRenewal}}{{/if}}.',
  gate: { kind: 'checklist-complete' },
  artifacts: (c) => [
    {
      kind: 'list',
      title: 'Active contacts',
      items: c.contacts
        .filter((p) => p.active)
        .map((p) => `${p.name}${p.title ? `, ${p.title}` : ''} (${p.role})`),
    },
    {
      kind: 'list',
      title: 'No longer active',
      items: c.contacts.filter((p) => !p.active).map((p) => `${p.name} (${p.role})`),
    },
    {
      kind: 'checklist',
      title: 'Rebuild',
      required: true,
      items: [
        { id: 'identify-successor', label: 'Identified who took over the role' },
        { id: 'ask-intro', label: `Asked ${c.championName} for an introduction` },
        { id: 'update-crm', label: 'Updated the contacts in the CRM' },
      ],
    },
  ],
});
