/**
 * The offline Slack harness: a fake Slack Web API on loopback that Bolt's own WebClient talks
 * to, a driver that sends Slack-signed requests into the app, and Block Kit limit checks.
 * Nothing leaves 127.0.0.1.
 *
 * Wiring Renubu's real app to it in a test:
 *
 * ```ts
 * const fake = await startFakeSlack({ users: [{ id: 'U0ANA', email: 'ana@acme.test', name: 'ana' }] });
 * const receiver = new HTTPReceiver({ signingSecret: SECRET });
 * const app = new App({
 *   receiver,
 *   token: DEFAULT_BOT_TOKEN,
 *   botId: fake.identity.botId, // with both ids Bolt skips auth.test at start
 *   botUserId: fake.identity.botUserId,
 *   clientOptions: { slackApiUrl: fake.url, retryConfig: FAST_RETRIES },
 * });
 * registerListeners(app, services); // Renubu's own listeners from src/slack/
 * // Or build the app from settings: SLACK_API_URL=fake.url, SLACK_BOT_TOKEN=DEFAULT_BOT_TOKEN.
 * const served = await serveOnLoopback(receiver.requestListener);
 * const slack = createSlackDriver({ baseUrl: served.baseUrl, signingSecret: SECRET, fake });
 *
 * const reply = await slack.command('U0ANA', 'today'); // 200, Bolt acked
 * await fake.waitForCall('chat.postEphemeral'); // or fake.responses(reply.responseUrl)
 * expect(fake.messagesIn('U0ANA')).toHaveLength(1); // the DM, by user id
 * await served.close();
 * await fake.close();
 * ```
 *
 * Both ways of serving Bolt 5's HTTPReceiver work: `await app.start({ port: 0, host:
 * '127.0.0.1' })` resolves with the node:http Server (read its port from `address()`), and
 * `serveOnLoopback(receiver.requestListener)` serves the same listener from our own server.
 * `app.start(0)` works too but listens on every interface; prefer the loopback forms.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export * from '../../src/sandbox/slack/fake-slack.ts';
export type { Failure, RateLimitStorm } from '../../src/sandbox/slack/fake-slack-api.ts';
export type {
  ResponseTarget,
  SlackChannel,
  SlackUser,
  StoredEphemeral,
  StoredMessage,
} from '../../src/sandbox/slack/fake-slack-world.ts';
export * from '../../src/sandbox/slack/slack-driver.ts';
export * from '../../src/sandbox/slack/slack-limits.ts';

/** WebClient retries small enough that a test sees retried failures in milliseconds. */
export const FAST_RETRIES = { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 };

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT`: the driver's `baseUrl`. */
  baseUrl: string;
  close(): Promise<void>;
}

/** Serve a request listener (Bolt's `receiver.requestListener`) on 127.0.0.1, free port. */
export async function serveOnLoopback(listener: RequestListener): Promise<LoopbackServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
