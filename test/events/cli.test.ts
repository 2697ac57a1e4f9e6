/**
 * `renubu event FILE.json`: a file of several events is validated like the webhook (errors
 * name the index and field), handled by the same service, one line per event; exit 1 when
 * any failed; running the same file again reports duplicates and creates nothing.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { captureOutput } from '../helpers/output.ts';
import { clock, count, type EventsWorld, event, startWorld } from './fixture.ts';

let world: EventsWorld;
let dir: string;

beforeAll(async () => {
  world = await startWorld();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-events-'));
});
afterAll(async () => {
  await world?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

async function renubuEvent(events: unknown) {
  const file = path.join(dir, `events-${Math.random().toString(36).slice(2)}.json`);
  await fs.writeFile(file, JSON.stringify(events));
  const out = captureOutput();
  const err = captureOutput();
  const code = await runCli(['event', file], {
    env: { DATABASE_URL: world.db.url, RENUBU_HOME: dir },
    cwd: dir,
    out,
    err,
    clock,
  });
  return { code, lines: out.text().trim().split('\n'), err: err.text() };
}

describe('renubu event', () => {
  const good = [
    event('ticket.created', { priority: 'urgent' }, 'cli-1'),
    event('usage.reported', { active_users: 40 }, 'cli-2'),
    event('contact.changed', { external_id: 'p-user', active: false }, 'cli-3'),
  ];

  it('handles a file of events, one line each', async () => {
    const run = await renubuEvent(good);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(3);
    expect(run.lines[0]).toMatch(/^#0 cli-1: created risk-escalation \(priority [\d.]+\)$/);
    expect(run.lines[1]).toMatch(/^#1 cli-2: created opportunity-usage-spike \(priority [\d.]+\)$/);
    expect(run.lines[2]).toBe('#2 cli-3: stored');
    const sources = await world.sql`select distinct source from events`;
    expect(sources).toEqual([{ source: 'cli' }]);
  });

  it('reports duplicates on a second run and creates nothing', async () => {
    const before = await count(world.sql, 'workflow_instances');
    const run = await renubuEvent(good);
    expect(run.code).toBe(0);
    expect(run.lines.map((line) => line.split(' ')[2])).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(await count(world.sql, 'workflow_instances')).toBe(before);
  });

  it('names the index and field of bad events, handles the rest, and exits 1', async () => {
    const run = await renubuEvent([
      event('ticket.created', { priority: 'huge' }, 'cli-4'),
      { ...event('ticket.created', { priority: 'low' }, 'cli-5'), customer: 'nobody' },
      event('ticket.created', { priority: 'low' }, 'cli-6'),
    ]);
    expect(run.code).toBe(1);
    expect(run.lines[0]).toMatch(/^#0 cli-4: failed: data\.priority: /);
    expect(run.lines[1]).toBe('#1 cli-5: failed: customer: no customer "nobody"');
    expect(run.lines[2]).toBe('#2 cli-6: stored');
    expect(run.err).toBe('2 of 3 event(s) failed.\n');
  });

  it('takes a single event object too', async () => {
    const run = await renubuEvent(event('ticket.created', { priority: 'normal' }, 'cli-7'));
    expect(run.lines).toEqual(['#0 cli-7: stored']);
  });
});
