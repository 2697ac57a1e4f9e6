/**
 * Quiet under bursts (issue 14 item 6): twelve urgent tickets for one customer within a
 * minute make one top-level DM, and the other eleven reply in its thread with the running
 * count; past the burst window a ticket DMs again; another customer gets its own DM; events
 * of one burst posted at once still make one DM. Delivered through the real outbox sender to
 * the fake Slack, the replies land in the first DM's thread.
 */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { burstSummary } from '../../src/events/burst.ts';
import { createLogger } from '../../src/logger.ts';
import { deliverSlackOutbox } from '../../src/slack/outbox-sender.ts';
import {
  DEFAULT_BOT_TOKEN,
  FAST_RETRIES,
  type FakeSlack,
  startFakeSlack,
} from '../harness/index.ts';
import { type EventsWorld, event, NOW, post, startWorld } from './fixture.ts';

let world: EventsWorld;
let fake: FakeSlack;

beforeAll(async () => {
  world = await startWorld();
  for (const id of ['cust-b', 'cust-c', 'cust-d']) {
    await world.sql`
      insert into customers (company_id, external_id, name, csm_id, arr, seats, strategic)
      values (1, ${id}, ${`Customer ${id}`}, 1, 50000, 20, false)`;
  }
  fake = await startFakeSlack({
    users: [{ id: 'U0CASEY', email: 'casey@example.com', name: 'casey' }],
  });
});
afterAll(async () => {
  await fake?.close();
  await world?.close();
});

interface Message {
  key: string;
  kind: string;
  text: string;
  thread_of: string | null;
}

async function messagesFor(customer: string): Promise<Message[]> {
  return world.sql<Message[]>`
    select idempotency_key as key, kind, payload->>'text' as text,
           payload->>'thread_of' as thread_of
      from outbox where payload->>'customerId' = ${customer} order by id`;
}

/** An urgent ticket for `customer`, `seconds` after 11:00 on the fixture's day. */
function ticket(customer: string, seconds: number) {
  const occurred = new Date(Date.parse('2026-03-01T11:00:00Z') + seconds * 1000);
  return {
    ...event('ticket.created', { priority: 'urgent', subject: `Outage ${seconds}` }),
    customer,
    occurred_at: occurred.toISOString(),
  };
}

