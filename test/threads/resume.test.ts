/**
 * The wake-up DM's Resume (`snoozed.resume`) over real Bolt: a step snoozed with /renubu
 * wakes (back in progress), and Resume reopens it in the thread once (a new reply, the
 * parent updated, Home republished); a second click is stale and changes nothing. Snoozed
 * again, the same button resumes it early through the step-actions service (its audit row)
 * and reopens it once more; a further click is told it is not snoozed. Continue then works.
 */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { wakeStep } from '../../jobs/snooze-wakeup.ts';
import { fixedClock } from '../../src/clock.ts';
import { createLogger } from '../../src/logger.ts';
import type { Json } from '../../src/sandbox/slack/block-checks.ts';
import { deliverSlackOutbox } from '../../src/slack/outbox-sender.ts';
import { DEFAULT_BOT_TOKEN, FAST_RETRIES } from '../harness/index.ts';
import { cardView, click, JUSTIN, startThreadWorld, threadOf, waitForReplies } from './world.ts';

let world: Awaited<ReturnType<typeof startThreadWorld>>;

beforeAll(async () => {
  world = await startThreadWorld();
}, 120_000);
afterAll(() => world?.stop());

describe('Resume on a snoozed step', () => {
  it('reopens the step in its thread once; a second click is stale', async () => {
    const { fake, slack, db } = world;
    const instanceId = await world.instanceOf('obsidian-black', 'strategic-planning');
    await slack.blockAction(JUSTIN.id, {
      actionId: 'digest.begin',
      view: cardView('digest.begin', String(instanceId)),
    });
    await waitForReplies(fake, 1);
    const snoozed = await slack.command(JUSTIN.id, 'snooze 2d waiting for finance');
    expect(snoozed.status).toBe(200);
    await vi.waitFor(() => expect(fake.responses(snoozed.responseUrl)).toHaveLength(1));
    const [state] = await db.sql<{ execution_id: number; snoozed_until: Date }[]>`
      select execution_id::int, snoozed_until from workflow_step_states
       where step_index = 0 and status = 'snoozed'`;
    expect(state).toBeDefined();
    const executionId = state!.execution_id;
    await world.settled(); // the snooze's note and parent update out, before the clock jumps
    const wake = {
      key: `wake:${executionId}:0`,
      executionId,
      stepIndex: 0,
      snoozedUntil: state!.snoozed_until.toISOString(),
    };
    expect(await wakeStep(db.sql, wake, state!.snoozed_until)).not.toBeNull();
    const client = new WebClient(DEFAULT_BOT_TOKEN, {
      slackApiUrl: fake.url,
      retryConfig: FAST_RETRIES,
    });
    const logger = createLogger('silent');
    const clock = fixedClock(state!.snoozed_until); // the wake-up DM is due when it woke
    await deliverSlackOutbox({ sql: db.sql, client, clock, logger });
    const dm = fake
      .messagesIn(JUSTIN.id)
      .find((m) => JSON.stringify(m.blocks ?? []).includes('snoozed.resume'));
    expect(dm, 'the wake-up DM with its Resume button').toBeDefined();
    const before = threadOf(fake).replies.length;
    const homes = fake.callsTo('views.publish').length;
    const updates = fake.callsTo('chat.update').length;

    // woken: the step is in progress again, and Resume reopens it in the thread once
    const first = await slack.blockAction(JUSTIN.id, {
      actionId: 'snoozed.resume',
      message: { ts: dm!.ts, channel: dm!.channel },
    });
    expect(first.status).toBe(200);
    expect(first.ms).toBeLessThan(3000);
    const reopened = await waitForReplies(fake, before + 1);
    expect(reopened.text).toMatch(/Obsidian Black/);
    expect(JSON.stringify(reopened.blocks)).toContain('intro.next');
    await vi.waitFor(() => expect(fake.callsTo('views.publish').length).toBeGreaterThan(homes));
    await vi.waitFor(() => expect(fake.callsTo('chat.update').length).toBeGreaterThan(updates));
    // the snooze went around step 1: the thread's current step is the account overview
    expect(JSON.stringify(threadOf(fake).parent?.blocks)).toContain('Step 2 of 6');
    const [after] = await db.sql`
      select status from workflow_step_states where execution_id = ${executionId} and step_index = 0`;
    expect(after!.status).toBe('in_progress');

    const resumeClick = () =>
      slack.blockAction(JUSTIN.id, {
        actionId: 'snoozed.resume',
        message: { ts: dm!.ts, channel: dm!.channel },
      });
    const toldOnce = async (reply: { ms: number; responseUrl?: string }, said: RegExp) => {
      expect(reply.ms).toBeLessThan(3000);
      await vi.waitFor(() => expect(fake.responses(reply.responseUrl)).toHaveLength(1));
      expect(String((fake.responses(reply.responseUrl)[0]!.body as Json).text)).toMatch(said);
    };
    await toldOnce(await resumeClick(), /already reopened.*Nothing was changed/);
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for a wrong second reply
    expect(threadOf(fake).replies).toHaveLength(before + 1);

    // snoozed again, then resumed early from the same button: the service's resume this time
    await slack.command(JUSTIN.id, 'snooze 1 1d still waiting'); // step 1 is no longer current
    await vi.waitFor(async () => {
      const [s] = await db.sql`select status from workflow_step_states where step_index = 0`;
      expect(s!.status).toBe('snoozed');
    });
    const early = await resumeClick();
    expect(early.ms).toBeLessThan(3000);
    // the second snooze's note in the thread, then the reopened step
    const again = await waitForReplies(fake, before + 3);
    expect(JSON.stringify(again.blocks)).toContain('intro.next');
    const resumes = await db.sql`select id from workflow_step_actions where action_type = 'resume'`;
    expect(resumes).toHaveLength(1);
    await toldOnce(await resumeClick(), /not snoozed.*Nothing was changed/);
    expect(threadOf(fake).replies).toHaveLength(before + 3);
    const [wakes] =
      await db.sql`select count(*)::int as n from workflow_step_actions where action_type = 'wake'`;
    expect(wakes!.n).toBe(1);

    // the resumed step is finished where it stands; the thread's current step stays put
    await click(slack, again, 'intro.next');
    await vi.waitFor(async () => {
      const [s] = await db.sql`select status from workflow_step_states where step_index = 0`;
      expect(s!.status).toBe('completed');
    });
    const [execution] = await db.sql`
      select current_step from workflow_executions where id = ${executionId}`;
    expect(execution!.current_step).toBe(1);
    expect(
      threadOf(fake).replies.some((r) =>
        JSON.stringify(r.blocks ?? []).includes('account-overview.check'),
      ),
    ).toBe(true);
    // each audit row says which door it came from
    const sources = await db.sql`
      select action_type, source from workflow_step_actions where execution_id = ${executionId}
       order by id`;
    expect(sources.map((a) => `${a.action_type}:${a.source}`)).toEqual([
      'start:button', // Let's Begin
      'snooze:command', // /renubu snooze
      'wake:job', // the snooze-wakeup job
      'snooze:command',
      'resume:button', // the wake-up DM's Resume
      'complete:button', // the thread's Continue
    ]);
  });
});
