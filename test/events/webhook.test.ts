/**
 * POST /events end to end on loopback against a real database: each event type starts its
 * workflow and one DM once, replays change nothing, and concurrent duplicates make one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, type EventsWorld, event, post, startWorld } from './fixture.ts';

let world: EventsWorld;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

async function outboxFor(key: string) {
  return world.sql<{ kind: string; recipient: string; payload: Record<string, unknown> }[]>`
    select kind, recipient, payload from outbox where idempotency_key = ${`event:1:${key}`}`;
}

describe('POST /events', () => {
  it('starts risk-escalation for an urgent ticket, with factors and one DM, once', async () => {
    const body = event('ticket.created', {
      priority: 'urgent',
      subject: 'Outage',
      sentiment: -0.8,
    });
    const first = await post(world.url, body);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ status: 'created', eventId: body.id });
    const workflows = first.json.workflows as {
      type: string;
      instanceId: number;
      priorityScore: number;
    }[];
    expect(workflows.map((w) => w.type)).toEqual(['risk-escalation']);
    const [instance] = await world.sql`
      select trigger, cycle_key, factors, priority_score, history from workflow_instances
       where id = ${workflows[0]!.instanceId}`;
    expect(instance).toMatchObject({ trigger: 'event', cycle_key: 'event:risk-escalation' });
    expect(instance!.factors.inputs).toMatchObject({ arr: 120000, strategic: true });
    expect(instance!.priority_score).toBe(workflows[0]!.priorityScore);
    const [ticket] =
      await world.sql`select priority, status, subject from tickets where external_id = ${body.id}`;
    expect(ticket).toEqual({ priority: 'urgent', status: 'open', subject: 'Outage' });
    const dms = await outboxFor(body.id);
    expect(dms).toHaveLength(1);
    expect(dms[0]).toMatchObject({ kind: 'event_workflow', recipient: 'casey@example.com' });
    expect(dms[0]!.payload).toMatchObject({
      instanceId: workflows[0]!.instanceId,
      type: 'risk-escalation',
      customerId: 'cust-a',
      customerName: 'Alpha Ltd',
    });

    const before = await Promise.all(
      ['events', 'workflow_instances', 'outbox', 'tickets'].map((t) => count(world.sql, t)),
    );
    const replay = await post(world.url, body);
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual(first.json);
    const after = await Promise.all(
      ['events', 'workflow_instances', 'outbox', 'tickets'].map((t) => count(world.sql, t)),
    );
    expect(after).toEqual(before);
  });

  it('feeds the open risk-escalation with a second urgent ticket instead of opening another', async () => {
    const body = event('ticket.created', { priority: 'high', external_id: 'T-2' });
    const reply = await post(world.url, body);
    expect(reply.json.status).toBe('created');
    const rows = await world.sql`
      select jsonb_array_length(history) as entries from workflow_instances
       where type = 'risk-escalation' and status = 'open'`;
    expect(rows).toEqual([{ entries: 2 }]);
    expect(await outboxFor(body.id)).toHaveLength(1);
  });

  it("DMs the CSM's Slack user id once it is known", async () => {
    await world.sql`update csms set slack_user_id = 'U0CASEY' where id = 1`;
    const body = event('ticket.created', { priority: 'urgent' });
    await post(world.url, body);
    expect((await outboxFor(body.id))[0]!.recipient).toBe('U0CASEY');
    await world.sql`update csms set slack_user_id = null where id = 1`;
  });

  it('stores a low ticket without starting anything', async () => {
    const reply = await post(world.url, event('ticket.created', { priority: 'low' }));
    expect(reply.json).toMatchObject({ status: 'stored', workflows: [] });
  });

  it('starts opportunity-usage-spike above factor × the trailing mean, and not at it', async () => {
    const calm = await post(
      world.url,
      event('usage.reported', { date: '2026-03-01', active_users: 20 }),
    );
    expect(calm.json).toMatchObject({ status: 'stored', workflows: [] });
    const spike = event('usage.reported', { date: '2026-03-01', active_users: 21 });
    const reply = await post(world.url, spike);
    expect((reply.json.workflows as { type: string }[]).map((w) => w.type)).toEqual([
      'opportunity-usage-spike',
    ]);
    const [day] = await world.sql`select active_users from usage_daily where day = '2026-03-01'`;
    expect(day!.active_users).toBe(21);
    expect(await outboxFor(spike.id)).toHaveLength(1);
  });

  it('starts executive-contact-loss when a champion goes inactive, not for a user', async () => {
    const user = await post(
      world.url,
      event('contact.changed', { external_id: 'p-user', active: false }),
    );
    expect(user.json).toMatchObject({ status: 'stored' });
    const champion = event('contact.changed', { external_id: 'p-champ', active: false });
    const reply = await post(world.url, champion);
    expect((reply.json.workflows as { type: string }[]).map((w) => w.type)).toEqual([
      'executive-contact-loss',
    ]);
    const [dm] = await outboxFor(champion.id);
    expect(dm!.payload.reasons).toEqual(['champion Chris Champion (VP Ops) marked inactive']);
    const [contact] = await world.sql`select active from contacts where external_id = 'p-champ'`;
    expect(contact!.active).toBe(false);
  });

  it('turns 20 concurrent copies of one event into one event row and one workflow', async () => {
    await world.sql`update workflow_instances set status = 'completed' where type = 'risk-escalation'`;
    const body = event('ticket.created', { priority: 'urgent', external_id: 'T-race' });
    const replies = await Promise.all(Array.from({ length: 20 }, () => post(world.url, body)));
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    // one was handled, nineteen were replays: all answer the same result
    expect(replies.filter((r) => !r.replay)).toHaveLength(1);
    const created = replies.find((r) => !r.replay)!.json;
    expect(created.status).toBe('created');
    for (const reply of replies) expect(reply.json).toEqual(created);
    const [events] =
      await world.sql`select count(*)::int as n from events where event_key = ${body.id}`;
    expect(events!.n).toBe(1);
    const open = await world.sql`
      select id from workflow_instances where type = 'risk-escalation' and status = 'open'`;
    expect(open).toHaveLength(1);
    expect(await outboxFor(body.id)).toHaveLength(1);
  });

  it('escapes a ticket subject in the DM, so it can neither ping nor link', async () => {
    const subject = '<!channel> <https://x.example|click> & more';
    const body = event('ticket.created', { priority: 'urgent', subject, sentiment: -0.8 });
    expect((await post(world.url, body)).status).toBe(200);
    const [dm] = await outboxFor(body.id);
    const text = dm!.payload.text as string;
    expect(text).toContain('&lt;!channel&gt; &lt;https://x.example|click&gt; &amp; more');
    expect(text).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
  });
});
