/**
 * The demo day tells the narrative's story (seed, chapters 2-4): Obsidian Black is in the
 * strategic stage with a strategic-planning workflow, no risk workflow, and sits in Justin's
 * top five; and the portfolio exercises every stage and every non-event workflow type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/index.ts';
import { STAGES, WORKFLOW_TRIGGER, WORKFLOW_TYPES } from '../src/domain/index.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { captureOutput } from './helpers/output.ts';

const DAY = '2026-11-25';
let db: TestDatabase;
let demoOut: string;

interface Day {
  customers: { customerId: string; stage: string | null; workflows: { type: string }[] }[];
  summaries: {
    csm: string;
    oneThing: { customerId: string; type: string } | null;
    priorityList: { customerId: string }[];
  }[];
}

async function cli(...argv: string[]) {
  const out = captureOutput();
  const err = captureOutput();
  const code = await runCli(argv, { env: { DATABASE_URL: db.url }, cwd: '/tmp', out, err });
  expect(code, err.text()).toBe(0);
  return out.text();
}

beforeAll(async () => {
  db = await createTestDatabase();
  demoOut = await cli('demo', '--as-of', DAY);
});
afterAll(() => db.drop());

describe('renubu demo runs the day', () => {
  it("prints each CSM's morning DM as text when Slack is off, Obsidian Black first for Justin", () => {
    expect(demoOut).toContain(`The morning of ${DAY}: each CSM's DM (Slack is off, so here):`);
    const start = demoOut.indexOf('DM to Justin Avery (csm-justin');
    expect(start).toBeGreaterThan(0);
    const justin = demoOut.slice(start, demoOut.indexOf('DM to ', start + 10));
    const lines = justin.split('\n');
    expect(lines).toContain("Today's One Thing");
    expect(lines[lines.indexOf("Today's One Thing") + 3]).toBe('*Obsidian Black*');
    expect(justin).toContain('$185K ARR · renewal in 365 days · strategic stage');
    expect(justin).toContain('*Why this is first:* $185K ARR ×1.5');
    expect(justin).toContain("[Let's Begin]");
    expect(demoOut).toContain('renubu sandbox');
  });

  it('prints one entry per customer in every DM, its other workflows named beside it', () => {
    const dms = demoOut.split(/\n─+\nDM to /).slice(1);
    expect(dms.length).toBeGreaterThan(1);
    let also = 0;
    for (const dm of dms) {
      const lines = dm.split('\n');
      const first = lines[lines.indexOf("Today's One Thing") + 3] ?? '';
      const listed = [first, ...lines.filter((line) => /^\*\d+\. /.test(line))].map((line) =>
        line.replace(/^\*(?:\d+\. )?([^*]+)\*.*$/, '$1'),
      );
      const who = dm.slice(0, dm.indexOf('\n'));
      expect(new Set(listed).size, `${who}: ${listed.join(', ')}`).toBe(listed.length);
      also += lines.filter((line) => line.includes('also open: ')).length;
    }
    expect(also, 'some customer has more than one open workflow').toBeGreaterThan(0);
    // a renewal a year out adds nothing to the score, so it is not a reason
    expect(demoOut).not.toMatch(/Why this is first:\*[^\n]*renewal in 3\d\d days/);
  });

  it("tells Obsidian Black's story in the JSON of the day", async () => {
    const day = JSON.parse(await cli('daily-run', '--as-of', DAY, '--json', '--dry-run')) as Day;
    const obsidian = day.customers.find((c) => c.customerId === 'obsidian-black')!;
    expect(obsidian.stage).toBe('strategic');
    const types = obsidian.workflows.map((w) => w.type);
    expect(types).toContain('strategic-planning');
    expect(types.filter((t) => t.startsWith('risk'))).toEqual([]);
    const justin = day.summaries.find((s) => s.csm === 'csm-justin')!;
    expect(justin.priorityList.slice(0, 5).map((i) => i.customerId)).toContain('obsidian-black');

    const stages = new Set(day.customers.map((c) => c.stage));
    for (const stage of STAGES) expect(stages, stage).toContain(stage);
    const seen = new Set(day.customers.flatMap((c) => c.workflows.map((w) => w.type)));
    for (const type of WORKFLOW_TYPES.filter((t) => WORKFLOW_TRIGGER[t] !== 'event')) {
      expect(seen, type).toContain(type);
    }
  });
});
