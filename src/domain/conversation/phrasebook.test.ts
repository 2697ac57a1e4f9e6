/**
 * The phrasebook (issue 16 item 6): what CSMs write, in a workflow's thread and in the DM,
 * with the intent and arguments each must be read as. Times are ISO instants for a fixed
 * `now`: Thursday 3 Dec 2026 15:00 UTC, which is 10:00 in New York (EST, UTC−5), 16:00 in
 * Berlin (CET, UTC+1), Friday 02:00 in Sydney (AEDT, UTC+11). A day with no time of day is
 * 09:00 local (UNTIMED_HOUR). Email replies (§12) use the same parser with where: 'thread'.
 */
import { describe, expect, it } from 'vitest';
import { type ConversationContext, type Understood, understand } from './index.ts';

const NOW = new Date('2026-12-03T15:00:00Z');
const NY = 'America/New_York';

const STEPS = [
  { index: 1, id: 'review-account', title: 'Review account', status: 'completed' },
  { index: 2, id: 'draft-email', title: 'Draft outreach email', status: 'in_progress' },
  { index: 3, id: 'pricing-strategy', title: 'Pricing strategy', status: 'pending' },
  { index: 4, id: 'send-quote', title: 'Send quote', status: 'pending' },
];
const BOOK = [
  { id: 'c-obsidian', name: 'Obsidian Black' },
  { id: 'c-acme-corp', name: 'Acme Corp' },
  { id: 'c-acme-labs', name: 'Acme Labs' },
  { id: 'c-cafe', name: 'Café Zürich' },
  { id: 'c-globex', name: 'Globex Corporation' },
  { id: 'c-smith', name: 'Smith & Sons' },
  { id: 'c-oreilly', name: "O'Reilly Media" },
];

const step = (n: number) => {
  const { status: _, ...ref } = STEPS[n - 1]!;
  return ref;
};
const snooze = (
  until: string | null,
  reason = '',
  more: { step?: number; event?: string } = {},
) => ({
  intent: 'snooze',
  until,
  untilEvent: more.event ?? null,
  reason,
  ...(more.step && { step: step(more.step) }),
});
const skip = (reason: string, exact: boolean, n?: number) => ({
  intent: 'skip',
  reason,
  exact,
  ...(n && { step: step(n) }),
});
const escalate = (reason: string, exact: boolean, n?: number) => ({
  intent: 'escalate',
  reason,
  exact,
  ...(n && { step: step(n) }),
});
const plain = (intent: string, n?: number) => ({ intent, ...(n && { step: step(n) }) });
const renewals = { intent: 'renewals', period: 'this-month' };
const unclear = (nearest: object | null) => ({ intent: 'unclear', nearest });
const one = (id: string) => ({ kind: 'one', customer: BOOK.find((c) => c.id === id) });
const several = (...ids: string[]) => ({
  kind: 'several',
  candidates: ids.map((id) => BOOK.find((c) => c.id === id)),
});
const none = { kind: 'none' };
const show = (customer: object) => ({ intent: 'show', customer });
const why = (customer: object) => ({ intent: 'why', customer });
const list = (filter: string) => ({ intent: 'list', filter });

/** Dates as ISO strings, undefined fields dropped: what the table can say. */
function shape(value: Understood): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

function read(text: string, where: 'thread' | 'dm', timeZone = NY): Record<string, unknown> {
  const ctx: ConversationContext = { where, now: NOW, timeZone, steps: STEPS, customers: BOOK };
  return shape(understand(text, ctx));
}

function check(got: Record<string, unknown>, want: Record<string, unknown>) {
  if (want.intent === 'unclear') {
    expect(got).toMatchObject(want);
    return;
  }
  if (want.intent === 'show' || want.intent === 'why') {
    expect(got).toMatchObject(want); // the match also carries the words it read
    return;
  }
  expect(got).toEqual(want);
}

