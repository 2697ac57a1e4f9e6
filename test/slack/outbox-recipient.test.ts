/** An outbox DM addressed by email (a manager whose Slack id is not known yet) is delivered. */
import { WebClient } from '@slack/web-api';
import { beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { enqueue, outboxByPrefix } from '../../src/db/outbox.ts';
import { createLogger } from '../../src/logger.ts';
import { deliverSlackOutbox } from '../../src/slack/outbox-sender.ts';
import { DEFAULT_BOT_TOKEN, FAST_RETRIES, type FakeSlack } from '../harness/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { USERS, useSeededWorld } from './world.ts';

let db: TestDatabase;
let fake: FakeSlack;

const seeded = useSeededWorld();
beforeAll(() => {
  ({ db, fake } = seeded());
});

it('looks the email up, DMs that user once, and remembers the Slack id', async () => {
  await enqueue(db.sql, {
    idempotencyKey: 'by-email:1',
    channel: 'slack',
    kind: 'test',
    recipient: 'ana@acme.test',
    payload: { text: 'Escalated to you' },
    companyId: 1,
    availableAt: new Date(),
  });
  const deps = {
    sql: db.sql,
    client: new WebClient(DEFAULT_BOT_TOKEN, { slackApiUrl: fake.url, retryConfig: FAST_RETRIES }),
    clock: fixedClock(new Date(Date.now() + 1000)),
    logger: createLogger('silent'),
  };
  expect(await deliverSlackOutbox(deps)).toMatchObject({ sent: 1 });
  expect(fake.messagesIn(USERS.ana.id).map((m) => m.text)).toEqual(['Escalated to you']);
  const [row] = await outboxByPrefix(db.sql, 'by-email:');
  expect(row?.status).toBe('sent');
  const [csm] = await db.sql`select slack_user_id from csms where external_id = 'csm-ana'`;
  expect(csm?.slack_user_id).toBe(USERS.ana.id);
  expect(await deliverSlackOutbox(deps)).toMatchObject({ sent: 0 });
});
