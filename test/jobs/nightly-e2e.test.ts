/**
 * The nightly digest end to end (PRODUCT.md §6): a step snoozed until tomorrow 09:00, the
 * `nightly-digest` job handler run for its CSM at 23:00 in her zone (a fixed clock), the
 * email outbox delivered to a real SMTP server on loopback: exactly one email, parsed by
 * mailparser, lists the step; the handler run again the same night sends nothing more.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nightlyDigestJob } from '../../jobs/nightly-digest.ts';
import { fixedClock } from '../../src/clock.ts';
import { atLocal } from '../../src/domain/dates.ts';
import { deliverEmailOutbox } from '../../src/email/outbox-email.ts';
import { createMailer, type Mailer } from '../../src/email/transport.ts';
import { createLogger } from '../../src/logger.ts';
import { applyStepAction } from '../../src/workflows/step-actions.ts';
import { type SmtpSink, startSmtpSink } from '../email/smtp-sink.ts';
import { startFakeSlack } from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { type Seeded, seedExecution } from './fixture.ts';
import { jobDeps } from './world.ts';

const FROM = 'renubu@renubu.example';
const ZONE = 'America/New_York'; // Ana's
const TODAY = { year: 2026, month: 11, day: 25 };
const TOMORROW = { ...TODAY, day: 26 };
let db: TestDatabase;
let sink: SmtpSink;
let dir: string;
let mailer: Mailer;
let seeded: Seeded;

beforeAll(async () => {
  db = await createTestDatabase();
  sink = await startSmtpSink();
  dir = await mkdtemp(path.join(tmpdir(), 'renubu-nightly-'));
  mailer = createMailer({ smtpUrl: sink.url, emailFrom: FROM, outboxDir: dir });
  seeded = await seedExecution(db.sql);
});
afterAll(async () => {
  mailer?.close();
  await sink?.close();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the nightly digest, end to end', () => {
  it('emails one digest listing the step due tomorrow, once a night', async () => {
    const morning = atLocal(TODAY, 10, 0, ZONE);
    const until = atLocal(TOMORROW, 9, 0, ZONE);
    const target = {
      executionId: seeded.executionId,
      stepIndex: 2,
      actorCsmId: seeded.anaId,
      now: morning,
      source: 'command' as const,
    };
    await applyStepAction(db.sql, target, {
      action: 'snooze',
      until,
      event: null,
      reason: 'waiting for finance approval',
    });

    const clock = fixedClock(atLocal(TODAY, 23, 0, ZONE));
    const deps = jobDeps(db.sql, null, clock);
    const data = { key: `nightly:${seeded.anaId}`, csmId: seeded.anaId, companyId: 1 };
    const logger = createLogger('silent');
    const runNight = async () => {
      await nightlyDigestJob.run(deps, data, undefined as never);
      return deliverEmailOutbox({ sql: db.sql, mailer, clock, logger, from: FROM });
    };

    await runNight();
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0]!;
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toMatch(/ana@acme\.test/i);
    expect(mail.subject).toBe('Renubu: 1 snoozed step due tomorrow, Thursday 26 November 2026');
    expect(mail.text).toContain('Pricing strategy');
    expect(mail.text).toContain('waiting for finance approval');
    expect(mail.text).toMatch(/Globex/i);
    expect(mail.html || '').toContain('Pricing strategy');

    await runNight();
    clock.set(new Date(clock.now().getTime() + 30 * 60_000)); // a retry later the same night
    await runNight();
    expect(sink.received).toHaveLength(1);
    expect(sink.attempts()).toBe(1);
    const rows = await db.sql`select idempotency_key, status from outbox where channel = 'email'`;
    expect(rows).toEqual([
      { idempotency_key: `digest:${seeded.anaId}:2026-11-25`, status: 'sent' },
    ]);
    // Slack off: no DM is queued to wait for a Slack that is not there.
    expect(await db.sql`select id from outbox where channel = 'slack'`).toHaveLength(0);
  });

  it('with Slack on, also DMs the list once, each step with Resume', async () => {
    const fake = await startFakeSlack({
      users: [{ id: 'U0ANA', email: 'ana@acme.test', name: 'ana' }],
    });
    try {
      const clock = fixedClock(atLocal(TODAY, 23, 5, ZONE));
      const deps = jobDeps(db.sql, fake, clock);
      const data = { key: `nightly:${seeded.anaId}`, csmId: seeded.anaId, companyId: 1 };
      await nightlyDigestJob.run(deps, data, undefined as never);
      await nightlyDigestJob.run(deps, data, undefined as never);
      const dms = fake.messagesIn('U0ANA');
      expect(dms).toHaveLength(1);
      expect(dms[0]!.text).toBe('1 snoozed step due tomorrow, Thursday 26 November 2026');
      const blocks = JSON.stringify(dms[0]!.blocks);
      expect(blocks).toMatch(/globex/i);
      expect(blocks).toContain('waiting for finance approval');
      expect(blocks).toContain('"text":"Resume"');
      const rows = await db.sql`
        select idempotency_key, status from outbox where channel = 'slack'`;
      expect(rows).toEqual([
        { idempotency_key: `digest-dm:${seeded.anaId}:2026-11-25`, status: 'sent' },
      ]);
    } finally {
      await fake.close();
    }
  });
});
