/**
 * The standard hydration variables every slide gets (PRODUCT.md §4): the customer, its CSM,
 * contract, contacts, scores and tickets as plain values. Loaded by src/workflows/context.ts;
 * a value the customer does not have (no contract, no champion) is left out, never null, so
 * a template that needs it fails loudly instead of printing a gap.
 */
import { z } from 'zod';
import { DAY_FORM, daySchema } from '../src/domain/dates.ts';
import { STAGES } from '../src/domain/index.ts';

const day = daySchema(DAY_FORM);

export const contactSchema = z.object({
  name: z.string().min(1),
  email: z.string().optional(),
  title: z.string().optional(),
  role: z.enum(['champion', 'executive', 'user', 'billing']),
  active: z.boolean(),
});

export const standardContextShape = {
  customerId: z.string().min(1),
  customerName: z.string().min(1),
  /** The CSM's first name: "Justin". */
  csmName: z.string().min(1),
  csmFullName: z.string().min(1),
  csmEmail: z.string().min(1),
  timeOfDay: z.enum(['morning', 'afternoon', 'evening']),
  asOf: day,
  industry: z.string().optional(),
  accountPlan: z.string().optional(),
  strategic: z.boolean(),
  arr: z.number().nonnegative(),
  seats: z.number().int().nonnegative(),
  healthScore: z.number().min(0).max(100),
  riskScore: z.number().min(0).max(10),
  opportunityScore: z.number().min(0).max(10),
  usageTrendPct: z.number(),
  seatUtilisation: z.number().nonnegative().optional(),
  sentiment: z.enum(['positive', 'neutral', 'negative']),
  stage: z.enum(STAGES).optional(),
  /** True when the customer has a current contract: daysToRenewal and renewalDate are set. */
  hasRenewal: z.boolean(),
  daysToRenewal: z.number().int().optional(),
  renewalDate: day.optional(),
  contract: z
    .object({
      startDate: day,
      renewalDate: day,
      arr: z.number().nonnegative(),
      status: z.string(),
      autoRenew: z.boolean(),
      terms: z.array(z.object({ name: z.string(), value: z.string() })),
    })
    .optional(),
  /** The active champion, else the active executive, else any active contact. */
  hasChampion: z.boolean(),
  championName: z.string().min(1),
  championFirstName: z.string().min(1),
  championEmail: z.string().optional(),
  championTitle: z.string().optional(),
  executiveName: z.string().optional(),
  contacts: z.array(contactSchema),
  /** Health score by day, oldest first. */
  healthTimeline: z.array(z.object({ asOf: day, healthScore: z.number() })),
  openTickets: z.number().int().nonnegative(),
  urgentOpenTickets: z.number().int().nonnegative(),
  /**
   * The price (new ARR) the CSM chose on the pricing step; set only once chosen, when the
   * steps after it are hydrated again (src/workflows/price.ts). Every later price is this.
   */
  decidedArr: z.number().positive().optional(),
  recentTickets: z.array(
    z.object({ subject: z.string(), priority: z.string(), status: z.string(), openedOn: day }),
  ),
};

export const standardContextSchema = z.object(standardContextShape);
export type StandardContext = z.infer<typeof standardContextSchema>;

/** From the CSM's local hour 0-23: morning 5-11, afternoon 12-16, else evening. */
export function timeOfDay(localHour: number): StandardContext['timeOfDay'] {
  if (localHour >= 5 && localHour < 12) return 'morning';
  if (localHour >= 12 && localHour < 17) return 'afternoon';
  return 'evening';
}
