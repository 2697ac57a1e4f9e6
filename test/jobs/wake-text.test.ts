/** The wake-up DM quotes the snooze reason a person typed: escaped once, counts in words. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAKE_KIND, wakeStep } from '../../jobs/snooze-wakeup.ts';
import { applyStepAction } from '../../src/workflows/step-actions.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { type Seeded, seedExecution } from './fixture.ts';

let db: TestDatabase;
let seeded: Seeded;
const NOW = new Date('2026-11-25T17:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  seeded = await seedExecution(db.sql);
});
afterAll(() => db.drop());

describe('snooze-wakeup DM', () => {
  it('shows a reason with <, > and & as typed, and pings no one', async () => {
    const until = new Date(NOW.getTime() + 86_400_000);
    const reason = '<!channel> budget < 400K & margin > 20% <b>waiting</b>';
    const target = { executionId: seeded.executionId, stepIndex: null, actorCsmId: seeded.anaId };
    const done = await applyStepAction(
      db.sql,
      { ...target, now: NOW, source: 'command' as const },
      { action: 'snooze', until, event: null, reason },
    );
    const data = {
      key: `wake:${seeded.executionId}:${done.stepIndex}`,
      executionId: seeded.executionId,
      stepIndex: done.stepIndex,
      snoozedUntil: until.toISOString(),
    };
    expect(await wakeStep(db.sql, data, until)).toMatchObject({ rot: false });
    const [row] = await db.sql`select payload from outbox where kind = ${WAKE_KIND}`;
    const text = row!.payload.text as string;
    expect(text).toContain(
      ': &lt;!channel&gt; budget &lt; 400K &amp; margin &gt; 20% &lt;b&gt;waiting&lt;/b&gt;',
    );
    expect(text).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
    expect(row!.payload.blocks[0].text.text).toBe(text);
  });
});
