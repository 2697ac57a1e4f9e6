/**
 * The body of an event (PRODUCT.md §7): `{ type, id, customer, occurred_at, data }`, `data`
 * by type. Unknown extra fields are ignored, so senders may add their own. A body that does
 * not fit is answered with the first field at fault, as a dotted path (`data.priority`).
 */
import { z } from 'zod';
import { SENTIMENT_NEGATIVE, SENTIMENT_NEUTRAL, SENTIMENT_POSITIVE } from '../import/values.ts';

const MAX_INT = 2_147_483_647;
const text = (max: number) => z.string().trim().min(1, 'expected a non-empty string').max(max);

const sentiment = z.union(
  [
    z.number().min(-1).max(1),
    z
      .enum(['positive', 'neutral', 'negative'])
      .transform((word) =>
        word === 'positive'
          ? SENTIMENT_POSITIVE
          : word === 'negative'
            ? SENTIMENT_NEGATIVE
            : SENTIMENT_NEUTRAL,
      ),
  ],
  { error: 'expected a number from -1 to 1, or positive, neutral or negative' },
);

const envelope = {
  id: text(200),
  customer: text(200),
  occurred_at: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' }),
};

const ticketCreated = z.object({
  type: z.literal('ticket.created'),
  ...envelope,
  data: z.object({
    external_id: text(200).optional(),
    priority: z.enum(['low', 'normal', 'high', 'urgent']),
    status: z.enum(['open', 'pending', 'solved']).optional(),
    subject: z.string().max(1000).optional(),
    sentiment: sentiment.optional(),
  }),
});

const usageReported = z.object({
  type: z.literal('usage.reported'),
  ...envelope,
  data: z.object({
    date: z.iso.date({ error: 'expected a date as YYYY-MM-DD' }).optional(),
    active_users: z.number().int().min(0).max(MAX_INT),
    events: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  }),
});

const contactChanged = z.object({
  type: z.literal('contact.changed'),
  ...envelope,
  data: z.object({
    external_id: text(200),
    name: text(200).optional(),
    email: z.email().optional(),
    title: z.string().max(200).optional(),
    role: z.enum(['champion', 'executive', 'user', 'billing']).optional(),
    active: z.boolean(),
  }),
});

export const eventSchema = z.discriminatedUnion(
  'type',
  [ticketCreated, usageReported, contactChanged],
  { error: 'expected ticket.created, usage.reported or contact.changed' },
);

export type TicketEvent = z.output<typeof ticketCreated>;
export type ContactEvent = z.output<typeof contactChanged>;
/** A usage event always has its day: `data.date`, or the day `occurred_at` is written on. */
export type UsageEvent = z.output<typeof usageReported> & {
  data: { date: string };
};
export type RenubuEvent = TicketEvent | UsageEvent | ContactEvent;
export type EventType = RenubuEvent['type'];

export type ParsedEvent =
  | { ok: true; event: RenubuEvent }
  | { ok: false; field: string; message: string };

/** Validate a parsed JSON body; on failure name the first field at fault. */
export function parseEvent(body: unknown): ParsedEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, field: 'body', message: 'expected a JSON object' };
  }
  const result = eventSchema.safeParse(body);
  if (!result.success) {
    const [issue] = result.error.issues;
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
    return { ok: false, field, message: issue?.message ?? 'invalid body' };
  }
  const event = result.data;
  if (event.type !== 'usage.reported') return { ok: true, event };
  // the calendar day as the sender wrote it, before its offset: that is the sender's day
  const date = event.data.date ?? event.occurred_at.slice(0, 10);
  return { ok: true, event: { ...event, data: { ...event.data, date } } };
}
