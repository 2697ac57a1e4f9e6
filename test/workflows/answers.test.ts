/**
 * Issue 16 (item 4): the conversation's answers over real data. On the demo (Justin's book,
 * Obsidian Black first): the account card shows the numbers the daily summary and the
 * morning DM show, never another CSM's account; "why first" gives the DM's reasons; the
 * usage chart goes out once through the outbox as a PNG upload into the DM. On the seeded
 * world: snoozed and escalated steps come with a Resume button each.
 */
import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestMessage } from '../../blocks/morning-dm.ts';
import { runCli } from '../../src/cli/index.ts';
import { fixedClock } from '../../src/clock.ts';
import { resolveSettings } from '../../src/domain/index.ts';
import { loadDigest } from '../../src/engine/digest.ts';
import { loadCsmSummary } from '../../src/engine/summaries.ts';
import { createLogger } from '../../src/logger.ts';
import { deliverSlackOutbox } from '../../src/slack/outbox-sender.ts';
import { SLACK_CLIENT_OPTIONS } from '../../src/slack/outbox-timing.ts';
import { enqueueAnswerFiles } from '../../src/workflows/answer-files.ts';
import {
  answerAccount,
  answerBook,
  answerRenewals,
  answerSteps,
  answerToday,
  answerWhyFirst,
} from '../../src/workflows/answers.ts';
import { applyStepAction } from '../../src/workflows/step-actions.ts';
import { DEFAULT_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';
import { STEPS, seedExecution } from '../jobs/fixture.ts';

const DAY = '2026-11-25';
const NOON = new Date(`${DAY}T17:00:00Z`);
const JUSTIN = { id: 'U0JUSTIN', email: 'justin@renubu.example', name: 'Justin Avery' };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const json = (value: unknown) => JSON.stringify(value);

describe('answers on the demo (Justin, Obsidian Black)', () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let scope: { companyId: number; csmId: number; now: Date };
  let otherCustomer: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const err = captureOutput();
    const env = { env: { DATABASE_URL: db.url }, cwd: '/tmp', out: captureOutput(), err };
    expect(await runCli(['demo', '--as-of', DAY], env), err.text()).toBe(0);
    await db.sql`update csms set slack_user_id = ${JUSTIN.id} where external_id = 'csm-justin'`;
    const [justin] = await db.sql<{ id: number; company_id: number }[]>`
      select id::int, company_id::int from csms where external_id = 'csm-justin'`;
    scope = { companyId: justin!.company_id, csmId: justin!.id, now: NOON };
    const [other] = await db.sql<{ external_id: string }[]>`
      select external_id from customers where csm_id <> ${justin!.id} order by id limit 1`;
    otherCustomer = other!.external_id;
    fake = await startFakeSlack({ users: [JUSTIN] });
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });

  async function justinsDigest() {
    const [csm] = await db.sql`
      select m.id, m.company_id, m.external_id, m.name, m.email, m.slack_user_id, m.timezone,
             co.settings as company_settings
        from csms m join companies co on co.id = m.company_id where m.id = ${scope.csmId}`;
    return loadDigest(db.sql, csm as never, DAY);
  }

  it('shows Obsidian Black with the numbers every other surface shows', async () => {
    const digest = await justinsDigest();
    const first = digest.oneThing!;
    expect(first.customerId).toBe('obsidian-black');
    const summary = await loadCsmSummary(
      db.sql,
      { id: scope.csmId, company_id: scope.companyId },
      DAY,
      resolveSettings({}),
    );
    expect(summary.priorityList[0]!.instanceId).toBe(first.instanceId);

    const answer = await answerAccount(db.sql, { ...scope, customerId: 'obsidian-black' });
    const body = json(answer.blocks);
    expect(answer.text).toMatch(/^Obsidian Black: /);
    expect(body).toContain(`health ${Math.round(first.healthScore!)}/100`);
    expect(body).toContain(`renewal in ${first.daysToRenewal} days`);
    expect(body).toContain('$185,000');
    expect(body).toContain(`priority ${Math.round(summary.priorityList[0]!.priorityScore)}`);
    // the workflow and its state as the morning DM shows them
    expect(body).toContain(first.state.label);
    expect(body).toContain(`"action_id":"digest.open","value":"${first.instanceId}"`);
    expect(json(digestMessage(digest, 'Hi').blocks)).toContain(`"value":"${first.instanceId}"`);
    const [score] = await db.sql<{ usage_trend_pct: number }[]>`
      select h.usage_trend_pct from score_history h join customers c on c.id = h.customer_id
       where c.external_id = 'obsidian-black' and h.as_of <= ${DAY} order by h.as_of desc limit 1`;
    const pct = Math.round(score!.usage_trend_pct);
    expect(body).toContain(
      `usage ${pct === 0 ? 'flat' : `${pct < 0 ? '−' : '+'}${Math.abs(pct)}%`}`,
    );

    expect(answer.files).toHaveLength(1);
    const [file] = answer.files!;
    expect(file!.filename).toBe(`usage-obsidian-black-${DAY}.png`);
    expect(file!.chart.days).toHaveLength(60);
    expect(file!.chart.days.at(-1)!.day).toBe('2026-11-24');
    expect(file!.chart.days.filter((d) => d.activeUsers !== null).length).toBeGreaterThan(0);
  });

  it('never shows another CSM’s account, and says what it looked for', async () => {
    const answer = await answerAccount(db.sql, { ...scope, customerId: otherCustomer });
    expect(answer.files).toBeUndefined();
    expect(answer.text).toContain(`I can't find "${otherCustomer}" among your customers`);
    const book = await answerBook(db.sql, scope);
    expect(book.map((c) => c.customerId)).toContain('obsidian-black');
    expect(book.map((c) => c.customerId)).not.toContain(otherCustomer);
  });

  it('says why Obsidian Black is first in the morning DM’s words', async () => {
    const first = (await justinsDigest()).oneThing!;
    expect(first.reasons.length).toBeGreaterThan(0);
    for (const customerId of ['obsidian-black', null]) {
      const answer = await answerWhyFirst(db.sql, { ...scope, customerId });
      expect(answer.text).toBe(
        `Obsidian Black is first on your list today: ${first.reasons.join(' · ')}`,
      );
    }
  });

  it('answers today as /renubu today, and the month’s renewals with ARR in full', async () => {
    const today = await answerToday(db.sql, scope);
    expect(json(today.blocks)).toContain('Obsidian Black');
    const renewals = await answerRenewals(db.sql, scope);
    expect(renewals.text).toMatch(/(\d+ renewals?|No renewals) in November 2026/);
    const [count] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from customers c
       where c.csm_id = ${scope.csmId}
         and (select k.renewal_date from contracts k where k.customer_id = c.id
               order by k.renewal_date desc, (k.status = 'active') desc, k.id desc limit 1)
             between '2026-11-01' and '2026-11-30'`;
    if (count!.n > 0) expect(renewals.text).toContain(`${count!.n} renewal`);
  });

  it('uploads the usage chart into the DM once through the outbox', async () => {
    const answer = await answerAccount(db.sql, { ...scope, customerId: 'obsidian-black' });
    const target = {
      companyId: scope.companyId,
      slackUserId: JUSTIN.id,
      key: 'D0JUSTIN:1764090000.000100',
      threadTs: null,
      now: NOON,
    };
    expect(await enqueueAnswerFiles(db.sql, target, answer.files!)).toEqual([true]);
    // the same message answered again (a retry) writes nothing
    expect(await enqueueAnswerFiles(db.sql, target, answer.files!)).toEqual([false]);
    const deliver = () =>
      deliverSlackOutbox({
        sql: db.sql,
        client: new WebClient(DEFAULT_BOT_TOKEN, {
          ...SLACK_CLIENT_OPTIONS,
          slackApiUrl: fake.url,
          logLevel: LogLevel.ERROR,
        }),
        clock: fixedClock(NOON),
        logger: createLogger('silent'),
      });
    await deliver();
    await deliver();
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
    const shared = fake.messagesIn(JUSTIN.id).filter((m) => m.files?.length);
    expect(shared).toHaveLength(1);
    expect(shared[0]!.files![0]).toMatchObject({
      name: `usage-obsidian-black-${DAY}.png`,
      mimetype: 'image/png',
    });
    const [row] = await db.sql`
      select status, kind from outbox where idempotency_key = ${`answer:${target.key}:file:0`}`;
    expect(row).toMatchObject({ status: 'sent', kind: 'chart-file' });
    const bytes = [...fake.world.files.values()].find((f) => f.filename.endsWith('.png'))?.bytes;
    expect(bytes?.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });
});

describe('snoozed and escalated steps (seeded world)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('lists each with a Resume button, only the asking CSM’s', async () => {
    const seeded = await seedExecution(db.sql);
    // a begun execution has a row for each of its steps (insertStepStates); the fixture's
    // execution stands at step 3 of 5
    await db.sql`
      insert into workflow_step_states (company_id, execution_id, step_index, step_id, status)
      select 1, ${seeded.executionId}, i, (${STEPS}::text[])[i + 1],
             case when i < 2 then 'completed' when i = 2 then 'in_progress' else 'pending' end
        from generate_series(0, 4) i`;
    const target = (stepIndex: number) => ({
      executionId: seeded.executionId,
      stepIndex,
      actorCsmId: seeded.anaId,
      now: NOON,
      source: 'command' as const,
    });
    const until = new Date(NOON.getTime() + 2 * 86_400_000);
    await applyStepAction(db.sql, target(2), {
      action: 'snooze',
      until,
      event: null,
      reason: 'waiting on legal',
    });
    await applyStepAction(db.sql, target(3), { action: 'escalate', reason: 'pricing call' });
    const ana = { companyId: 1, csmId: seeded.anaId, now: NOON };
    const snoozed = await answerSteps(db.sql, { ...ana, which: 'snoozed' });
    expect(snoozed.text).toBe('You have 1 snoozed step');
    expect(json(snoozed.blocks)).toContain('until Fri 27 Nov 12:00');
    expect(json(snoozed.blocks)).toContain(
      `"action_id":"snoozed.resume","value":"${seeded.executionId}:2"`,
    );
    const escalated = await answerSteps(db.sql, { ...ana, which: 'escalated' });
    expect(escalated.text).toBe('You have 1 escalated step');
    expect(json(escalated.blocks)).toContain('to Ben Ode');
    expect(json(escalated.blocks)).toContain(`"value":"${seeded.executionId}:3"`);
    const ben = { companyId: 1, csmId: seeded.benId, now: NOON };
    expect((await answerSteps(db.sql, { ...ben, which: 'snoozed' })).text).toBe(
      'Nothing is snoozed.',
    );
  });
});
