/**
 * Issue 13 item 3 end to end: a risk workflow (intro, risk assessment, save plan, summary)
 * over real Bolt HTTP with a fake Slack and the demo portfolio. The save plan has no Mark
 * Complete; the summary has it. Step 1 is snoozed and the rest walked: Mark Complete creates the
 * summary's follow-up and the kept plays as tasks, but the workflow stays open on the snoozed
 * step, and the header says so from the states. After Resume the header no longer speaks of a
 * snoozed step; finishing step 1 completes the workflow, and only then "Completed · all 4".
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredMessage } from '../harness/index.ts';
import {
  cardView,
  click,
  JUSTIN,
  startThreadWorld,
  threadOf,
  tick,
  waitForReplies,
} from './world.ts';

let world: Awaited<ReturnType<typeof startThreadWorld>>;

beforeAll(async () => {
  world = await startThreadWorld();
}, 120_000);
afterAll(() => world?.stop());

const blocksOf = (m: StoredMessage | undefined) => JSON.stringify(m?.blocks ?? []);
const header = () => blocksOf(threadOf(world.fake).parent);
/** The newest thread reply that holds `actionId`. */
const replyWith = (actionId: string) =>
  threadOf(world.fake)
    .replies.filter((r) => blocksOf(r).includes(`"${actionId}"`))
    .at(-1);

describe('a risk workflow ends at its last step', () => {
  it('walks to the summary, completes with its follow-ups, stays open on a snoozed step', async () => {
    const { fake, slack, db } = world;
    const [instance] = await db.sql<{ id: number }[]>`
      select w.id::int from workflow_instances w join csms m on m.id = w.csm_id
       where m.external_id = 'csm-justin' and w.type like 'risk-%' and w.status = 'open'
       order by w.priority_score desc limit 1`;
    expect(instance, 'Justin has a risk workflow in the demo').toBeDefined();
    const view = cardView('digest.begin', String(instance!.id));
    await slack.blockAction(JUSTIN.id, { actionId: 'digest.begin', view });
    await waitForReplies(fake, 1);
    const [execution] = await db.sql<{ id: number }[]>`select id::int from workflow_executions`;
    const id = execution!.id;

    // step 1 snoozed (far ahead: no wake-up fires during the test), the thread goes on
    const snoozed = await slack.command(JUSTIN.id, 'snooze 2027-06-01 waiting for the sponsor');
    await vi.waitFor(() => expect(fake.responses(snoozed.responseUrl)).toHaveLength(1));
    await vi.waitFor(() => expect(replyWith('risk-assessment.check')).toBeDefined());
    const assessment = replyWith('risk-assessment.check')!;
    const roots = ['signals-reviewed', 'tickets-reviewed', 'root-cause'];
    await tick(slack, fake, assessment, roots, 'risk-assessment.check');
    await vi.waitFor(async () => {
      const [row] = await db.sql`select context->'checked'->'1' as c from workflow_executions`;
      expect(row!.c).toHaveLength(3);
    });
    await click(slack, assessment, 'risk-assessment.next');

    // the save plan: no Mark Complete here; the plays kept become tasks at the end
    await vi.waitFor(() => expect(replyWith('save-plan.check')).toBeDefined());
    const plan = replyWith('save-plan.check')!;
    expect(blocksOf(plan)).not.toContain('summary.complete');
    expect(blocksOf(plan)).toContain('save-plan.next');
    await tick(slack, fake, plan, ['sponsor-call', 'review'], 'save-plan.check');
    await vi.waitFor(async () => {
      const [row] = await db.sql`select context->'checked'->'2' as c from workflow_executions`;
      expect(row!.c).toHaveLength(2);
    });
    await click(slack, plan, 'save-plan.next');

    // the summary, the last step, has Mark Complete
    await vi.waitFor(() => expect(replyWith('summary.complete')).toBeDefined());
    const summary = replyWith('summary.complete')!;
    expect(blocksOf(summary)).toMatch(/\*4\. Summary\*/);
    await vi.waitFor(() => expect(header()).toContain('Step 4 of 4 · Summary · 1 snoozed step'));
    await click(slack, summary, 'summary.complete');
    await vi.waitFor(async () => {
      const tasks = await db.sql<{ title: string; due: string }[]>`
        select title, to_char(due_date, 'YYYY-MM-DD') as due from tasks order by due_date, title`;
      expect(tasks).toEqual([
        { title: expect.stringMatching(/^Call .+ about what is not working$/), due: '2026-11-28' },
        { title: expect.stringMatching(/^Follow up with \S/), due: '2026-11-28' },
        { title: 'Review the health score again', due: '2026-12-25' },
      ]);
    });
    const [open] = await db.sql`select status from workflow_executions where id = ${id}`;
    expect(open!.status).toBe('in_progress');
    await vi.waitFor(() =>
      expect(header()).toContain('Every step worked · waiting on 1 snoozed step'),
    );
    expect(header()).not.toContain('Completed');

    // Resume step 1: the header speaks of it, no longer of a snoozed step
    const resumed = await slack.command(JUSTIN.id, 'resume 1');
    await vi.waitFor(() => expect(fake.responses(resumed.responseUrl)).toHaveLength(1));
    await vi.waitFor(() => expect(header()).toContain('Step 1 of 4 · '));
    expect(header()).not.toMatch(/snoozed step/);

    // finishing step 1 completes the workflow: only now all 4 steps are done
    await vi.waitFor(() => expect(replyWith('intro.next')).toBeDefined());
    await click(slack, replyWith('intro.next')!, 'intro.next');
    await vi.waitFor(() => expect(header()).toContain('Completed · all 4 steps'));
    const [done] = await db.sql`select status from workflow_executions where id = ${id}`;
    expect(done!.status).toBe('completed');
  });
});
