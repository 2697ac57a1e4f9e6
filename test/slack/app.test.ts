/**
 * `renubu serve` with a real Bolt app over HTTP, driven by Slack-signed requests, talking to
 * the fake Slack: signatures, /renubu, App Home and the snooze modal, /healthz, and stop().
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import type { Serving } from '../../src/cli/serve.ts';
import type { FakeSlack, SlackDriver } from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';
import { AS_OF, NOON, seedWorld, serveWorld, startWorldSlack, USERS } from './world.ts';

let db: TestDatabase;
let fake: FakeSlack;
let serving: Serving;
let slack: SlackDriver;
const out = captureOutput();

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startWorldSlack();
  await seedWorld(db.sql);
  const run = await runCli(['daily-run', '--as-of', AS_OF], {
    env: { DATABASE_URL: db.url },
    cwd: '/tmp',
    out: captureOutput(),
  });
  expect(run).toBe(0);
  ({ serving, slack } = await serveWorld(db.url, fake, { out }));
});
afterAll(async () => {
  await serving?.stop();
  await fake.close();
  await db.drop();
});
beforeEach(() => fake.reset());

/** The ephemeral answer posted to a command's response URL. */
async function answerTo(reply: { responseUrl: string }) {
  await vi.waitFor(() => expect(fake.responses(reply.responseUrl)).toHaveLength(1));
  return fake.responses(reply.responseUrl)[0]!.body as { text: string; response_type: string };
}

describe('requests into the Bolt app', () => {
  it('refuses a stale timestamp and a wrong signature with 401', async () => {
    expect((await slack.command(USERS.ben.id, 'today', { stale: true })).status).toBe(401);
    expect((await slack.command(USERS.ben.id, 'today', { wrongSignature: true })).status).toBe(401);
    expect(fake.responses()).toEqual([]);
  });

  it('answers /renubu today within 3 s with the CSM own one thing, ephemerally', async () => {
    const reply = await slack.command(USERS.ana.id, 'today');
    expect(reply.status).toBe(200);
    expect(reply.ms).toBeLessThan(3000);
    const answer = await answerTo(reply);
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toMatch(/globex/i);
    expect(JSON.stringify(answer)).not.toMatch(/umbrella/i);
  });

  it('answers /renubu list, help and an unknown word', async () => {
    expect((await answerTo(await slack.command(USERS.ben.id, 'list'))).text).toMatch(/1 active/);
    expect((await answerTo(await slack.command(USERS.ben.id, ''))).text).toMatch(/renubu/i);
    const unknown = await answerTo(await slack.command(USERS.ben.id, 'dance'));
    expect(unknown.text).toContain('dance');
  });

  it('gives someone who is not a CSM the polite answer and no data', async () => {
    const answer = await answerTo(await slack.command(USERS.eve.id, 'today'));
    expect(answer.text).toMatch(/only work for the customer success managers/);
    expect(JSON.stringify(answer)).not.toMatch(/globex|umbrella|initech/i);
  });
});

describe('App Home', () => {
  const headers = (user: string) =>
    ((fake.homeOf(user)?.blocks ?? []) as { type: string; text?: { text: string } }[])
      .filter((b) => b.type === 'header')
      .map((b) => b.text?.text);

  it('publishes Home once per event id, and a snooze through the modal moves a workflow to Snoozed', async () => {
    const event = { type: 'app_home_opened', user: USERS.ana.id, channel: 'D0ANA', tab: 'home' };
    await slack.event(event, { eventId: 'EvHOME1' });
    await slack.event(event, { eventId: 'EvHOME1', retryNum: 1 });
    await fake.waitForCall('views.publish');
    await new Promise((resolve) => setTimeout(resolve, 200)); // time for a wrong second one
    expect(fake.callsTo('views.publish')).toHaveLength(1);
    expect(headers(USERS.ana.id)).toEqual(expect.arrayContaining(['Active (2)', 'Snoozed (0)']));

    const click = await slack.blockAction(USERS.ana.id, {
      actionId: 'digest.snooze_workflow',
      view: fake.homeOf(USERS.ana.id)!,
    });
    expect(click.status).toBe(200);
    await fake.waitForCall('views.open', (call) => call.response.ok === true);
    const [modal] = fake.modalsOf(USERS.ana.id);

    const empty = await slack.viewSubmission(USERS.ana.id, modal!, {});
    expect(empty.body).toMatchObject({
      response_action: 'errors',
      errors: { 'snooze_workflow.quick': expect.any(String) },
    });
    const done = await slack.viewSubmission(USERS.ana.id, modal!, {
      'snooze_workflow.quick': { 'snooze_workflow.pick_quick': '2d' },
      'snooze_workflow.reason': { 'snooze_workflow.write_reason': 'waiting for finance' },
    });
    expect(done.status).toBe(200);
    await vi.waitFor(() => expect(fake.callsTo('views.publish')).toHaveLength(2));
    expect(headers(USERS.ana.id)).toEqual(expect.arrayContaining(['Active (1)', 'Snoozed (1)']));
    const [row] = await db.sql`
      select status, snoozed_until from workflow_instances where status = 'snoozed'`;
    expect(row?.snoozed_until).toEqual(new Date(NOON.getTime() + 2 * 86_400_000));
  });

  it('republishes Home on Refresh', async () => {
    await slack.event({ type: 'app_home_opened', user: USERS.ben.id, tab: 'home' });
    await fake.waitForCall('views.publish');
    const click = await slack.blockAction(USERS.ben.id, {
      actionId: 'home.refresh',
      view: fake.homeOf(USERS.ben.id)!,
    });
    expect(click.status).toBe(200);
    await vi.waitFor(() => expect(fake.callsTo('views.publish')).toHaveLength(2));
  });
});

describe('the HTTP server', () => {
  it('answers GET /healthz at once and GET /readyz with the database state', async () => {
    const live = await fetch(`http://127.0.0.1:${serving.port}/healthz`);
    expect(await live.json()).toEqual({ ok: true });
    const response = await fetch(`http://127.0.0.1:${serving.port}/readyz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { checks: Record<string, { ok: boolean }> };
    expect(body.checks.database?.ok).toBe(true);
    expect(body.checks.jobs).toEqual({ ok: true, state: 'running' });
    expect(out.text()).toContain('Slack over HTTP');
  });
});