// 09:00 EST is 14:00Z; now is 10:00 EST.
const THREAD: readonly (readonly [string, object])[] = [
  // snooze: natural times
  [
    'snooze till friday 9am waiting on legal',
    snooze('2026-12-04T14:00:00.000Z', 'waiting on legal'),
  ],
  [
    'snooze till monday 9am waiting on legal',
    snooze('2026-12-07T14:00:00.000Z', 'waiting on legal'),
  ],
  ['push this to next week', snooze('2026-12-07T14:00:00.000Z')],
  ['remind me in 2 hours', snooze('2026-12-03T17:00:00.000Z')],
  ['snooze tomorrow', snooze('2026-12-04T14:00:00.000Z')],
  ['tomorrow pls, snooze', snooze('2026-12-04T14:00:00.000Z')],
  ['snooze monday', snooze('2026-12-07T14:00:00.000Z')],
  ['snooze next tuesday at 10', snooze('2026-12-08T15:00:00.000Z')],
  ['snooze till next tuesday 10am', snooze('2026-12-08T15:00:00.000Z')],
  ['snooze 2d', snooze('2026-12-05T15:00:00.000Z')],
  ['snooze 30m', snooze('2026-12-03T15:30:00.000Z')],
  ['snooze 4h', snooze('2026-12-03T19:00:00.000Z')],
  ['snooze 1w', snooze('2026-12-10T15:00:00.000Z')],
  [
    'snooze 2d waiting for finance approval',
    snooze('2026-12-05T15:00:00.000Z', 'waiting for finance approval'),
  ],
  ['snooze 5 Dec', snooze('2026-12-05T14:00:00.000Z')],
  ['snooze till 5 dec', snooze('2026-12-05T14:00:00.000Z')],
  ['snooze until December 5th', snooze('2026-12-05T14:00:00.000Z')],
  ['snooze to dec 5', snooze('2026-12-05T14:00:00.000Z')],
  ['snooze 12/5', snooze('2026-12-05T14:00:00.000Z')],
  ['snooze 2026-12-05', snooze('2026-12-05T14:00:00.000Z')],
  [
    'snooze 2026-12-05 14:00 after their board meeting',
    snooze('2026-12-05T19:00:00.000Z', 'after their board meeting'),
  ],
  ['snooze until dec 5th 2pm', snooze('2026-12-05T19:00:00.000Z')],
  ['snooze until dec 24th', snooze('2026-12-24T14:00:00.000Z')],
  ['snooze till jan 5', snooze('2027-01-05T14:00:00.000Z')],
  ['snooze in 3 days', snooze('2026-12-06T15:00:00.000Z')],
  ['snooze for 2 days', snooze('2026-12-05T15:00:00.000Z')],
  ['snooze for a week, out of office', snooze('2026-12-10T15:00:00.000Z', 'out of office')],
  ['snooze for an hour', snooze('2026-12-03T16:00:00.000Z')],
  ['remind me in 45 minutes', snooze('2026-12-03T15:45:00.000Z')],
  ['remind me tomorrow at 3pm', snooze('2026-12-04T20:00:00.000Z')],
  ['remind me friday', snooze('2026-12-04T14:00:00.000Z')],
  [
    'remind me on monday about the renewal call',
    snooze('2026-12-07T14:00:00.000Z', 'about the renewal call'),
  ],
  ['snooze in a month', snooze('2027-01-03T15:00:00.000Z')],
  ['push to friday', snooze('2026-12-04T14:00:00.000Z')],
  ['push it to next week', snooze('2026-12-07T14:00:00.000Z')],
  ['postpone till monday', snooze('2026-12-07T14:00:00.000Z')],
  [
    'postpone to next week, customer on holiday',
    snooze('2026-12-07T14:00:00.000Z', 'customer on holiday'),
  ],
  ['defer 2d', snooze('2026-12-05T15:00:00.000Z')],
  ['delay this until friday', snooze('2026-12-04T14:00:00.000Z')],
  ['later', snooze(null)],
  ['snooze', snooze(null)],
  ['snooze waiting on legal', snooze(null, 'waiting on legal')],
  ['snooze tmrw', snooze('2026-12-04T14:00:00.000Z')],
  ['snooze whenever', snooze(null, 'whenever')],
  ['pause this till monday', snooze('2026-12-07T14:00:00.000Z')],
  ['wait until friday', snooze('2026-12-04T14:00:00.000Z')],
  ['hold till next week', snooze('2026-12-07T14:00:00.000Z')],
  ['park this until tomorrow', snooze('2026-12-04T14:00:00.000Z')],
  ['snooze 3 days', snooze('2026-12-06T15:00:00.000Z')],
  [
    'snooze till friday 9am, after a week of silence',
    snooze('2026-12-04T14:00:00.000Z', 'after a week of silence'),
  ],
  [
    'snooze friday, they are out for 2 days',
    snooze('2026-12-04T14:00:00.000Z', 'they are out for 2 days'),
  ],
  ['snooze 2 weeks', snooze('2026-12-17T15:00:00.000Z')],
  ['snooze a week', snooze('2026-12-10T15:00:00.000Z')],
  ['snooze till eod', snooze('2026-12-03T22:00:00.000Z')],
  ['snooze till the end of the day', snooze('2026-12-03T22:00:00.000Z')],
  ['snooze till end of week', snooze('2026-12-04T22:00:00.000Z')],
  [
    'snooze till EOW, waiting on procurement',
    snooze('2026-12-04T22:00:00.000Z', 'waiting on procurement'),
  ],
  ['snooze till tomorrow morning', snooze('2026-12-04T14:00:00.000Z')],
  ['snooze till tomorrow afternoon', snooze('2026-12-04T20:00:00.000Z')],
  ['snooze till this evening', snooze('2026-12-04T01:00:00.000Z')],
  ['snooze till end of month', snooze('2026-12-31T14:00:00.000Z')],
  ['snooze till friday 2pm', snooze('2026-12-04T19:00:00.000Z')],
  ['snooze till friday at noon', snooze('2026-12-04T17:00:00.000Z')],
  ['snooze till 3pm', snooze('2026-12-03T20:00:00.000Z')],
  ['snooze until 4:30pm today', snooze('2026-12-03T21:30:00.000Z')],
  // snooze: events
  [
    'snooze until the customer replies',
    snooze('2026-12-10T15:00:00.000Z', '', { event: 'contact-replies' }),
  ],
  [
    'until the customer replies',
    snooze('2026-12-10T15:00:00.000Z', '', { event: 'contact-replies' }),
  ],
  ['wait until they reply', snooze('2026-12-10T15:00:00.000Z', '', { event: 'contact-replies' })],
  [
    'snooze till the client gets back to us',
    snooze('2026-12-10T15:00:00.000Z', '', { event: 'contact-replies' }),
  ],
  [
    'snooze until Sarah responds',
    snooze('2026-12-10T15:00:00.000Z', '', { event: 'contact-replies' }),
  ],
  [
    'snooze until usage recovers',
    snooze('2026-12-10T15:00:00.000Z', '', { event: 'usage-recovers' }),
  ],
  [
    'snooze till usage picks up',
    snooze('2026-12-10T15:00:00.000Z', '', { event: 'usage-recovers' }),
  ],
  [
    'snooze until the ticket is solved',
    snooze('2026-12-10T15:00:00.000Z', '', { event: 'ticket-solved' }),
  ],
  [
    'snooze until the bug is fixed',
    snooze('2026-12-10T15:00:00.000Z', '', { event: 'ticket-solved' }),
  ],
  [
    'snooze until:contact-replies',
    snooze('2026-12-10T15:00:00.000Z', '', { event: 'contact-replies' }),
  ],
  [
    'snooze until:ticket-solved 2d waiting on support',
    snooze('2026-12-05T15:00:00.000Z', 'waiting on support', { event: 'ticket-solved' }),
  ],
  [
    'snooze until the customer replies or friday',
    snooze('2026-12-04T14:00:00.000Z', '', { event: 'contact-replies' }),
  ],
  [
    'snooze 3 until:usage-recovers',
    snooze('2026-12-10T15:00:00.000Z', '', { step: 3, event: 'usage-recovers' }),
  ],
  // snooze: steps by number and name
  ['snooze step 3 till friday', snooze('2026-12-04T14:00:00.000Z', '', { step: 3 })],
  ['snooze 3 2d', snooze('2026-12-05T15:00:00.000Z', '', { step: 3 })],
  ['snooze #4 till monday', snooze('2026-12-07T14:00:00.000Z', '', { step: 4 })],
  [
    'snooze step 2 2d waiting for finance',
    snooze('2026-12-05T15:00:00.000Z', 'waiting for finance', { step: 2 }),
  ],
  ['snooze pricing till friday', snooze('2026-12-04T14:00:00.000Z', '', { step: 3 })],
  ['snooze the pricing step 1w', snooze('2026-12-10T15:00:00.000Z', '', { step: 3 })],
  ['snooze pricing-strategy tomorrow', snooze('2026-12-04T14:00:00.000Z', '', { step: 3 })],
  ['snooze quote till next week', snooze('2026-12-07T14:00:00.000Z', '', { step: 4 })],
  ['snooze 2 hours', snooze('2026-12-03T17:00:00.000Z')],
  ['snooze 5 dec', snooze('2026-12-05T14:00:00.000Z')],
  // snooze: typos, case, emoji, Slack text, extra words
  ['snoze 2d', snooze('2026-12-05T15:00:00.000Z')],
  ['snoose till friday', snooze('2026-12-04T14:00:00.000Z')],
  ['snoozee tomorrow', snooze('2026-12-04T14:00:00.000Z')],
  ['sooze 1w', snooze('2026-12-10T15:00:00.000Z')],
  ['SNOOZE TILL FRIDAY', snooze('2026-12-04T14:00:00.000Z')],
  ['Snooze Till Monday Waiting On Legal', snooze('2026-12-07T14:00:00.000Z', 'Waiting On Legal')],
  ['😴 snooze till monday', snooze('2026-12-07T14:00:00.000Z')],
  ['snooze till monday :sleeping:', snooze('2026-12-07T14:00:00.000Z')],
  ['<@U0RENUBU> snooze 2d', snooze('2026-12-05T15:00:00.000Z')],
  ['hey renubu can you snooze this till monday pls', snooze('2026-12-07T14:00:00.000Z')],
  ['pls snooze 2d', snooze('2026-12-05T15:00:00.000Z')],
  ['ok snooze till tomorrow thanks', snooze('2026-12-04T14:00:00.000Z')],
  ['could you push this to friday?', snooze('2026-12-04T14:00:00.000Z')],
  ['snooze 2d waiting on R&amp;D', snooze('2026-12-05T15:00:00.000Z', 'waiting on R&D')],
  ['snooze 2d waiting on &lt;legal&gt;', snooze('2026-12-05T15:00:00.000Z', 'waiting on <legal>')],
  [
    'snooze 2d, waiting on <mailto:ann@acme.com|ann@acme.com>',
    snooze('2026-12-05T15:00:00.000Z', 'waiting on ann@acme.com'),
  ],
  ['snooze till friday — waiting on legal', snooze('2026-12-04T14:00:00.000Z', 'waiting on legal')],
  ['snooze till friday because legal is slow', snooze('2026-12-04T14:00:00.000Z', 'legal is slow')],
  ['snooze till friday: legal', snooze('2026-12-04T14:00:00.000Z', 'legal')],
  // snooze: times refused or missing
  ['snooze till 2026-11-01', unclear({ intent: 'snooze', until: null })],
  ['snooze till 1 dec', unclear({ intent: 'snooze', until: null })],
  ['snooze till today 8am', unclear({ intent: 'snooze', until: null })],
  ['snooze 2026-02-30', unclear({ intent: 'snooze', until: null })],
  ['snooze 2000d', unclear({ intent: 'snooze', until: null })],
  ['snooze until:forever', unclear({ intent: 'snooze', until: null })],
  ['snooze step 9 till friday', unclear({ intent: 'snooze', until: null })],
  // skip
  ['skip 3 customer churned', skip('customer churned', true, 3)],
  ['skip step 3 customer churned', skip('customer churned', true, 3)],
  ['skip: customer churned', skip('customer churned', true)],
  ['skip customer churned', skip('customer churned', true)],
  ['Skip 4 — they asked for no quote', skip('they asked for no quote', true, 4)],
  ['skip pricing customer said no', skip('customer said no', true, 3)],
  ['skip pricing', skip('', false, 3)],
  ['skip the pricing step, already agreed', skip('already agreed', true, 3)],
  ['skip 2 - sent it from gmail', skip('sent it from gmail', true, 2)],
  ['skip', skip('', false)],
  ['skip this one', skip('', false)],
  ['skip this, no longer relevant', skip('no longer relevant', false)],
  ['i guess we can skip this one?', skip('', false)],
  ['maybe skip 3? customer churned', skip('customer churned', false, 3)],
  ['can we skip the quote step', skip('', false, 4)],
  ['skp 3 customer churned', skip('customer churned', false, 3)],
  ['skipp 3 churned', skip('churned', false, 3)],
  ['SKIP 3 CUSTOMER CHURNED', skip('CUSTOMER CHURNED', true, 3)],
  ['<@U0RENUBU> skip 3 customer churned', skip('customer churned', true, 3)],
  ['skip 3 customer churned 🙃', skip('customer churned', true, 3)],
  ['pls skip 3, customer churned', skip('customer churned', false, 3)],
  ['not needed, they already renewed', skip('they already renewed', false)],
  ['skip 3 because the deal closed', skip('the deal closed', true, 3)],
  ['skip 9 customer churned', unclear({ intent: 'skip' })],
  ['skip step 7', unclear({ intent: 'skip' })],
  ['skip step pricingg no', skip('no', true, 3)],
  // done / next / continue
  ['done', plain('continue')],
  ['Done!', plain('continue')],
  ['done ✅', plain('continue')],
  ['next', plain('continue')],
  ['next step', plain('continue')],
  ['continue', plain('continue')],
  ['contine', plain('continue')],
  ['doen', plain('continue')],
  ['mark done', plain('continue')],
  ['mark as done', plain('continue')],
  ['finished', plain('continue')],
  ['completed', plain('continue')],
  ['ok done', plain('continue')],
  ['move on', plain('continue')],
  ['done with step 2', plain('continue', 2)],
  ['done 2', plain('continue', 2)],
  ['<@U0RENUBU> done', plain('continue')],
  ['all done, next', plain('continue')],
  // back
  ['back', plain('back')],
  ['go back', plain('back')],
  ['previous step', plain('back')],
  ['oh wait, go back', plain('back')],
  ['prev', plain('back')],
  // resume
  ['resume', plain('resume')],
  ['resume 3', plain('resume', 3)],
  ['resume step 3', plain('resume', 3)],
  ['resume pricing', plain('resume', 3)],
  ['unsnooze', plain('resume')],
  ['wake it up', plain('resume')],
  ['resme pricing', plain('resume', 3)],
  ['reopen step 4', plain('resume', 4)],
  // escalate
  ['escalate: legal is stuck', escalate('legal is stuck', true)],
  ['escalate legal is stuck', escalate('legal is stuck', true)],
  ['escalate 3 pricing needs VP sign-off', escalate('pricing needs VP sign-off', true, 3)],
  ['escalate to my manager, legal is stuck', escalate('legal is stuck', true)],
  ['escalate this to my manager', escalate('', false)],
  ['escalate', escalate('', false)],
  ['should we escalate this?', escalate('', false)],
  ['escalte: no reply in 3 weeks', escalate('no reply in 3 weeks', false)],
  ['ESCALATE: LEGAL', escalate('LEGAL', true)],
  ['please escalate, champion left', escalate('champion left', false)],
  // undo
  ['undo', plain('undo')],
  ['Undo!', plain('undo')],
  ['oops', plain('undo')],
  ['undo that', plain('undo')],
  ['revert', plain('undo')],
  ['take that back', plain('undo')],
  ['<@U0RENUBU> undo', plain('undo')],
  ['udno', plain('undo')],
  // status
  ["what's next", plain('status')],
  ['whats next?', plain('status')],
  ['What’s next?', plain('status')],
  ['what is next', plain('status')],
  ['status', plain('status')],
  ['statsu', plain('status')],
  ['where are we', plain('status')],
  ['progress?', plain('status')],
  ["what's left", plain('status')],
  // why and help
  ['why', plain('why')],
  ['why?', plain('why')],
  ['why is this first', plain('why')],
  ['help', plain('help')],
  ['help!', plain('help')],
  ['hlep', plain('help')],
  ['what can you do', plain('help')],
  ['commands', plain('help')],
  // not understood: the nearest reading first
  ['friday 9am', unclear({ intent: 'snooze', until: '2026-12-04T14:00:00.000Z' })],
  ['next week', unclear({ intent: 'snooze', until: '2026-12-07T14:00:00.000Z' })],
  ['snzzoe', unclear({ intent: 'snooze' })],
  ['blah blah', unclear(null)],
  ['thanks', unclear(null)],
  ['👍', unclear(null)],
  ['', unclear(null)],
  ['<@U0RENUBU>', unclear(null)],
  ['the customer is happy', unclear(null)],
];

