/**
 * `/renubu today` before the day's first daily run (issue 15 item 8): a CSM with customers
 * hears that the day has not run yet, not "All clear"; after the run, the one thing. A CSM
 * with no customers is all clear either way. App Home says the same as `/renubu today`.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import type { Serving } from '../../src/cli/serve.ts';
import type { FakeSlack, SlackDriver } from '../harness/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';
import { AS_OF, seedWorld, serveWorld, startWorldSlack, USERS } from './world.ts';

let db: TestDatabase;
let fake: FakeSlack;
let serving: Serving;
let slack: SlackDriver;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startWorldSlack();
  await seedWorld(db.sql);
  // yesterday's run only: today's has not happened
  const yesterday = await runCli(['daily-run', '--as-of', '2026-11-24'], {
    env: { DATABASE_URL: db.url },
    cwd: '/tmp',
    out: captureOutput(),
  });
  expect(yesterday).toBe(0);
  await db.sql`update workflow_instances set status = 'closed'`;
  ({ serving, slack } = await serveWorld(db.url, fake));
}, 60_000);
afterAll(async () => {
  await serving?.stop();
  await fake?.close();
  await db?.drop();
});

async function today(user: string): Promise<string> {
  const reply = await slack.command(user, 'today');
  expect(reply.status).toBe(200);
  await vi.waitFor(() => expect(fake.responses(reply.responseUrl)).toHaveLength(1));
  return (fake.responses(reply.responseUrl)[0]!.body as { text: string }).text;
}

/** The text of the Home tab's blocks as last published for `user`. */
async function homeText(user: string): Promise<string> {
  const before = fake.callsTo('views.publish').length;
  await slack.event({ type: 'app_home_opened', user, tab: 'home' });
  await vi.waitFor(() => expect(fake.callsTo('views.publish').length).toBeGreaterThan(before));
  return JSON.stringify(fake.homeOf(user)?.blocks ?? []);
}

describe('App Home', () => {
  it("says the day has not run yet before its run, not 'All clear'", async () => {
    const home = await homeText(USERS.ben.id);
    expect(home).toContain("Today's daily run has not run yet.");
    expect(home).not.toContain('All clear');
    expect(await homeText(USERS.ida.id)).toContain('All clear today.');
  });
});

describe('/renubu today', () => {
  it("says the day has not run yet before its run, then gives the run's one thing", async () => {
    expect(await today(USERS.ben.id)).toBe("Today's daily run has not run yet");
    expect(await today(USERS.ida.id)).toBe('All clear today: nothing needs you');
    const run = await runCli(['daily-run', '--as-of', AS_OF], {
      env: { DATABASE_URL: db.url },
      cwd: '/tmp',
      out: captureOutput(),
    });
    expect(run).toBe(0);
    expect(await today(USERS.ben.id)).toMatch(/^Today's one thing: umbrella/);
  });
});
