/**
 * Issue 14 item 1: a step action from the thread (menu, /renubu, the wake-up DM's Resume) moves
 * the thread in the action's own transaction: the step's state, its audit row, the note, the
 * next step's reply and the parent's update commit together, or (a failure between them) none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { snoozeWorkflow } from '../../src/slack/snooze.ts';
import { attachThread, launchExecution } from '../../src/workflows/executions.ts';
import { continueStep, recordChecks } from '../../src/workflows/executions-steps.ts';
import { runStepAction } from '../../src/workflows/step-service.ts';
import type { ExecutionContext } from '../../src/workflows/thread-messages.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';
import { seedWorld } from '../slack/world.ts';

const DAY = '2026-11-25';
const NOW = new Date(`${DAY}T17:00:00Z`);
const UNTIL = new Date('2026-11-27T14:00:00Z');
let db: TestDatabase;
let benId: number;
let id: number;

beforeAll(async () => {
  db = await createTestDatabase();
  ({ benId } = await seedWorld(db.sql));
  const err = captureOutput();
  const env = { env: { DATABASE_URL: db.url }, cwd: '/tmp', out: captureOutput(), err };
  expect(await runCli(['daily-run', '--as-of', DAY], env), err.text()).toBe(0);
  const [instance] = await db.sql<{ id: number }[]>`
    insert into workflow_instances
      (company_id, customer_id, csm_id, type, trigger, cycle_key, created_on, updated_on)
    select 1, id, ${benId}, 'standard-renewal', 'renewal', 'c1', ${DAY}, ${DAY}
      from customers where external_id = 'umbrella' returning id::int`;
  const launched = await launchExecution(db.sql, {
    instanceId: instance!.id,
    csmId: benId,
    slackUserId: 'U0BEN',
    asOf: DAY,
    localHour: 9,
    now: NOW,
    source: 'button',
  });
  if (launched.kind !== 'started') throw new Error(JSON.stringify(launched));
  id = launched.executionId;
  const ts = '1764000000.000200';
  const executionId = id;
  await db.sql.begin((tx) => attachThread(tx, { executionId, channel: 'D0BEN', ts }));
}, 60_000);
afterAll(() => db.drop());

const at = (stepIndex: number) => ({
  executionId: id,
  stepIndex,
  actorCsmId: benId,
  now: NOW,
  source: 'command' as const,
  thread: 'follow' as const,
});
const keys = async () =>
  (
    await db.sql<{ idempotency_key: string }[]>`
      select idempotency_key from outbox where idempotency_key like ${`thread:${id}:%`} order by id`
  ).map((r) => r.idempotency_key);
const execution = async () =>
  (
    await db.sql`select current_step, completion_percentage, context->'version' as version
                from workflow_executions where id = ${id}`
  )[0]!;
const statuses = async () =>
  (
    await db.sql<{ status: string }[]>`
      select status from workflow_step_states where execution_id = ${id} order by step_index`
  ).map((r) => r.status);

describe('the thread follows a step action in its transaction', () => {
  it('snoozing the current step writes the note, the next step and the parent with it', async () => {
    const before = await keys();
    const done = await runStepAction(db.sql, at(0), {
      action: 'snooze',
      until: UNTIL,
      event: null,
      reason: 'waiting for finance',
    });
    if (!done.ok) throw new Error(done.refusal);
    expect(done.change.threadMoved).toBe(true);
    const added = (await keys()).filter((k) => !before.includes(k));
    expect(added).toEqual([
      `thread:${id}:note:action:${done.change.actionId}`,
      `thread:${id}:step:1:0`,
      `thread:${id}:file:usage:1:0`, // the account overview's usage chart follows its reply
      `thread:${id}:parent:v1`,
    ]);
    expect((await statuses()).slice(0, 2)).toEqual(['snoozed', 'in_progress']);
    expect(await execution()).toMatchObject({ current_step: 1, version: 1 });
    const [note] = await db.sql`select payload from outbox
      where idempotency_key = ${`thread:${id}:note:action:${done.change.actionId}`}`;
    expect(note!.payload.text).toMatch(/^⏸️ Step 1 .+ snoozed until .+: waiting for finance$/);
  });

  it('a failure while writing the thread leaves neither the action nor any message', async () => {
    await db.sql`
      create function refuse_parent() returns trigger language plpgsql as $$
      begin
        if new.kind = 'thread-parent-update' then raise exception 'parent refused'; end if;
        return new;
      end $$`;
    await db.sql`create trigger refuse_parent before insert on outbox
                 for each row execute function refuse_parent()`;
    const before = { keys: await keys(), states: await statuses(), execution: await execution() };
    const [audits] = await db.sql`select count(*)::int as n from workflow_step_actions`;
    await expect(
      runStepAction(db.sql, at(1), { action: 'skip', reason: 'not needed' }),
    ).rejects.toThrow(/parent refused/);
    await db.sql`drop trigger refuse_parent on outbox`;
    await db.sql`drop function refuse_parent()`;
    expect(await keys()).toEqual(before.keys);
    expect(await statuses()).toEqual(before.states);
    expect(await execution()).toEqual(before.execution);
    const [after] = await db.sql`select count(*)::int as n from workflow_step_actions`;
    expect(after!.n).toBe(audits!.n);
  });

  it('resuming with reopen posts the step again, keyed on the resume', async () => {
    const done = await runStepAction(db.sql, { ...at(0), thread: 'reopen' }, { action: 'resume' });
    if (!done.ok) throw new Error(done.refusal);
    expect(done.change.threadMoved).toBe(true);
    expect((await keys()).slice(-2)).toEqual([
      `thread:${id}:step:0:resume:${done.change.actionId}`,
      `thread:${id}:parent:v2`,
    ]);
    expect(await execution()).toMatchObject({ current_step: 1, version: 2 });
  });

  it('undo within 10 minutes reverts the snooze and the thread; later it is refused', async () => {
    const before = { states: await statuses(), execution: await execution() };
    const snoozed = await runStepAction(db.sql, at(1), {
      action: 'snooze',
      until: UNTIL,
      event: null,
      reason: '',
    });
    if (!snoozed.ok) throw new Error(snoozed.refusal);
    expect(await execution()).toMatchObject({ current_step: 2 });
    const later = new Date(NOW.getTime() + 9 * 60_000);
    const undone = await runStepAction(
      db.sql,
      { ...at(1), stepIndex: null, now: later },
      {
        action: 'undo',
      },
    );
    if (!undone.ok) throw new Error(undone.refusal);
    expect(undone.change).toMatchObject({
      stepIndex: 1,
      previousUntil: UNTIL,
      snoozedUntil: null,
      threadMoved: true,
    });
    expect(await statuses()).toEqual(before.states);
    expect(await execution()).toMatchObject({ current_step: before.execution.current_step });
    const [note] = await db.sql`select payload from outbox
      where idempotency_key = ${`thread:${id}:note:action:${undone.change.actionId}`}`;
    expect(note!.payload.text).toMatch(/^↩️ Step 2 .+: your last change was undone$/);
    const skipped = await runStepAction(
      db.sql,
      { ...at(1), now: later },
      {
        action: 'skip',
        reason: 'n/a',
      },
    );
    expect(skipped.ok).toBe(true);
    const tooLate = new Date(later.getTime() + 11 * 60_000);
    expect(
      await runStepAction(db.sql, { ...at(1), stepIndex: null, now: tooLate }, { action: 'undo' }),
    ).toMatchObject({ ok: false, problem: 'too_late_to_undo' });
  });

  it('undo reverts a Continue: the step in progress again, the thread back on it', async () => {
    // go around the pricing step to one that only asks for ticks
    const pricing = (await execution()).current_step as number;
    await runStepAction(db.sql, at(pricing), { action: 'skip', reason: 'priced by email' });
    const { current_step: current } = await execution();
    const [row] = await db.sql<{ context: ExecutionContext }[]>`
      select context from workflow_executions where id = ${id}`;
    const step = row!.context.steps[current]!;
    const items = step.artifacts.flatMap((a) => (a.kind === 'checklist' ? a.items : []));
    const ref = {
      executionId: id,
      stepIndex: current,
      csmId: benId,
      slackUserId: 'U0BEN',
      now: NOW,
      source: 'button' as const,
    };
    if (items.length > 0)
      await recordChecks(
        db.sql,
        ref,
        items.map((i) => i.id),
      );
    if (step.gate.kind === 'pricing-decided') throw new Error('a pricing step: pick another');
    const before = await statuses();
    expect(await continueStep(db.sql, ref)).toEqual({ ok: true });
    expect(await execution()).toMatchObject({ current_step: current + 1 });
    const undone = await runStepAction(
      db.sql,
      { ...at(current), stepIndex: null },
      {
        action: 'undo',
      },
    );
    expect(undone).toMatchObject({ ok: true, change: { stepIndex: current } });
    expect(await statuses()).toEqual(before);
    expect(await execution()).toMatchObject({ current_step: current });
  });
});

describe("the whole workflow snoozed (the modal's service)", () => {
  it('snoozes the instance and its execution with one audit row, or nothing for another CSM', async () => {
    const [row] = await db.sql<{ instance: number; ana: number }[]>`
      select e.workflow_instance_id::int as instance,
             (select id::int from csms where external_id = 'csm-ana') as ana
        from workflow_executions e where e.id = ${id}`;
    const change = { instanceId: row!.instance, until: UNTIL, reason: 'budget freeze', now: NOW };
    expect(await snoozeWorkflow(db.sql, { ...change, csmId: row!.ana })).toBe(false);
    expect(await snoozeWorkflow(db.sql, { ...change, csmId: benId })).toBe(true);
    const [e] =
      await db.sql`select status, snoozed_until from workflow_executions where id = ${id}`;
    expect(e).toEqual({ status: 'snoozed', snoozed_until: UNTIL });
    const [w] = await db.sql`select status from workflow_instances where id = ${row!.instance}`;
    expect(w!.status).toBe('snoozed');
    const audit = await db.sql`select step_index, reason, metadata from workflow_step_actions
      where execution_id = ${id} and action_type = 'snooze_workflow'`;
    expect(audit).toEqual([
      { step_index: null, reason: 'budget freeze', metadata: { instanceId: row!.instance } },
    ]);
  });
});
