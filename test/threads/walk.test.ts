/**
 * Issue 5 (items 3, 4, 7, 8): Obsidian Black's strategic planning as one Slack thread, over
 * real Bolt HTTP with signed requests, a fake Slack and the demo portfolio: launch from
 * Let's Begin, walk every step by clicking, Mark Complete, and check what the database holds.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeSlack, SlackDriver } from '../harness/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import {
  cardView,
  click,
  JUSTIN,
  NOON,
  startThreadWorld,
  threadOf,
  tick,
  waitForReplies,
} from './world.ts';

let world: Awaited<ReturnType<typeof startThreadWorld>>;
let db: TestDatabase;
let fake: FakeSlack;
let slack: SlackDriver;
let instanceId: number;
const acks: number[] = [];

beforeAll(async () => {
  world = await startThreadWorld();
  ({ db, fake, slack } = world);
  instanceId = await world.instanceOf('obsidian-black', 'strategic-planning');
}, 120_000);
afterAll(() => world?.stop());

const acked = <T extends { status: number; ms: number }>(reply: T) => {
  expect(reply.status).toBe(200);
  acks.push(reply.ms);
  return reply;
};
const lastResponse = async (url: string | undefined) => {
  await vi.waitFor(() => expect(fake.responses(url).length).toBeGreaterThan(0));
  return String((fake.responses(url).at(-1)!.body as { text?: string }).text);
};
const parentText = () => JSON.stringify(threadOf(fake).parent?.blocks ?? []);

describe('a workflow thread from Let begin to Mark Complete', () => {
  it('launches once on a double click: one execution, one thread with the parent and step 1', async () => {
    const view = cardView('digest.begin', String(instanceId));
    const [a, b] = await Promise.all([
      slack.blockAction(JUSTIN.id, { actionId: 'digest.begin', view }),
      slack.blockAction(JUSTIN.id, { actionId: 'digest.begin', view }),
    ]);
    acked(a);
    acked(b);
    const intro = await waitForReplies(fake, 1);
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for a wrong second thread
    const executions =
      await db.sql`select id, status, total_steps, current_step, slack_thread_ts from workflow_executions`;
    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({ status: 'in_progress', total_steps: 6, current_step: 0 });
    expect(fake.messagesIn(JUSTIN.id).filter((m) => m.thread_ts === undefined)).toHaveLength(1);
    expect(threadOf(fake).replies).toHaveLength(1);
    expect(executions[0]!.slack_thread_ts).toBe(threadOf(fake).parent!.ts);
    expect(parentText()).toContain('Step 1 of 6');
    expect(intro.text).toMatch(/Obsidian Black/);
    const [instance] = await db.sql`select status from workflow_instances where id = ${instanceId}`;
    expect(instance!.status).toBe('in_progress');
  });

  it('walks every step: Continue (double-clicked), the checklist gate, pricing, Mark Complete', async () => {
    const [first] = await db.sql<{ id: number }[]>`select id::int from workflow_executions`;
    const id = first!.id;
    let reply = threadOf(fake).replies[0]!;
    const twice = await Promise.all([
      click(slack, reply, 'intro.next'),
      click(slack, reply, 'intro.next'),
    ]);
    twice.forEach(acked);
    reply = await waitForReplies(fake, 2);
    expect(JSON.stringify(reply.blocks)).toContain('account-overview.check');
    await vi.waitFor(() => expect(parentText()).toContain('Step 2 of 6 · Account overview'));
    const [moved] = await db.sql`select current_step from workflow_executions where id = ${id}`;
    expect(moved!.current_step).toBe(1);
    const stale = twice.find((r) => fake.responses(r.responseUrl).length > 0) ?? twice[1]!;
    expect(await lastResponse(stale.responseUrl)).toMatch(/already done/);

    const early = acked(await click(slack, reply, 'account-overview.next'));
    expect(await lastResponse(early.responseUrl)).toMatch(/Tick every item/);
    acked(await tick(slack, fake, reply, ['contract-terms', 'key-contacts', 'usage-trends']));
    await vi.waitFor(async () => {
      const [row] =
        await db.sql`select context->'checked'->'1' as checked from workflow_executions`;
      expect(row!.checked).toHaveLength(3);
    });
    acked(await click(slack, reply, 'account-overview.next'));
    reply = await waitForReplies(fake, 3);
    expect(JSON.stringify(reply.blocks)).toContain('pricing-strategy.accept');

    acked(await click(slack, reply, 'pricing-strategy.accept', `${id}:2:recommended`));
    reply = await waitForReplies(fake, 4);
    expect(reply.text).toMatch(/quote/i);
    acked(await click(slack, reply, 'prepare-quote.next'));
    reply = await waitForReplies(fake, 5);
    acked(await click(slack, reply, 'email-draft.next'));
    reply = await waitForReplies(fake, 6);
    expect(JSON.stringify(reply.blocks)).toContain('summary.complete');
    await vi.waitFor(() => expect(parentText()).toContain('Step 6 of 6'));

    acked(await click(slack, reply, 'summary.complete'));
    const party = await waitForReplies(fake, 7);
    expect(party.text).toMatch(/^🎉/);
    await vi.waitFor(() => expect(parentText()).toContain('Completed'));
    expect(parentText()).not.toMatch(/◻️|▶️/);
    expect(threadOf(fake).parent!.history.length).toBeGreaterThanOrEqual(6);
  });

  it('leaves the database with the completed execution, its audit trail, tasks, renewal and metrics', async () => {
    const [execution] = await db.sql`
      select id::int, status, completed_at, completion_percentage, current_step, context, outcome
        from workflow_executions`;
    expect(execution).toMatchObject({ status: 'completed', completion_percentage: 100 });
    expect(execution!.completed_at).toEqual(NOON);
    const decided = execution!.context.decided as { scenario: string; newArr: number };
    expect(decided.scenario).toBe('recommended');
    const states =
      await db.sql`select status from workflow_step_states where execution_id = ${execution!.id} order by step_index`;
    expect(states.map((s) => s.status)).toEqual(Array(6).fill('completed'));
    const actions =
      await db.sql`select action_type, step_index, source from workflow_step_actions order by id`;
    expect(actions.map((a) => `${a.action_type}:${a.step_index}`)).toEqual([
      'start:0',
      'complete:0',
      'complete:1',
      'complete:2',
      'complete:3',
      'complete:4',
      'complete:5',
    ]);
    // Let's Begin, Continue, Accept and Mark Complete are all buttons
    expect(new Set(actions.map((a) => a.source))).toEqual(new Set(['button']));
    const tasks =
      await db.sql`select title, due_date from tasks where workflow_execution_id = ${execution!.id}`;
    expect(tasks.length).toBeGreaterThan(0);
    const [renewal] = await db.sql`
      select r.status, r.proposed_arr::float as proposed, r.next_action_date
        from renewals r join customers c on c.id = r.customer_id
       where c.external_id = 'obsidian-black' order by r.renewal_date limit 1`;
    expect(renewal).toMatchObject({ status: 'in_progress', proposed: decided.newArr });
    expect(renewal!.next_action_date).not.toBeNull();
    const [metrics] =
      await db.sql`select * from execution_metrics where execution_id = ${execution!.id}`;
    expect(metrics).toMatchObject({
      time_to_complete_seconds: 0,
      steps_skipped: 0,
      steps_snoozed: 0,
      slides_viewed: 6,
    });
    expect(metrics!.button_clicks).toBeGreaterThanOrEqual(8);
    // The re-tune counts outcomes by this stamp: the injected clock's time, never SQL's now().
    expect(metrics!.updated_at).toEqual(NOON);
    const [instance] = await db.sql`select status from workflow_instances where id = ${instanceId}`;
    expect(instance!.status).toBe('completed');
  });

  it('explains a stale button and changes nothing; every click was acked within 3 s', async () => {
    const before = await db.sql`select count(*)::int as n from workflow_step_actions`;
    const first = threadOf(fake).replies[0]!;
    const reply = acked(await click(slack, first, 'intro.next'));
    expect(await lastResponse(reply.responseUrl)).toMatch(/already completed/);
    const after = await db.sql`select count(*)::int as n from workflow_step_actions`;
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(Math.max(...acks)).toBeLessThan(3000);
  });
});
