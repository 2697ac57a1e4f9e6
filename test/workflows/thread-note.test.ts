/** A note in a workflow thread quotes what a person typed (a reason): Slack must show it as typed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueNote } from '../../src/workflows/thread-messages.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { type Seeded, seedExecution } from '../jobs/fixture.ts';

let db: TestDatabase;
let seeded: Seeded;

beforeAll(async () => {
  db = await createTestDatabase();
  seeded = await seedExecution(db.sql);
});
afterAll(() => db.drop());

describe('thread notes', () => {
  it.each([
    ['budget < 400K & margin > 20%', 'budget &lt; 400K &amp; margin &gt; 20%'],
    ['<b>waiting</b>', '&lt;b&gt;waiting&lt;/b&gt;'],
    ['<!channel> <@U123>', '&lt;!channel&gt; &lt;@U123&gt;'],
  ])('escapes a snooze reason %j once', async (reason, shown) => {
    const [company] = await db.sql`select company_id from workflow_executions
      where id = ${seeded.executionId}`;
    const target = {
      executionId: seeded.executionId,
      companyId: company!.company_id as number,
      slackUserId: 'U0ANA',
      now: new Date('2026-11-25T12:00:00Z'),
    };
    const name = `snooze-${shown.length}`;
    await db.sql.begin((tx) =>
      enqueueNote(tx, target, name, `⏸️ Step 3 snoozed until Fri: ${reason}`, '1.2'),
    );
    const [row] = await db.sql`select payload from outbox
      where idempotency_key = ${`thread:${seeded.executionId}:note:${name}`}`;
    expect(row!.payload.text).toBe(`⏸️ Step 3 snoozed until Fri: ${shown}`);
  });
});
