/**
 * What an operator meets at the command line (issue 15 item 8): a refused bot token is one
 * sentence, in commands that send and in serve, not a WebAPIPlatformError stack; and the
 * Slack client's own warnings are JSON lines through pino like the rest of the log.
 */
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { serveOnLoopback } from '../harness/index.ts';
import { captureOutput } from '../helpers/output.ts';
import { spawnServe } from '../helpers/serve-bin.ts';
import { AS_OF, slackEnv, useSeededWorld } from './world.ts';

const world = useSeededWorld();
const REFUSED = 'Slack refused the bot token (invalid_auth): check SLACK_BOT_TOKEN.\n';

async function cli(args: string[], env: Record<string, string>) {
  const out = captureOutput();
  const err = captureOutput();
  const code = await runCli(args, { env, cwd: '/tmp', out, err });
  return { code, out: out.text(), err: err.text() };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a bot token Slack refuses', () => {
  it('ends daily-run with one sentence after its report', async () => {
    const { db, fake } = world();
    const env = slackEnv(db.url, fake, { SLACK_BOT_TOKEN: 'xoxb-revoked' });
    const run = await cli(['daily-run', '--as-of', AS_OF], env);
    expect(run.code).toBe(1);
    expect(run.out).toContain('Ana Ruiz (csm-ana)');
    expect(run.err).toBe(REFUSED);
  }, 60_000);

  it('ends serve, once it has asked Slack, with the same sentence and exit code 1', async () => {
    const { db, fake } = world();
    const env = slackEnv(db.url, fake, { SLACK_BOT_TOKEN: 'xoxb-revoked', LOG_LEVEL: 'silent' });
    const serve = spawnServe(env);
    try {
      expect(await serve.exited).toBe(1);
      expect(serve.output()).toContain(REFUSED);
      expect(serve.output()).not.toMatch(/WebAPIPlatformError|at .*\.ts:\d+/);
    } finally {
      serve.kill();
    }
  }, 60_000);
});

/** Read a request's body. */
async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("the Slack client's own warnings", () => {
  it('are JSON lines through pino in a command that sends', async () => {
    const { db, fake } = world();
    // in front of the fake Slack: every answer carries a warning, as Slack's sometimes do
    const proxy = await serveOnLoopback(async (request, response) => {
      const answer = await fetch(`${fake.url}${request.url?.replace(/^\//, '')}`, {
        method: request.method ?? 'POST',
        headers: {
          'content-type': request.headers['content-type'] ?? 'application/x-www-form-urlencoded',
          authorization: request.headers.authorization ?? '',
        },
        body: await body(request),
      });
      const json = (await answer.json()) as Record<string, unknown>;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ ...json, response_metadata: { warnings: ['odd_warning'] } }));
    });
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write);
    vi.spyOn(console, 'warn').mockImplementation((...parts: unknown[]) => {
      written.push(parts.join(' '));
    });
    try {
      const env = slackEnv(db.url, fake, {
        SLACK_API_URL: `${proxy.baseUrl}/`,
        LOG_LEVEL: 'warn',
      });
      const run = await cli(['daily-run', '--as-of', AS_OF], env);
      expect(run.code).toBe(0);
    } finally {
      vi.restoreAllMocks();
      await proxy.close();
    }
    const lines = written
      .join('')
      .split('\n')
      .filter((line) => line.includes('odd_warning'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(JSON.parse(line)).toMatchObject({
        level: 40,
        app: 'renubu',
        component: 'bolt',
        msg: expect.stringMatching(/^odd_warning/),
      });
    }
  }, 60_000);
});
