import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { enqueueDigests } from '../../src/email/digest-queue.ts';
import { deliverEmailOutbox } from '../../src/email/outbox-email.ts';
import { createMailer } from '../../src/email/transport.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
const ids: Record<string, number> = {};
/** 23:00 on 25 Nov in New York; already 13:00 on 26 Nov in Tokyo. */
const now = new Date('2026-11-26T04:00:00Z');

async function csm(key: string, company: number, timezone: string, slack: string | null) {
  const [row] = await db.sql<{ id: number }[]>`
    insert into csms (company_id, external_id, name, email, timezone, slack_user_id)
    values (${company}, ${key}, ${`${key} Smith`}, ${`${key}@acme.example`}, ${timezone}, ${slack})
    returning id`;
  ids[key] = row!.id;
  const [customer] = await db.sql<{ id: number }[]>`
    insert into customers (company_id, external_id, name, csm_id)
    values (${company}, ${`cust-${key}`}, ${`Customer of ${key}`}, ${row!.id}) returning id`;
  ids[`cust-${key}`] = customer!.id;
}

/** An execution of `csmKey` with one step per entry: [status, snoozed_until, reason]. */
async function execution(
  csmKey: string,
  steps: [string, string | null, string | null][],
  status = 'in_progress',
) {
  const company = await companyOf(csmKey);
  const [exec] = await db.sql<{ id: number }[]>`
    insert into workflow_executions
      (company_id, workflow_config_id, customer_id, csm_id, total_steps, status, completed_at)
    values (${company}, 'standard-renewal', ${ids[`cust-${csmKey}`]!}, ${ids[csmKey]!},
            ${steps.length}, ${status}, ${status === 'completed' ? now : null})
    returning id`;
  for (const [index, [stepStatus, until, reason]] of steps.entries()) {
    await db.sql`
      insert into workflow_step_states
        (company_id, execution_id, step_index, step_id, status, snoozed_until, reason)
      values (${company}, ${exec!.id}, ${index}, ${`step-${index}`}, ${stepStatus},
              ${until}, ${reason})`;
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  const [acme] = await db.sql<{ id: number }[]>`
    insert into companies (external_id, name) values ('acme', 'Acme') returning id`;
  const [other] = await db.sql<{ id: number }[]>`
    insert into companies (external_id, name) values ('other', 'Other') returning id`;
  await csm('dana', acme!.id, 'America/New_York', 'U0DANA');
  await csm('kai', acme!.id, 'Asia/Tokyo', null);
  await csm('lee', acme!.id, 'UTC', null);
  await csm('ola', other!.id, 'UTC', null);
  await execution('dana', [
    ['snoozed', '2026-11-26T14:00:00Z', 'waiting for finance'], // 09:00 tomorrow: due
    ['snoozed', '2026-11-27T04:30:00Z', null], // 23:30 tomorrow local (27th in UTC): due
    ['snoozed', '2026-11-26T04:30:00Z', 'tonight'], // 23:30 today local: not tomorrow
    ['snoozed', '2026-11-27T05:00:00Z', 'day after'], // 00:00 the day after: not tomorrow
    ['pending', '2026-11-26T15:00:00Z', null], // no longer snoozed
  ]);
  await execution('dana', [['snoozed', '2026-11-26T16:00:00Z', 'closed']], 'completed');
  await execution('kai', [['snoozed', '2026-11-27T01:00:00Z', 'board meeting']]); // 10:00 on 27th
  await execution('lee', [['snoozed', '2026-11-29T09:00:00Z', 'later']]);
  await execution('ola', [['snoozed', '2026-11-27T20:00:00Z', 'other company']]);
});
afterAll(async () => {
  await db.drop();
});

const digestRows = () =>
  db.sql<
    { idempotency_key: string; recipient: string; payload: { text: string; subject: string } }[]
  >`
    select idempotency_key, recipient, payload from outbox where kind = 'digest' order by id`;

describe('enqueueDigests', () => {
  it("queues one digest for a CSM with the steps due in the CSM's next local day", async () => {
    const report = await enqueueDigests(db.sql, { csmId: ids.dana!, day: '2026-11-25', now });
    expect(report).toEqual({ csms: 1, enqueued: 1, keys: [`digest:${ids.dana}:2026-11-25`] });
    const [row] = await digestRows();
    expect(row?.recipient).toBe('dana@acme.example');
    expect(row?.payload.subject).toBe(
      'Renubu: 2 snoozed steps due tomorrow, Thursday 26 November 2026',
    );
    expect(row?.payload.text).toContain('Reason: waiting for finance');
    expect(row?.payload.text).toContain('Snoozed until Thu 26 Nov 23:30 (America/New_York)');
    expect(row?.payload.text).toContain('app_redirect?channel=U0DANA');
    for (const absent of ['tonight', 'day after', 'closed']) {
      expect(row?.payload.text).not.toContain(absent);
    }
  });

  it("company-wide: one row per CSM with due steps, by each CSM's own today, none for others", async () => {
    const report = await enqueueDigests(db.sql, { companyId: await companyOf('dana'), now });
    expect(report.keys).toEqual([`digest:${ids.dana}:2026-11-25`, `digest:${ids.kai}:2026-11-26`]);
    expect(report.enqueued).toBe(1); // Dana's was queued above
    const rows = await digestRows();
    expect(rows.map((r) => r.recipient)).toEqual(['dana@acme.example', 'kai@acme.example']);
    expect(rows[1]?.payload.text).toContain('Reason: board meeting');
    expect(rows.some((r) => r.recipient.startsWith('lee') || r.recipient.startsWith('ola'))).toBe(
      false,
    );
  });

  it('the same night again queues nothing more', async () => {
    const again = await enqueueDigests(db.sql, { now });
    expect(again.enqueued).toBe(1); // the other company's CSM, first time asked
    expect((await enqueueDigests(db.sql, { now })).enqueued).toBe(0);
    expect(
      await enqueueDigests(db.sql, { csmId: ids.dana!, day: '2026-11-25', now }),
    ).toMatchObject({ enqueued: 0 });
    expect((await digestRows()).map((r) => r.recipient)).toEqual([
      'dana@acme.example',
      'kai@acme.example',
      'ola@acme.example',
    ]);
  });

  it('a queued digest goes out as a parseable email with both parts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'renubu-digest-'));
    const mailer = createMailer({
      smtpUrl: undefined,
      emailFrom: 'renubu@acme.example',
      outboxDir: dir,
    });
    const logger = createLogger('silent');
    const clock = fixedClock(now);
    const report = await deliverEmailOutbox({
      sql: db.sql,
      mailer,
      clock,
      logger,
      from: 'renubu@acme.example',
    });
    expect(report.sent).toBe(3);
    const files = await readdir(dir);
    const mails = await Promise.all(
      files.map(async (f) => simpleParser(await readFile(path.join(dir, f)))),
    );
    const dana = mails.find((m) => m.subject?.includes('2 snoozed steps'));
    expect(dana?.html).toContain('Customer of dana');
    expect(dana?.text).toContain('Customer of dana');
    await rm(dir, { recursive: true, force: true });
  });
});

async function companyOf(key: string): Promise<number> {
  const [row] = await db.sql<
    { company_id: number }[]
  >`select company_id from csms where id = ${ids[key]!}`;
  return row!.company_id;
}
