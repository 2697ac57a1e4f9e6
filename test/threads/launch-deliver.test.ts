/**
 * Issue 14 (item 2): a launch writes its thread's parent and first step to the outbox, the
 * step naming the parent by key; the deliverer posts the step under the parent once the
 * parent is out, and records the thread when it marks the parent sent, also when that
 * happens after a crash (the parent found in the DM's history, not posted twice).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExecution } from '../../src/workflows/executions.ts';
import { DAY, JUSTIN, NOON, otherDeliverer, startThreadWorld, threadOf } from './world.ts';

let world: Awaited<ReturnType<typeof startThreadWorld>>;

beforeAll(async () => {
  // serve's deliverer wakes only when a listener nudges it: the deliverers below are the tests'
  world = await startThreadWorld({ outboxIntervalMs: 3_600_000, clockTimestamps: true });
}, 120_000);
afterAll(async () => {
  await world?.stop();
});

describe('a new thread through the outbox', () => {
  it('posts the first step under its parent, and records the thread, after a crash', async () => {
    const { db, fake } = world;
    const [csm] = await db.sql<{ id: number }[]>`
      select id::int from csms where slack_user_id = ${JUSTIN.id}`;
    const instanceId = await world.instanceOf('obsidian-black', 'strategic-planning');
    const launched = await launchExecution(db.sql, {
      instanceId,
      csmId: csm!.id,
      slackUserId: JUSTIN.id,
      asOf: DAY,
      localHour: 12,
      now: NOON,
      source: 'button',
    });
    if (launched.kind !== 'started') throw new Error(`not started: ${launched.kind}`);
    const thread = async () => {
      const [row] = await db.sql<{ ts: string | null; channel: string | null }[]>`
        select slack_thread_ts as ts, slack_channel_id as channel from workflow_executions
         where id = ${launched.executionId}`;
      return row!;
    };
    // Slack posts the parent, then never answers: the outcome is unknown, nothing recorded
    fake.hang('chat.postMessage', { processed: true });
    expect(await otherDeliverer(world, NOON, 300)).toMatchObject({ sent: 0, retrying: 1 });
    fake.hang('chat.postMessage', null);
    expect(await thread()).toEqual({ ts: null, channel: null });
    expect(threadOf(fake).replies).toEqual([]); // the step waits for its parent
    // the next process: finds the parent, records the thread, then posts the step under it
    const later = new Date(NOON.getTime() + 5 * 60_000);
    expect(await otherDeliverer(world, later)).toMatchObject({ found: 1, sent: 1 });
    const { parent, replies, all } = threadOf(fake);
    expect(all.filter((m) => m.thread_ts === undefined)).toHaveLength(1);
    expect(await thread()).toEqual({ ts: parent!.ts, channel: parent!.channel });
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]!.blocks)).toContain('intro.next');
  });
});
