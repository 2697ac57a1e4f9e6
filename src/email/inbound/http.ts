/**
 * `POST /email/inbound` (PRODUCT.md §12): an inbound-mail service posts the raw MIME message,
 * signed like `/events` (X-Renubu-Timestamp, X-Renubu-Signature over the raw body with
 * EVENTS_WEBHOOK_SECRET). 401 for a bad signature, 404 when the secret is unset (off, as
 * `/events`), 413 past the size limit, 400 for a body that is no email; otherwise 200 with
 * what was done (dropped on purpose is a 200 too: the sender must not retry it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, send as sendJson, UNAUTHORIZED } from '../../events/http.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../events/signature.ts';
import { handleInboundEmail, type InboundDeps } from './handle.ts';
import { UnreadableEmail } from './read.ts';
import { INBOUND_LIMITS } from './smtp-listener.ts';

export const EMAIL_INBOUND_PATH = '/email/inbound';

export function createEmailInboundHandler(
  deps: InboundDeps & { secret: string | undefined; onError?: (error: unknown) => void },
) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!deps.secret) return sendJson(res, 404, { error: 'not_found' });
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return sendJson(res, 405, { error: 'method_not_allowed', message: 'use POST' });
    }
    try {
      const body = await readBody(req, INBOUND_LIMITS.maxBytes);
      if (body === null) {
        res.setHeader('connection', 'close');
        const message = `body larger than ${INBOUND_LIMITS.maxBytes} bytes`;
        return sendJson(res, 413, { error: 'body_too_large', message });
      }
      const one = (name: string) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const check = verifySignature(
        deps.secret,
        body,
        { timestamp: one(TIMESTAMP_HEADER), signature: one(SIGNATURE_HEADER) },
        deps.clock.now(),
      );
      if (!check.ok) {
        return sendJson(res, 401, { error: check.reason, message: UNAUTHORIZED[check.reason] });
      }
      try {
        return sendJson(res, 200, await handleInboundEmail(deps, body));
      } catch (error) {
        if (!(error instanceof UnreadableEmail)) throw error;
        return sendJson(res, 400, { error: 'invalid_body', message: error.message });
      }
    } catch (error) {
      deps.onError?.(error);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal', message: 'try again later' });
    }
  };
}