const DM: readonly (readonly [string, object])[] = [
  // today
  ["what's first", plain('today')],
  ['whats first?', plain('today')],
  ['what should I do today', plain('today')],
  ['what should i work on', plain('today')],
  ['today', plain('today')],
  ['tdoay', plain('today')],
  ['my day', plain('today')],
  ['priorities', plain('today')],
  ["hey renubu, what's first?", plain('today')],
  ['☀️ today', plain('today')],
  ["<@U0RENUBU> what's first", plain('today')],
  // list
  ['list', list('all')],
  ['lsit', list('all')],
  ['my workflows', list('all')],
  ["what's open", list('all')],
  ['show all', list('all')],
  ["what's snoozed", list('snoozed')],
  ['list snoozed', list('snoozed')],
  ['list escalated', list('escalated')],
  ['whats snoozed?', list('snoozed')],
  ['snoozed', list('snoozed')],
  ['what is snoozed', list('snoozed')],
  ["what's escalated", list('escalated')],
  ['escalated', list('escalated')],
  ['escalations', list('escalated')],
  ['what has been escalated?', list('escalated')],
  // show a customer
  ['how is Obsidian Black doing?', show(one('c-obsidian'))],
  ['how is obsidian black doing', show(one('c-obsidian'))],
  ["how's obsidian?", show(one('c-obsidian'))],
  ['hows obsidain', show(one('c-obsidian'))],
  ['show obsidian black', show(one('c-obsidian'))],
  ['show Obsidian', show(one('c-obsidian'))],
  ['show OBSIDIAN BLACK', show(one('c-obsidian'))],
  ['show obsidian blak', show(one('c-obsidian'))],
  ['show obsidianblack', show(one('c-obsidian'))],
  ['tell me about Obsidian Black', show(one('c-obsidian'))],
  ['how is the Obsidian Black account looking', show(one('c-obsidian'))],
  ['obsidian black', show(one('c-obsidian'))],
  ['Obsidian Black?', show(one('c-obsidian'))],
  ['show acme', show(several('c-acme-corp', 'c-acme-labs'))],
  ['how is acme doing', show(several('c-acme-corp', 'c-acme-labs'))],
  ['show acme corp', show(one('c-acme-corp'))],
  ['show acme labs', show(one('c-acme-labs'))],
  ['show acme lab', show(one('c-acme-labs'))],
  ['show cafe zurich', show(one('c-cafe'))],
  ['how is Café Zürich', show(one('c-cafe'))],
  ['show CAFE ZURICH', show(one('c-cafe'))],
  ['show globex', show(one('c-globex'))],
  ['how is globex corp doing', show(one('c-globex'))],
  ['show smith &amp; sons', show(one('c-smith'))],
  ['show smith and sons', show(one('c-smith'))],
  ['show oreilly', show(one('c-oreilly'))],
  ["how is O'Reilly doing?", show(one('c-oreilly'))],
  ['show Initech', show(none)],
  ['how is umbrella corp doing', show(none)],
  // why a customer is first
  ['why is Obsidian Black first?', why(one('c-obsidian'))],
  ['why obsidian', why(one('c-obsidian'))],
  ['why is obsidian on top', why(one('c-obsidian'))],
  ['why is acme first', why(several('c-acme-corp', 'c-acme-labs'))],
  ['why?', why({ kind: 'none', query: '' })],
  ['why is that first?', why({ kind: 'none', query: '' })],
  // renewals, forecast, help
  ['renewals this month', renewals],
  ['renewals', renewals],
  ["what's renewing this month?", renewals],
  ['renewls', renewals],
  ['how are renewals looking', renewals],
  ['forecast', plain('forecast')],
  ['show me the forecast', plain('forecast')],
  ['forcast', plain('forecast')],
  ['pipeline', plain('forecast')],
  ['help', plain('help')],
  ['what can you do?', plain('help')],
  ['HELP', plain('help')],
  // not understood
  ['asdf', unclear(null)],
  ['thanks!', unclear(null)],
  ['snooze 2d', unclear(null)],
  ['🎉', unclear(null)],
];

