/**
 * Issue 16 (item 4): the account-overview step gets the account card's usage chart, uploaded
 * into the workflow's thread after the step's reply (Slack's image blocks need a public URL),
 * once, as a PNG of the last 60 days.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  cardView,
  click,
  DAY,
  JUSTIN,
  startThreadWorld,
  threadOf,
  waitForReplies,
} from './world.ts';

let world: Awaited<ReturnType<typeof startThreadWorld>>;

beforeAll(async () => {
  world = await startThreadWorld();
}, 120_000);
afterAll(async () => {
  await world?.stop();
});

describe('the account overview step', () => {
  it('is followed in its thread by the usage chart, once', async () => {
    const { fake, slack } = world;
    const instanceId = await world.instanceOf('obsidian-black', 'strategic-planning');
    const view = cardView('digest.begin', String(instanceId));
    await slack.blockAction(JUSTIN.id, { actionId: 'digest.begin', view });
    const intro = await waitForReplies(fake, 1);
    expect(threadOf(fake).files).toHaveLength(0);
    await click(slack, intro, 'intro.next');
    const overview = await waitForReplies(fake, 2);
    expect(JSON.stringify(overview.blocks)).toContain('account-overview');
    await vi.waitFor(() => expect(threadOf(fake).files).toHaveLength(1), 8000);
    const [chart] = threadOf(fake).files;
    expect(Number(chart!.ts)).toBeGreaterThan(Number(overview.ts));
    expect(chart!.files![0]).toMatchObject({
      name: `usage-obsidian-black-${DAY}.png`,
      mimetype: 'image/png',
    });
    // the file is in Slack as soon as its upload completes; the row is marked sent just after
    const chartRow = async () => {
      const [row] = await world.db.sql<
        { status: string; payload: { chart: { days: unknown[] } } }[]
      >`select status, payload from outbox where kind = 'chart-file'`;
      return row!;
    };
    await vi.waitFor(async () => expect((await chartRow()).status).toBe('sent'), 8000);
    expect((await chartRow()).payload.chart.days).toHaveLength(60);
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
  });
});
