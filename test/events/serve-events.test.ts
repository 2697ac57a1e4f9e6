/**
 * `renubu serve` mounts the signed POST /events webhook beside Slack: a high-priority ticket
 * for Ben's customer makes a risk-escalation workflow, and Ben gets one DM within seconds.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseOpener } from '../../src/cli/context.ts';
import { type Serving, serve } from '../../src/cli/serve.ts';
import { systemClock } from '../../src/clock.ts';
import { signEvent } from '../../src/events/signature.ts';
import { FAST_RETRIES, type FakeSlack } from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';
import { seedWorld, startWorldSlack, USERS, worldSettings } from '../slack/world.ts';

const WEBHOOK_SECRET = 'events-webhook-secret-for-tests';
let db: TestDatabase;
let fake: FakeSlack;
let serving: Serving;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startWorldSlack();
  await seedWorld(db.sql);
  const settings = worldSettings(db.url, fake, { EVENTS_WEBHOOK_SECRET: WEBHOOK_SECRET });
  const err = captureOutput();
  serving = await serve(
    {
      settings,
      out: captureOutput(),
      err,
      clock: systemClock,
      openDatabase: databaseOpener(settings, err),
    },
    {
      port: 0,
      host: '127.0.0.1',
      botIds: { botId: fake.identity.botId, botUserId: fake.identity.botUserId },
      retryConfig: FAST_RETRIES,
    },
  );
});
afterAll(async () => {
  await serving?.stop();
  await fake.close();
  await db.drop();
});

async function post(body: string, headers: Record<string, string>) {
  const response = await fetch(`http://127.0.0.1:${serving.port}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('POST /events on the serve port', () => {
  it('creates the workflow and DMs the CSM once, and refuses a bad signature', async () => {
    const body = JSON.stringify({
      type: 'ticket.created',
      id: 'evt-serve-1',
      customer: 'umbrella',
      occurred_at: new Date().toISOString(),
      data: { external_id: 'tk-1', priority: 'urgent', subject: 'Outage' },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await post(body, signEvent(WEBHOOK_SECRET, body, timestamp));
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ status: 'created', eventId: 'evt-serve-1' });
    expect((first.json.workflows as { type: string }[]).map((w) => w.type)).toEqual([
      'risk-escalation',
    ]);
    await vi.waitFor(() => expect(fake.messagesIn(USERS.ben.id)).toHaveLength(1), {
      timeout: 5000,
    });

    const replay = await post(body, signEvent(WEBHOOK_SECRET, body, timestamp));
    expect(replay).toEqual({ status: 200, json: first.json });
    const forged = await post(body, signEvent('another-secret-entirely', body, timestamp));
    expect(forged.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.messagesIn(USERS.ben.id)).toHaveLength(1);
  });
});
