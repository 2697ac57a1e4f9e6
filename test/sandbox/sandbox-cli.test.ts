/**
 * `renubu sandbox --definitions FILE`: a team previews its workflow definitions in the
 * sandbox. A bad file is refused with the definitions checker's messages before anything
 * starts; a good one is stored as the demo company's own, and the workflow it defines is
 * the one the bot walks when Justin begins it.
 */
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseOpener } from '../../src/cli/context.ts';
import { runCli } from '../../src/cli/index.ts';
import { type SandboxRun, startSandboxCommand } from '../../src/cli/sandbox.ts';
import { systemClock } from '../../src/clock.ts';
import { loadSettings } from '../../src/config.ts';
import { findElement } from '../../src/sandbox/slack/slack-payloads.ts';
import { captureOutput } from '../helpers/output.ts';

const PREVIEW = `
workflow_id: strategic-planning
name: Strategic planning (our short one)
slide_sequence: [intro, pricing-strategy, summary]
slide_contexts:
  intro:
    variables: { purpose: "plan ahead with {{customerName}}", closing: "Onward." }
  summary:
    variables: { outcome: planned }
`;

let home: string;
let run: SandboxRun | undefined;

const context = () => {
  const settings = loadSettings({ RENUBU_HOME: home, LOG_LEVEL: 'silent' }, home);
  const err = captureOutput();
  const out = captureOutput();
  return { settings, out, err, clock: systemClock, openDatabase: databaseOpener(settings, err) };
};

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'renubu-sandbox-cli-'));
  await chmod(home, 0o755); // the embedded server runs as the postgres user under root
});
afterAll(async () => {
  await run?.stop();
});

describe('renubu sandbox --definitions', () => {
  it('refuses a bad definitions file with what is wrong, before starting anything', async () => {
    const bad = join(home, 'bad.yaml');
    await writeFile(bad, 'workflow_id: x\nname: X\nslide_sequence: [no-such-slide]\n');
    const err = captureOutput();
    const code = await runCli(['sandbox', '--port', '0', '--definitions', bad], {
      env: { RENUBU_HOME: home, LOG_LEVEL: 'silent' },
      cwd: home,
      out: captureOutput(),
      err,
    });
    expect(code).not.toBe(0);
    expect(err.text()).toContain(`${bad}: `);
    expect(err.text()).toMatch(/no-such-slide/);
    expect(err.text()).toContain('nothing started');
  });

  it('walks the previewed definition when Justin begins the workflow', async () => {
    const file = join(home, 'preview.yaml');
    await writeFile(file, PREVIEW);
    const ctx = context();
    run = await startSandboxCommand(ctx, { port: 0, host: '127.0.0.1', definitions: [file] });
    expect(ctx.out.text()).toContain('Previewing "strategic-planning" (intro → pricing-strategy');
    const { fake } = run.sandbox;
    const justin = run.sandbox.users[0]!.id;
    const morning = fake.messagesIn(justin).find((m) => findElement(m.blocks, 'digest.begin'))!;
    const begin = findElement(morning.blocks, 'digest.begin')!;
    const response = await fetch(new URL('/sandbox/act', run.sandbox.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'block_action',
        user: justin,
        container: { type: 'message', channel: morning.channel, ts: morning.ts },
        actionId: 'digest.begin',
        value: String(begin.element.value),
      }),
    });
    expect(response.status).toBe(200);
    await vi.waitFor(
      () => {
        const parent = fake
          .messagesIn(justin)
          .find((m) => /Step 1 of/.test(JSON.stringify(m.blocks)));
        expect(JSON.stringify(parent?.blocks)).toContain('Step 1 of 3');
      },
      { timeout: 10_000 },
    );
  }, 120_000);
});