describe('a burst of events for one customer', () => {
  it('makes one top-level DM; the eleven later tickets reply in its thread with the count', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) => ticket('cust-a', i * 5));
    for (const body of bodies) {
      const reply = await post(world.url, body);
      expect(reply.json).toMatchObject({ status: 'created' });
    }
    const messages = await messagesFor('cust-a');
    expect(messages.map((m) => m.kind)).toEqual([
      'event_workflow',
      ...Array(11).fill('event_burst_reply'),
    ]);
    const head = messages[0]!;
    expect(head.key).toBe(`event:1:${bodies[0]!.id}`);
    expect(head.thread_of).toBeNull();
    for (const [i, message] of messages.slice(1).entries()) {
      expect(message.key).toBe(`event:1:${bodies[i + 1]!.id}`);
      expect(message.thread_of).toBe(head.key);
      expect(message.text).toBe(
        `Alpha Ltd: ${i + 2} urgent tickets in the last hour. urgent ticket ${bodies[i + 1]!.id} opened: "Outage ${(i + 1) * 5}"`,
      );
    }

    // a replay of an event of the burst changes nothing
    const replay = await post(world.url, bodies[4]!);
    expect(replay.replay).toBe(true);
    expect(await messagesFor('cust-a')).toEqual(messages);
  });

  it('delivers the replies into the thread of the DM, after it', async () => {
    const clock = fixedClock(NOW);
    const report = await deliverSlackOutbox({
      sql: world.sql,
      client: new WebClient(DEFAULT_BOT_TOKEN, {
        slackApiUrl: fake.url,
        retryConfig: FAST_RETRIES,
      }),
      clock,
      logger: createLogger('silent'),
    });
    expect(report).toMatchObject({ sent: 12, failed: 0 });
    const dm = fake.messagesIn('U0CASEY');
    const top = dm.filter((m) => !m.thread_ts);
    expect(top).toHaveLength(1);
    expect(top[0]!.text).toMatch(/^Alpha Ltd: risk-escalation\. urgent ticket/);
    const replies = dm.filter((m) => m.thread_ts === top[0]!.ts);
    expect(replies).toHaveLength(11);
    const counts = replies.map((m) => Number(/: (\d+) urgent tickets/.exec(m.text)?.[1]));
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 11 }, (_, i) => i + 2));
  });

  it('DMs again for a ticket past the window, and that DM heads the next burst', async () => {
    // the burst began at 11:00:00; an hour later is past its 60-minute window
    const later = ticket('cust-a', 3600);
    await post(world.url, later);
    const next = ticket('cust-a', 3660);
    await post(world.url, next);
    const messages = (await messagesFor('cust-a')).slice(12);
    expect(messages).toMatchObject([
      { key: `event:1:${later.id}`, kind: 'event_workflow', thread_of: null },
      { key: `event:1:${next.id}`, kind: 'event_burst_reply', thread_of: `event:1:${later.id}` },
    ]);
    // the running count covers the hour before the event: the 11:00 burst has left it
    expect(messages[1]!.text).toMatch(/^Alpha Ltd: 2 urgent tickets in the last hour\. /);
  });

  it('gives another customer its own DM within the same minute', async () => {
    const body = ticket('cust-b', 30);
    await post(world.url, body);
    expect(await messagesFor('cust-b')).toMatchObject([
      { key: `event:1:${body.id}`, kind: 'event_workflow', thread_of: null },
    ]);
  });

  it('makes one DM of a burst whose events are posted at once', async () => {
    const bodies = Array.from({ length: 6 }, (_, i) => ticket('cust-c', i));
    const replies = await Promise.all(bodies.map((body) => post(world.url, body)));
    expect(replies.map((r) => r.status)).toEqual(Array(6).fill(200));
    const messages = await messagesFor('cust-c');
    expect(messages.filter((m) => m.kind === 'event_workflow')).toHaveLength(1);
    const head = messages.find((m) => m.kind === 'event_workflow')!;
    const rest = messages.filter((m) => m !== head);
    expect(rest.map((m) => [m.kind, m.thread_of])).toEqual(
      Array(5).fill(['event_burst_reply', head.key]),
    );
    const counts = rest.map((m) => Number(/: (\d+) urgent tickets/.exec(m.text)?.[1]));
    expect(counts.sort()).toEqual([2, 3, 4, 5, 6]);
  });

  it('DMs again once the workflow the burst fed is completed', async () => {
    await post(world.url, ticket('cust-d', 0));
    await world.sql`
      update workflow_instances set status = 'completed'
       where customer_id = (select id from customers where external_id = 'cust-d')`;
    await post(world.url, ticket('cust-d', 10));
    expect((await messagesFor('cust-d')).map((m) => m.kind)).toEqual([
      'event_workflow',
      'event_workflow',
    ]);
  });

  it('DMs every event when the company sets burstWindowMinutes to 0', async () => {
    await world.sql`
      update companies set settings = ${world.sql.json({ events: { burstWindowMinutes: 0 } })}
       where id = 1`;
    try {
      await post(world.url, ticket('cust-b', 40));
      expect((await messagesFor('cust-b')).map((m) => m.kind)).toEqual([
        'event_workflow',
        'event_workflow',
      ]);
    } finally {
      await world.sql`update companies set settings = '{}'::jsonb where id = 1`;
    }
  });
});

describe('burstSummary', () => {
  it('counts each priority and kind in words, this event included', () => {
    const counts = [
      { eventType: 'ticket.created', priority: 'high', n: 1 },
      { eventType: 'ticket.created', priority: 'urgent', n: 2 },
    ];
    const current = { eventType: 'ticket.created', priority: 'urgent' };
    expect(burstSummary(counts, current, 60)).toBe(
      '3 urgent tickets and 1 high ticket in the last hour',
    );
    expect(burstSummary([], { eventType: 'contact.changed', priority: null }, 90)).toBe(
      '1 contact lost in the last 90 minutes',
    );
    expect(burstSummary([], { eventType: 'usage.reported', priority: null }, 120)).toBe(
      '1 usage spike in the last 2 hours',
    );
  });
});