/** Other zones: the same words, read on the CSM's own clock. */
const ZONES: readonly (readonly [string, string, object])[] = [
  // Berlin, 16:00 CET now; 09:00 CET is 08:00Z; day first in dates
  ['Europe/Berlin', 'snooze tomorrow', snooze('2026-12-04T08:00:00.000Z')],
  ['Europe/Berlin', 'snooze till friday 9am', snooze('2026-12-04T08:00:00.000Z')],
  ['Europe/Berlin', 'snooze 5/12', snooze('2026-12-05T08:00:00.000Z')],
  ['Europe/Berlin', 'snooze 5 Dec', snooze('2026-12-05T08:00:00.000Z')],
  ['Europe/Berlin', 'snooze monday', snooze('2026-12-07T08:00:00.000Z')],
  ['Europe/Berlin', 'remind me in 2 hours', snooze('2026-12-03T17:00:00.000Z')],
  ['Europe/Berlin', 'push this to next week', snooze('2026-12-07T08:00:00.000Z')],
  ['Europe/Berlin', 'snooze till 17:30', snooze('2026-12-03T16:30:00.000Z')],
  // Sydney, Friday 02:00 AEDT now; 09:00 AEDT is 22:00Z the day before
  ['Australia/Sydney', 'snooze tomorrow', snooze('2026-12-04T22:00:00.000Z')],
  ['Australia/Sydney', 'snooze monday', snooze('2026-12-06T22:00:00.000Z')],
  ['Australia/Sydney', 'snooze friday', snooze('2026-12-10T22:00:00.000Z')],
  ['Australia/Sydney', 'snooze till 9am', snooze('2026-12-03T22:00:00.000Z')],
  ['Australia/Sydney', 'snooze 2d', snooze('2026-12-05T15:00:00.000Z')],
  ['Australia/Sydney', 'snooze 24/12', snooze('2026-12-23T22:00:00.000Z')],
  // Tokyo, Friday 00:00 JST now
  ['Asia/Tokyo', 'snooze tomorrow', snooze('2026-12-05T00:00:00.000Z')],
  ['Asia/Tokyo', 'snooze till 2026-12-08 10:00', snooze('2026-12-08T01:00:00.000Z')],
  // Kolkata, 20:30 IST now (UTC+5:30)
  ['Asia/Kolkata', 'snooze tomorrow', snooze('2026-12-04T03:30:00.000Z')],
  ['Asia/Kolkata', 'snooze till tomorrow 2:30pm', snooze('2026-12-04T09:00:00.000Z')],
  // Los Angeles, 07:00 PST now; month first
  ['America/Los_Angeles', 'snooze tomorrow', snooze('2026-12-04T17:00:00.000Z')],
  ['America/Los_Angeles', 'snooze 12/24', snooze('2026-12-24T17:00:00.000Z')],
  ['America/Los_Angeles', 'snooze till 8am', snooze('2026-12-03T16:00:00.000Z')],
  // London, 15:00 GMT now; day first
  ['Europe/London', 'snooze 12/5', snooze('2027-05-12T08:00:00.000Z')],
  ['Europe/London', 'snooze tomorrow', snooze('2026-12-04T09:00:00.000Z')],
  ['UTC', 'snooze tomorrow', snooze('2026-12-04T09:00:00.000Z')],
];

