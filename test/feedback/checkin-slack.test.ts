/**
 * The weekly forecast check-in end to end: the weekly job queues one DM per CSM and ISO week
 * (a second run queues nothing), a click through the real Bolt app over HTTP stores the
 * answer beside the model's call and redraws the message, a stale button gets a short
 * ephemeral note, and `renubu report forecast` lists the disagreement.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHECKIN_ACTION } from '../../blocks/checkin.ts';
import { weeklyJob } from '../../jobs/weekly.ts';
import { runCli } from '../../src/cli/index.ts';
import type { Serving } from '../../src/cli/serve.ts';
import { fixedClock } from '../../src/clock.ts';
import { OUTBOX_EVENT_TYPE } from '../../src/slack/outbox-sender.ts';
import type { FakeSlack, SlackDriver } from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';
import { jobDeps } from '../jobs/world.ts';
import { AS_OF, NOON, seedWorld, serveWorld, startWorldSlack, USERS } from '../slack/world.ts';

let db: TestDatabase;
let fake: FakeSlack;
let serving: Serving;
let slack: SlackDriver;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startWorldSlack();
  await seedWorld(db.sql);
  ({ serving, slack } = await serveWorld(db.url, fake));
});
afterAll(async () => {
  await serving?.stop();
  await fake.close();
  await db.drop();
});

const checkinDms = (user: { id: string }) =>
  fake
    .messagesIn(user.id)
    .filter(
      (m) =>
        m.metadata?.event_type === OUTBOX_EVENT_TYPE &&
        String((m.metadata.event_payload as { key?: string }).key).startsWith('checkin:'),
    );

const rowOf = async (customer: string) => {
  const [row] = await db.sql<
    { id: string; model_call: string; answer: string | null; answered_at: Date | null }[]
  >`
    select f.id::text as id, f.model_call, f.answer, f.answered_at
      from forecast_checkins f join contracts k on k.id = f.contract_id
      join customers c on c.id = k.customer_id where c.external_id = ${customer}`;
  return row!;
};

describe('the weekly forecast check-in', () => {
  it('the weekly job DMs each CSM with renewals due in 90 days once a week, run twice', async () => {
    const deps = jobDeps(db.sql, fake, fixedClock(NOON));
    await weeklyJob.run(deps, { key: 'weekly' }, undefined as never);
    await weeklyJob.run(deps, { key: 'weekly' }, undefined as never);
    expect(checkinDms(USERS.ana)).toHaveLength(1);
    expect(checkinDms(USERS.ben)).toHaveLength(1);
    expect(checkinDms(USERS.ida)).toHaveLength(0);
    const ana = checkinDms(USERS.ana)[0]!;
    expect(ana.text).toContain('2026-W48');
    expect(JSON.stringify(ana.blocks)).toMatch(/globex[\s\S]*initech/i);
    expect(JSON.stringify(ana.blocks)).not.toMatch(/umbrella/i);
    const rows = await db.sql`select week, answer from forecast_checkins order by id`;
    expect(rows).toEqual([
      { week: '2026-W48', answer: null },
      { week: '2026-W48', answer: null },
      { week: '2026-W48', answer: null },
    ]);
  });

  it('a click on At risk stores the answer beside the call and redraws the DM; again: no change', async () => {
    const message = checkinDms(USERS.ana)[0]!;
    const target = { ts: message.ts, channel: message.channel };
    const globex = await rowOf('globex');
    const click = await slack.blockAction(USERS.ana.id, {
      actionId: CHECKIN_ACTION.at_risk,
      value: globex.id,
      message: target,
    });
    expect(click.status).toBe(200);
    await vi.waitFor(async () => expect((await rowOf('globex')).answer).toBe('at_risk'));
    const stored = await rowOf('globex');
    expect(stored.model_call).toBe('commit');
    expect(stored.answered_at).toEqual(NOON);
    await vi.waitFor(() => expect(checkinDms(USERS.ana)[0]!.edited).toBeDefined());
    expect(JSON.stringify(checkinDms(USERS.ana)[0]!.blocks)).toContain(
      'Your call: *At risk* (differs from the model)',
    );
    const edits = checkinDms(USERS.ana)[0]!.history.length;
    await slack.blockAction(USERS.ana.id, {
      actionId: CHECKIN_ACTION.at_risk,
      value: globex.id,
      message: target,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(checkinDms(USERS.ana)[0]!.history).toHaveLength(edits);
    expect((await rowOf('globex')).answered_at).toEqual(NOON);
  });

  it('a button of another CSM row or an unknown id gets a short ephemeral note and stores nothing', async () => {
    const message = checkinDms(USERS.ana)[0]!;
    const umbrella = await rowOf('umbrella');
    for (const value of [umbrella.id, '999999']) {
      const click = await slack.blockAction(USERS.ana.id, {
        actionId: CHECKIN_ACTION.commit,
        value,
        message: { ts: message.ts, channel: message.channel },
      });
      expect(click.status).toBe(200);
      await vi.waitFor(() =>
        expect(fake.responses(click.responseUrl!)[0]?.body).toMatchObject({
          response_type: 'ephemeral',
          text: expect.stringMatching(/not one of yours/),
        }),
      );
    }
    expect((await rowOf('umbrella')).answer).toBeNull();
  });

  it('renubu report forecast lists the disagreement, as text and JSON', async () => {
    const json = captureOutput();
    const env = { env: { DATABASE_URL: db.url }, cwd: '/tmp' };
    expect(
      await runCli(['report', 'forecast', '--as-of', AS_OF, '--json'], { ...env, out: json }),
    ).toBe(0);
    const [acme] = JSON.parse(json.text()).companies;
    expect(acme.checkins).toEqual({
      answered: 1,
      disagreements: [
        {
          customerId: 'globex',
          renewalDate: '2026-12-07',
          modelCall: 'commit',
          answer: 'at_risk',
          csm: 'csm-ana',
        },
      ],
    });
    const text = captureOutput();
    expect(await runCli(['report', 'forecast', '--as-of', AS_OF], { ...env, out: text })).toBe(0);
    expect(text.text()).toContain('Check-in: 1 answered, 1 disagree with the model:');
    expect(text.text()).toContain('globex (renews 2026-12-07, csm-ana): model commit, CSM at risk');
  });
});
