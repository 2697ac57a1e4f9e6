/**
 * `/renubu snooze|skip|resume` over real Bolt HTTP with jobs running: typed in a workflow's
 * thread it acts on that workflow's current step (state, audit row, execution flags, the
 * wake-up job); a bad argument gets the parser's message and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Serving } from '../../src/cli/serve.ts';
import type { FakeSlack, SlackDriver } from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { NOON, serveWorld, startWorldSlack, USERS } from '../slack/world.ts';
import {
  actions,
  executionFlags,
  type Seeded,
  seedExecution,
  stepState,
  THREAD,
} from './fixture.ts';
import { jobRows } from './world.ts';

let db: TestDatabase;
let fake: FakeSlack;
let serving: Serving;
let slack: SlackDriver;
let seeded: Seeded;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startWorldSlack();
  seeded = await seedExecution(db.sql);
  await db.sql`update csms set slack_user_id = ${USERS.ana.id} where id = ${seeded.anaId}`;
  ({ serving, slack } = await serveWorld(db.url, fake));
});
afterAll(async () => {
  await serving?.stop();
  await fake.close();
  await db.drop();
});

/** A /renubu typed in the workflow's thread (slash commands in threads carry thread_ts). */
async function inThread(text: string) {
  const responseUrl = fake.responseUrl({ user: USERS.ana.id, channel: THREAD.channel });
  const form = new URLSearchParams({
    team_id: fake.identity.teamId,
    channel_id: THREAD.channel,
    thread_ts: THREAD.ts,
    user_id: USERS.ana.id,
    command: '/renubu',
    text,
    api_app_id: fake.identity.appId,
    response_url: responseUrl,
    trigger_id: fake.issueTrigger(USERS.ana.id),
  });
  const sent = await slack.send(form.toString(), 'application/x-www-form-urlencoded');
  expect(sent.status).toBe(200);
  await vi.waitFor(() => expect(fake.responses(responseUrl)).toHaveLength(1), { timeout: 5000 });
  return (fake.responses(responseUrl)[0]!.body as { text: string }).text;
}

describe('/renubu snooze|skip|resume', () => {
  it('reports jobs running on /readyz', async () => {
    const ready = await fetch(`http://127.0.0.1:${serving.port}/readyz`);
    const body = (await ready.json()) as { checks: Record<string, { ok: boolean }> };
    expect(body.checks.database?.ok).toBe(true);
    expect(body.checks.jobs).toEqual({ ok: true, state: 'running' });
  });

  it('refuses a bad argument with the form, changing nothing', async () => {
    const text = await inThread('snooze 2x waiting');
    expect(text).toContain('"2x" is not a time I understand');
    expect(text).toContain('/renubu snooze [STEP] DURATION');
    expect(await actions(db.sql, seeded.executionId)).toHaveLength(0);
    expect(await stepState(db.sql, seeded.executionId, 2)).toBeUndefined();
  });

  it('quotes a hostile word in a refusal as typed: escaped once, no ping', async () => {
    // typed as is; the driver sends it as Slack does, with &, < and > as entities
    const text = await inThread('snooze <!channel> a & b');
    expect(text).toContain('"&lt;!channel&gt;" is not a time I understand');
    expect(text).not.toMatch(/[<>]|&amp;(amp|lt|gt);/);
    expect(await actions(db.sql, seeded.executionId)).toHaveLength(0);
  });

  it('snoozes the thread workflow current step 2 days with a reason', async () => {
    const text = await inThread('snooze 2d waiting for finance approval');
    const until = new Date(NOON.getTime() + 2 * 86_400_000);
    expect(text).toBe(
      'Snoozed step 3 Pricing strategy until Fri 27 Nov 12:00 (America/New_York): waiting for finance approval',
    );
    expect(await stepState(db.sql, seeded.executionId, 2)).toMatchObject({
      status: 'snoozed',
      snoozed_until: until,
      reason: 'waiting for finance approval',
    });
    expect(await actions(db.sql, seeded.executionId)).toEqual([
      expect.objectContaining({ action_type: 'snooze', performed_by: seeded.anaId, step_index: 2 }),
    ]);
    expect(await executionFlags(db.sql, seeded.executionId)).toMatchObject({
      has_snoozed_steps: true,
      next_due_step_date: until,
    });
    const wake = (await jobRows(db.sql, 'snooze-wakeup')).find(
      (r) => r.key === `wake:${seeded.executionId}:2`,
    );
    expect(wake?.next_run_at).toEqual(until);
    await vi.waitFor(() => expect(fake.homeOf(USERS.ana.id)).toBeDefined());
  });

  it('resumes the step and cancels its wake-up', async () => {
    expect(await inThread('resume 3')).toBe(
      'Resumed step 3 Pricing strategy: it is back in progress.',
    );
    expect(await jobRows(db.sql, 'snooze-wakeup')).toEqual([]);
    expect((await executionFlags(db.sql, seeded.executionId)).has_snoozed_steps).toBe(false);
  });
});
