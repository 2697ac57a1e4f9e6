/**
 * A complete hydration context for checking definitions without a database: Obsidian Black
 * on the demo day, as the seed tells it ($185K ARR, 365 days, health 87, usage +20%).
 * `renubu definitions validate` composes every definition against it.
 */
import type { StandardContext } from '../../slides/context.ts';

export const SAMPLE_CONTEXT: StandardContext = {
  customerId: 'obsidian-black',
  customerName: 'Obsidian Black',
  csmName: 'Justin',
  csmFullName: 'Justin Strackany',
  csmEmail: 'justin@renubu.example',
  timeOfDay: 'morning',
  asOf: '2026-11-25',
  industry: 'Cybersecurity',
  accountPlan: 'expand',
  strategic: true,
  arr: 185_000,
  seats: 460,
  healthScore: 87,
  riskScore: 0,
  opportunityScore: 8.4,
  usageTrendPct: 20,
  seatUtilisation: 0.85,
  sentiment: 'positive',
  stage: 'strategic',
  hasRenewal: true,
  daysToRenewal: 365,
  renewalDate: '2027-11-25',
  contract: {
    startDate: '2025-11-25',
    renewalDate: '2027-11-25',
    arr: 185_000,
    status: 'active',
    autoRenew: false,
    terms: [{ name: 'Payment', value: 'Annual in advance' }],
  },
  hasChampion: true,
  championName: 'Marcus Chen',
  championFirstName: 'Marcus',
  championEmail: 'marcus.chen@obsidianblack.example',
  championTitle: 'VP Security Operations',
  executiveName: 'Elena Vasquez',
  contacts: [
    {
      name: 'Marcus Chen',
      email: 'marcus.chen@obsidianblack.example',
      title: 'VP Security Operations',
      role: 'champion',
      active: true,
    },
    {
      name: 'Elena Vasquez',
      title: 'Chief Information Security Officer',
      role: 'executive',
      active: true,
    },
  ],
  healthTimeline: [
    { asOf: '2026-10-26', healthScore: 84 },
    { asOf: '2026-11-25', healthScore: 87 },
  ],
  openTickets: 0,
  urgentOpenTickets: 0,
  recentTickets: [
    {
      subject: 'Feature request: scheduled SIEM exports',
      priority: 'normal',
      status: 'solved',
      openedOn: '2026-11-13',
    },
  ],
};
