/**
 * Crash safety: a worker process killed (SIGKILL) in the middle of a wake-up job, after the
 * wake committed, or after the DM went out. Agenda hands the job to another worker after the
 * lock lifetime; the DM arrives exactly once either way (the outbox key makes the re-run's
 * sends no-ops, and a committed, undelivered row is delivered by the re-run).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeAgenda } from '../../jobs/agenda.ts';
import { syncStepWakeup } from '../../jobs/wakeups.ts';
import { OUTBOX_EVENT_TYPE } from '../../src/slack/outbox-sender.ts';
import { applyStepAction } from '../../src/workflows/step-actions.ts';
import type { FakeSlack } from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { startWorldSlack, USERS } from '../slack/world.ts';
import { type Seeded, seedExecution } from './fixture.ts';
import { type Agenda, jobDeps, testAgenda } from './world.ts';

let db: TestDatabase;
let fake: FakeSlack;
let seeded: Seeded;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startWorldSlack();
  seeded = await seedExecution(db.sql);
  await db.sql`update csms set slack_user_id = ${USERS.ana.id} where id = ${seeded.anaId}`;
});
afterAll(async () => {
  await fake.close();
  await db.drop();
});

const wakeDms = (stepIndex: number) =>
  fake
    .messagesIn(USERS.ana.id)
    .filter(
      (m) =>
        m.metadata?.event_type === OUTBOX_EVENT_TYPE &&
        m.text?.includes(`snoozed step ${stepIndex + 1} `),
    );

/** Run the worker until it says READY (mid-job), then SIGKILL it. */
async function crashWorker(stopAfter: 'commit' | 'send') {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/jobs/crash-worker.ts', db.url, fake.url, stopAfter],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('READY')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('a worker killed mid-job', () => {
  it.each([
    ['commit', 0],
    ['send', 1],
  ] as const)(
    'killed after the %s: the DM arrives once, nothing lost',
    async (stopAfter, stepIndex) => {
      const now = new Date();
      const change = await applyStepAction(
        db.sql,
        {
          executionId: seeded.executionId,
          stepIndex,
          actorCsmId: seeded.anaId,
          now,
          source: 'command' as const,
        },
        {
          action: 'snooze',
          until: new Date(now.getTime() + 500),
          event: null,
          reason: 'crash drill',
        },
      );
      const scheduler: Agenda = await testAgenda(db.url, jobDeps(db.sql, null));
      await syncStepWakeup(scheduler, change);
      await crashWorker(stopAfter);
      expect(wakeDms(stepIndex)).toHaveLength(stopAfter === 'send' ? 1 : 0);
      const [job] = await db.sql`select locked_at from agenda_jobs where name = 'snooze-wakeup'`;
      expect(job?.locked_at).not.toBeNull(); // the killed worker never finished it
      const rescuer = await testAgenda(db.url, jobDeps(db.sql, fake), 1500);
      await rescuer.start();
      try {
        await vi.waitFor(
          async () => {
            const left = await db.sql`select 1 from agenda_jobs where name = 'snooze-wakeup'`;
            expect(left).toHaveLength(0); // re-run and completed (removeOnComplete)
          },
          { timeout: 15_000, interval: 200 },
        );
        expect(wakeDms(stepIndex)).toHaveLength(1);
        const [row] = await db.sql`select status from outbox where kind = 'step_wake'
        and idempotency_key like ${`wake:${seeded.executionId}:${stepIndex}:%`}`;
        expect(row).toEqual({ status: 'sent' });
      } finally {
        await rescuer.stop(true);
        await closeAgenda(scheduler);
      }
    },
  );
});
