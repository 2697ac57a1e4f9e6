/**
 * Issue 13 item 4: one state on every surface. Obsidian Black's strategic planning is begun,
 * step 1 snoozed with /renubu and step 2 escalated from its menu, over real Bolt HTTP, a fake
 * Slack and the demo portfolio. Then the morning DM, App Home, `/renubu list`, the thread
 * header and the nightly digest all show it begun (Continue, never Let's Begin), at the same
 * step, and count it in both Snoozed and Escalated. After Resume the header says no snoozed
 * step remains.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { enqueueDigests } from '../../src/email/digest-queue.ts';
import type { Json } from '../../src/sandbox/slack/block-checks.ts';
import { morningMessages } from '../../src/slack/morning.ts';
import type { SlackDriver } from '../harness/index.ts';
import { cardView, DAY, JUSTIN, startThreadWorld, threadOf, waitForReplies } from './world.ts';

const DANA = { id: 'U0DANA', email: 'dana@renubu.example', name: 'Dana Whitfield' };
const NOW_LABEL = 'Step 3 of 6 · Pricing strategy · 1 snoozed step · 1 escalated step';

let world: Awaited<ReturnType<typeof startThreadWorld>>;

beforeAll(async () => {
  world = await startThreadWorld();
  world.fake.addUser(DANA);
  await world.db.sql`update csms set slack_user_id = ${DANA.id} where external_id = 'csm-dana'`;
}, 120_000);
afterAll(() => world?.stop());

/** Every button in `blocks`, as `action_id=value (text)`. */
function buttons(blocks: unknown): string[] {
  const found: string[] = [];
  JSON.stringify(blocks, (_key, value: Json) => {
    if (value && typeof value === 'object' && (value as { type?: string }).type === 'button') {
      const b = value as { action_id: string; value?: string; text: { text: string } };
      found.push(`${b.action_id}=${b.value ?? ''} (${b.text.text})`);
    }
    return value;
  });
  return found;
}

/** `Title (N)` → N, for each section title of a Home tab's headers or the list's sections. */
function sectionCounts(texts: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of texts) {
    const m = /^\*?(Active|Snoozed|Escalated) \((\d+)\)/.exec(t);
    if (m) counts[m[1]!] = Number(m[2]);
  }
  return counts;
}

/** The Home tab's headers under which the workflow `instanceId` has a line, in order. */
function homeSectionsOf(blocks: Json[], instanceId: number): string[] {
  const sections: string[] = [];
  let current = '';
  for (const block of blocks as { type: string; text?: { text: string }; accessory?: Json }[]) {
    if (block.type === 'header') current = block.text!.text.replace(/ \(\d+\)$/, '');
    else if (block.accessory?.value === String(instanceId)) sections.push(current);
  }
  return sections;
}

async function escalate(slack: SlackDriver, executionId: number, stepIndex: number) {
  const { fake } = world;
  const parent = threadOf(fake).parent!;
  const opens = fake.callsTo('views.open').length;
  await slack.blockAction(JUSTIN.id, {
    actionId: 'step.menu',
    selectedOption: `escalate:${executionId}:${stepIndex}`,
    message: { ts: parent.ts, channel: parent.channel },
  });
  await vi.waitFor(() => expect(fake.callsTo('views.open').length).toBeGreaterThan(opens));
  const modal = fake.modalsOf(JUSTIN.id).at(-1)!;
  const reason = { 'step_action.reason': { 'step_action.write_reason': 'needs sign-off' } };
  const reply = await slack.viewSubmission(JUSTIN.id, modal, reason);
  expect(reply.body).toBeUndefined();
}

