/**
 * A local Socket Mode server speaking Slack's protocol (issue 18 item 5), for the fake Slack:
 * `apps.connections.open` with an app-level token answers a `ws://` URL of this server; a
 * connection gets `hello`, then envelopes (`events_api`, `interactive`, `slash_commands`),
 * each of which the app must ack (`{ envelope_id, payload }`) within 3 s, as Slack requires;
 * `disconnect` (reason `refresh_requested`, `warning`, …) or a dropped socket makes the app
 * open a new connection (a second `apps.connections.open`).
 *
 * `sender()` plugs into the Slack driver (slack-driver.ts, option `send`): what the driver
 * would POST to /slack/events goes as the matching envelope instead, and the ack's payload
 * comes back as the response body, so every driver call (commands, clicks, submissions,
 * messages, events) plays over Socket Mode unchanged.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Json } from './block-checks.ts';
import type { FakeSlack } from './fake-slack-api.ts';
import type { DriverResponse } from './signed-request.ts';

/** Slack's limit: an envelope not acked within 3 s counts as failed. */
export const ACK_TIMEOUT_MS = 3000;

export type EnvelopeType = 'events_api' | 'interactive' | 'slash_commands';

export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Json;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface Ack {
  envelope_id: string;
  payload: Json;
  /** When the ack came, ms after the envelope was sent. */
  ms: number;
}

export interface FakeSocketMode {
  /** Connections the app opened so far (each after an `apps.connections.open`). */
  readonly connections: number;
  /** Every envelope sent and every ack received, in order. */
  readonly envelopes: Envelope[];
  readonly acks: Ack[];
  /** Resolves once the app holds its `n`th connection (hello sent), or rejects after `timeoutMs`. */
  waitForConnection(n: number, timeoutMs?: number): Promise<void>;
  /** Send an envelope on the open connection; resolves with the app's ack (3 s at most). */
  send(type: EnvelopeType, payload: Json, extra?: Partial<Envelope>): Promise<Ack>;
  /** A driver transport: a body the driver would POST, sent as the matching envelope. */
  sender(): (
    body: string,
    contentType: string,
    sign?: unknown,
    headers?: Record<string, string>,
  ) => Promise<DriverResponse>;
  /** Ask the app to reconnect, as Slack does before it recycles a connection. */
  disconnect(reason?: 'refresh_requested' | 'warning' | 'link_disabled'): void;
  /** Drop the connection without a word (a network cut). */
  dropConnection(): void;
  close(): Promise<void>;
}

/** Which envelope carries a body the driver would POST over HTTP. */
export function envelopeOf(
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): Pick<Envelope, 'type' | 'payload' | 'accepts_response_payload'> & Partial<Envelope> {
  if (contentType.startsWith('application/json')) {
    const payload = JSON.parse(body) as Json;
    const retry = headers['x-slack-retry-num'];
    return {
      type: 'events_api',
      payload,
      accepts_response_payload: false,
      ...(retry === undefined
        ? { retry_attempt: 0, retry_reason: '' }
        : { retry_attempt: Number(retry), retry_reason: headers['x-slack-retry-reason'] ?? '' }),
    };
  }
  const form = new URLSearchParams(body);
  const interactive = form.get('payload');
  if (interactive !== null) {
    const payload = JSON.parse(interactive) as Json;
    // Slack takes a response payload in the ack for modal submissions and option loads
    const answers = payload.type === 'view_submission' || payload.type === 'block_suggestion';
    return { type: 'interactive', payload, accepts_response_payload: answers };
  }
  return {
    type: 'slash_commands',
    payload: Object.fromEntries(form),
    accepts_response_payload: true,
  };
}

export async function startFakeSocketMode(fake: FakeSlack): Promise<FakeSocketMode> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const envelopes: Envelope[] = [];
  const acks: Ack[] = [];
  const pending = new Map<string, { sentAt: number; resolve(ack: Ack): void }>();
  const connectionWaiters: Array<{ n: number; resolve(): void }> = [];
  let connections = 0;
  let current: WebSocket | null = null;

  server.on('connection', (socket) => {
    connections += 1;
    current = socket;
    socket.on('message', (data) => {
      let message: Json;
      try {
        message = JSON.parse(String(data)) as Json;
      } catch {
        return; // Slack ignores what it cannot read
      }
      const id = typeof message.envelope_id === 'string' ? message.envelope_id : '';
      const waiting = pending.get(id);
      if (!waiting) return;
      pending.delete(id);
      const ack: Ack = {
        envelope_id: id,
        payload: (message.payload ?? {}) as Json,
        ms: performance.now() - waiting.sentAt,
      };
      acks.push(ack);
      waiting.resolve(ack);
    });
    socket.on('close', () => {
      if (current === socket) current = null;
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: fake.identity.appId },
      }),
    );
    for (const waiter of connectionWaiters.filter((w) => w.n <= connections)) {
      connectionWaiters.splice(connectionWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });

  fake.acceptSocketMode(
    () => `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}&app_id=${fake.identity.appId}`,
  );

  function send(type: EnvelopeType, payload: Json, extra: Partial<Envelope> = {}) {
    const socket = current;
    if (!socket || socket.readyState !== socket.OPEN) {
      return Promise.reject(new Error('the app holds no Socket Mode connection'));
    }
    const envelope: Envelope = {
      envelope_id: randomUUID(),
      type,
      payload,
      accepts_response_payload: false,
      ...extra,
    };
    envelopes.push(envelope);
    return new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(envelope.envelope_id);
        reject(new Error(`no ack for ${type} envelope within ${ACK_TIMEOUT_MS} ms`));
      }, ACK_TIMEOUT_MS);
      pending.set(envelope.envelope_id, {
        sentAt: performance.now(),
        resolve(ack) {
          clearTimeout(timer);
          resolve(ack);
        },
      });
      socket.send(JSON.stringify(envelope));
    });
  }

  return {
    get connections() {
      return connections;
    },
    envelopes,
    acks,
    waitForConnection(n, timeoutMs = 10_000) {
      if (connections >= n && current) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const waiter = {
          n,
          resolve() {
            clearTimeout(timer);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          connectionWaiters.splice(connectionWaiters.indexOf(waiter), 1);
          reject(new Error(`no Socket Mode connection #${n} within ${timeoutMs} ms`));
        }, timeoutMs);
        connectionWaiters.push(waiter);
      });
    },
    send,
    sender() {
      return async (body, contentType, _sign, headers = {}) => {
        const { type, payload, ...extra } = envelopeOf(body, contentType, headers);
        const ack = await send(type, payload, extra);
        const empty = Object.keys(ack.payload).length === 0;
        return { status: 200, body: empty ? undefined : ack.payload, ms: ack.ms };
      };
    },
    disconnect(reason = 'refresh_requested') {
      current?.send(
        JSON.stringify({
          type: 'disconnect',
          reason,
          debug_info: { host: 'applink-fake' },
        }),
      );
    },
    dropConnection() {
      current?.terminate();
      current = null;
    },
    async close() {
      fake.acceptSocketMode(null);
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
