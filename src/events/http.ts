/**
 * `POST /events` for node:http (PRODUCT.md §7). The raw body is read up to a limit (413
 * past it), its signature checked against the raw bytes (401), parsed and validated (400
 * naming the field), then handled by the events service: 200 with the result (a replay gets
 * the same result), 422 for an unknown customer or contact. Without a secret the endpoint
 * is off and answers 404, as does any other path. Errors are JSON `{ error, message }`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock.ts';
import type { Sql } from '../db/connection.ts';
import { handleEvent } from './handle.ts';
import { parseEvent } from './schema.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './signature.ts';

export const EVENTS_PATH = '/events';
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface EventsHandlerOptions {
  sql: Sql;
  /** EVENTS_WEBHOOK_SECRET; undefined turns the endpoint off. */
  secret: string | undefined;
  clock: Clock;
  maxBodyBytes?: number;
  /** Told about unexpected failures (500s). */
  onError?: (error: unknown) => void;
  /** Told when an event was stored, so the outbox can deliver its DM at once. */
  onStored?: () => void;
}

export type EventsHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export const UNAUTHORIZED: Record<string, string> = {
  missing_headers: `missing ${TIMESTAMP_HEADER} or ${SIGNATURE_HEADER} header`,
  bad_timestamp: `${TIMESTAMP_HEADER} must be unix seconds`,
  stale_timestamp: `${TIMESTAMP_HEADER} is more than 5 minutes from our clock`,
  bad_signature: 'signature does not match',
};

export function createEventsHandler(options: EventsHandlerOptions): EventsHandler {
  const { sql, secret, clock } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (!secret || path !== EVENTS_PATH) return send(res, 404, { error: 'not_found' });
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return send(res, 405, { error: 'method_not_allowed', message: 'use POST' });
    }
    try {
      const body = await readBody(req, maxBodyBytes);
      if (body === null) {
        res.setHeader('connection', 'close');
        const message = `body larger than ${maxBodyBytes} bytes`;
        return send(res, 413, { error: 'body_too_large', message });
      }
      const check = verifySignature(
        secret,
        body,
        { timestamp: header(req, TIMESTAMP_HEADER), signature: header(req, SIGNATURE_HEADER) },
        clock.now(),
      );
      if (!check.ok) {
        return send(res, 401, { error: check.reason, message: UNAUTHORIZED[check.reason] });
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        return send(res, 400, { error: 'invalid_body', field: 'body', message: 'not JSON' });
      }
      const parsed = parseEvent(json);
      if (!parsed.ok) {
        return send(res, 400, {
          error: 'invalid_body',
          field: parsed.field,
          message: parsed.message,
        });
      }
      const result = await handleEvent(sql, parsed.event, { clock, source: 'webhook' });
      if (result.status === 'rejected') {
        return send(res, 422, { error: result.code, field: result.field, message: result.message });
      }
      if (result.status !== 'duplicate') {
        options.onStored?.();
        return send(res, 200, result);
      }
      // A replay answers exactly what the original got; a header says it was a replay.
      res.setHeader('x-renubu-replay', 'true');
      const { replayOf, ...original } = result;
      return send(res, 200, { ...original, status: replayOf ?? 'stored' });
    } catch (error) {
      options.onError?.(error);
      if (!res.headersSent) send(res, 500, { error: 'internal', message: 'try again later' });
    }
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The raw body, or null when it is larger than `limit` (declared or actually sent). Past the
 * limit nothing more is kept; the rest is drained while the 413 closes the connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      resolve(null);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