describe('one state on every surface', () => {
  it('begun, snoozed and escalated: DM, Home, list, header and digest agree', async () => {
    const { fake, slack, db } = world;
    const instanceId = await world.instanceOf('obsidian-black', 'strategic-planning');
    const view = cardView('digest.begin', String(instanceId));
    await slack.blockAction(JUSTIN.id, { actionId: 'digest.begin', view });
    await waitForReplies(fake, 1);
    const [execution] = await db.sql<{ id: number }[]>`select id::int from workflow_executions`;
    const id = execution!.id;
    const stepStatus = async (i: number) =>
      (
        await db.sql`select status from workflow_step_states
                      where execution_id = ${id} and step_index = ${i}`
      )[0]!.status;

    // Far enough ahead that no wake-up fires during the test, whatever the machine's date.
    const snoozed = await slack.command(JUSTIN.id, 'snooze 2027-06-01 waiting for finance');
    await vi.waitFor(() => expect(fake.responses(snoozed.responseUrl)).toHaveLength(1));
    expect(await stepStatus(0)).toBe('snoozed');
    await escalate(slack, id, 1);
    await vi.waitFor(async () => expect(await stepStatus(1)).toBe('escalated'));

    // the thread header
    await vi.waitFor(() =>
      expect(JSON.stringify(threadOf(fake).parent?.blocks)).toContain(NOW_LABEL),
    );

    // the morning DM: Continue on the one thing, with its state; never Let's Begin on it
    const [csm] = await db.sql<{ id: number; company_id: number }[]>`
      select id::int, company_id::int from csms where external_id = 'csm-justin'`;
    const dms = await morningMessages(db.sql, csm!.company_id, DAY);
    const dm = dms.find((m) => m.csm.externalId === 'csm-justin')!;
    const dmText = JSON.stringify(dm.blocks);
    expect(dmText).toContain(NOW_LABEL);
    expect(buttons(dm.blocks)).toContain(`digest.open=${instanceId} (Continue)`);
    expect(buttons(dm.blocks)).not.toContain(`digest.begin=${instanceId} (Let's Begin)`);

    // App Home (published after the escalation): the same, and in Snoozed and Escalated both
    await vi.waitFor(() => expect(JSON.stringify(fake.homeOf(JUSTIN.id))).toContain(NOW_LABEL));
    const home = fake.homeOf(JUSTIN.id) as { blocks: Json[] };
    expect(buttons(home.blocks)).toContain(`digest.open=${instanceId} (Continue)`);
    expect(buttons(home.blocks)).not.toContain(`digest.begin=${instanceId} (Let's Begin)`);
    expect(homeSectionsOf(home.blocks, instanceId)).toEqual(['Snoozed', 'Escalated']);
    const homeHeaders = (home.blocks as { type: string; text?: { text: string } }[])
      .filter((b) => b.type === 'header')
      .map((b) => b.text!.text);
    const homeCounts = sectionCounts(homeHeaders);
    expect(homeCounts.Snoozed).toBeGreaterThanOrEqual(1);
    expect(homeCounts.Escalated).toBeGreaterThanOrEqual(1);

    // /renubu list: the same counts, and the workflow listed under Snoozed and Escalated
    const list = await slack.command(JUSTIN.id, 'list');
    await vi.waitFor(() => expect(fake.responses(list.responseUrl)).toHaveLength(1));
    const listBody = fake.responses(list.responseUrl)[0]!.body as { blocks: Json[] };
    const listTexts = (listBody.blocks as { type: string; text?: { text: string } }[])
      .filter((b) => b.type === 'section')
      .map((b) => b.text!.text);
    expect(sectionCounts(listTexts)).toEqual(homeCounts);
    for (const title of ['Snoozed', 'Escalated']) {
      const section = listTexts.find((t) => t.startsWith(`*${title} (`))!;
      expect(section).toContain('Obsidian Black');
      expect(section).toContain(NOW_LABEL);
    }

    // the nightly digest of the evening before the snooze ends: the same state in words
    const night = {
      now: new Date('2027-06-01T03:00:00Z'),
      day: '2027-05-31',
      csmId: csm!.id,
      slackDm: true,
    };
    expect(await enqueueDigests(db.sql, night)).toMatchObject({ csms: 1, enqueued: 1 });
    const [digest] = await db.sql<{ payload: { text: string } }[]>`
      select payload from outbox where kind = 'digest' order by id desc limit 1`;
    expect(digest!.payload.text).toContain(`Workflow now: ${NOW_LABEL}`);
    // and its Slack DM, from the same state
    const [digestDm] = await db.sql<{ payload: { blocks: unknown[] } }[]>`
      select payload from outbox where kind = 'digest_dm' order by id desc limit 1`;
    expect(JSON.stringify(digestDm!.payload.blocks)).toContain(`workflow now: ${NOW_LABEL}`);
  });

  it('after Resume the header derives from the states: no snoozed step remains', async () => {
    const { fake, slack } = world;
    const updates = fake.callsTo('chat.update').length;
    const resumed = await slack.command(JUSTIN.id, 'resume 1');
    await vi.waitFor(() => expect(fake.responses(resumed.responseUrl)).toHaveLength(1));
    await vi.waitFor(() => expect(fake.callsTo('chat.update').length).toBeGreaterThan(updates));
    await vi.waitFor(() => {
      const header = JSON.stringify(threadOf(fake).parent?.blocks);
      expect(header).toContain('Step 3 of 6 · Pricing strategy · 1 escalated step');
      expect(header).not.toMatch(/snoozed step/);
    });
  });
});