describe('the phrasebook', () => {
  it('has at least 200 phrasings', () => {
    expect(THREAD.length + DM.length + ZONES.length).toBeGreaterThanOrEqual(200);
  });

  it.each(THREAD)('in a thread, %j', (text, want) => {
    check(read(text, 'thread'), want as Record<string, unknown>);
  });

  it.each(DM)('in the DM, %j', (text, want) => {
    check(read(text, 'dm'), want as Record<string, unknown>);
  });

  it.each(ZONES)('in %s, %j', (zone, text, want) => {
    check(read(text, 'thread', zone), want as Record<string, unknown>);
  });
});

describe('email replies to a digest', () => {
  it.each([
    ['2 snooze monday', { ...snooze('2026-12-07T14:00:00.000Z'), item: 2 }],
    ['1 done', { ...plain('continue'), item: 1 }],
    ['3 skip: customer churned', { ...skip('customer churned', true), item: 3 }],
  ])('%j names the item', (text, want) => {
    expect(read(text, 'thread')).toEqual(want);
  });
});

describe('what a refusal says', () => {
  it('says a past time is past, and offers the snooze first', () => {
    const got = understand('snooze till 2026-11-01', { where: 'thread', now: NOW, timeZone: NY });
    expect(got).toMatchObject({
      intent: 'unclear',
      problem: expect.stringMatching(/already past/),
    });
    expect(got.intent === 'unclear' && got.suggestions[0]?.label).toBe('Snooze');
  });

  it('names the steps there are when the step is not one of them', () => {
    const got = understand('skip 9 churned', {
      where: 'thread',
      now: NOW,
      timeZone: NY,
      steps: STEPS,
    });
    expect(got).toMatchObject({
      intent: 'unclear',
      problem:
        'There is no step 9 in this workflow (its steps: 1 Review account, 2 Draft outreach email, 3 Pricing strategy, 4 Send quote).',
    });
  });

  it('matches only within the book it is given', () => {
    const got = understand('how is obsidian black doing', {
      where: 'dm',
      now: NOW,
      timeZone: NY,
      customers: [],
    });
    expect(got).toMatchObject({ intent: 'show', customer: { kind: 'none' } });
  });
});
