/**
 * Snoozes that end on an event (PRODUCT.md §5): a step snoozed until:ticket-solved wakes on
 * a solved-ticket event, records why, and the execution's snooze flags follow (trigger);
 * one snoozed until:usage-recovers wakes when a day's usage is back to the trailing mean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventsWorld, event, post, startWorld } from './fixture.ts';

let world: EventsWorld;
let execution: number;

beforeAll(async () => {
  world = await startWorld();
  const [row] = await world.sql<{ id: number }[]>`
    insert into workflow_executions (company_id, workflow_config_id, customer_id, csm_id, total_steps, current_step)
    values (1, 'risk-escalation', 1, 1, 3, 1) returning id`;
  execution = row!.id;
  await world.sql`
    insert into workflow_step_states (company_id, execution_id, step_index, step_id, status, snoozed_until, snooze_until_event, snooze_count)
    values (1, ${execution}, 0, 'account-overview', 'snoozed', '2026-03-08T09:00:00Z', 'ticket-solved', 1),
           (1, ${execution}, 1, 'risk-review', 'snoozed', '2026-03-05T09:00:00Z', 'usage-recovers', 1)`;
});
afterAll(async () => {
  await world?.close();
});

async function steps() {
  return world.sql<{ step_index: number; status: string }[]>`
    select step_index, status from workflow_step_states where execution_id = ${execution} order by step_index`;
}

async function flags() {
  const [row] = await world.sql`
    select has_snoozed_steps, next_due_step_date from workflow_executions where id = ${execution}`;
  return row!;
}

describe('event-ending snoozes', () => {
  it('an open ticket wakes nothing', async () => {
    await post(world.url, event('ticket.created', { priority: 'normal', external_id: 'T-9' }));
    expect((await steps()).map((s) => s.status)).toEqual(['snoozed', 'snoozed']);
  });

  it('a solved ticket wakes the step snoozed until ticket-solved, and says why', async () => {
    const solved = event('ticket.created', {
      priority: 'normal',
      external_id: '<!channel>T-9&',
      status: 'solved',
    });
    const reply = await post(world.url, solved);
    expect(reply.status).toBe(200);
    expect((await steps()).map((s) => s.status)).toEqual(['in_progress', 'snoozed']);
    const actions = await world.sql`
      select step_index, action_type, reason, source from workflow_step_actions
       where execution_id = ${execution}`;
    expect(actions).toEqual([
      {
        step_index: 0,
        action_type: 'wake',
        source: 'event',
        reason: `ticket <!channel>T-9& solved (event ${solved.id})`,
      },
    ]);
    expect(await flags()).toEqual({
      has_snoozed_steps: true,
      next_due_step_date: new Date('2026-03-05T09:00:00Z'),
    });
    const dms = await world.sql`
      select kind, recipient, payload->>'text' as text from outbox where idempotency_key like 'wake:%'`;
    // The ticket id came from a webhook: in the DM (mrkdwn) it must not ping anyone.
    expect(dms).toEqual([
      {
        kind: 'step_woken',
        recipient: 'casey@example.com',
        text: `Alpha Ltd: step account-overview woke: ticket &lt;!channel&gt;T-9&amp; solved (event ${solved.id})`,
      },
    ]);
  });

  it('usage below the trailing mean keeps the usage-recovers snooze; back at it wakes it', async () => {
    await post(world.url, event('usage.reported', { date: '2026-03-01', active_users: 9 }));
    expect((await steps())[1]!.status).toBe('snoozed');
    await post(world.url, event('usage.reported', { date: '2026-03-01', active_users: 10 }));
    expect((await steps())[1]!.status).toBe('in_progress');
    expect(await flags()).toEqual({ has_snoozed_steps: false, next_due_step_date: null });
  });
});
