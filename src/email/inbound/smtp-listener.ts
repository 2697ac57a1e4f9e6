/**
 * Renubu's own SMTP listener for replies (PRODUCT.md §12, SMTP_INBOUND_PORT), on smtp-server:
 * it takes mail only for `reply+TOKEN@EMAIL_REPLY_DOMAIN` with a token we signed (550 for any
 * other recipient, before any body is sent), refuses a message over the size limit with 552,
 * holds at most `maxClients` connections and `perMinute` connections a minute from one
 * address (421 past it). No AUTH (the token authenticates); STARTTLS is not offered.
 * Each accepted message goes to the one handler (./handle.ts) before the 250.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { checkReplyAddress, handleInboundEmail, type InboundDeps } from './handle.ts';
import { UnreadableEmail } from './read.ts';

export const INBOUND_LIMITS = {
  /** Largest message accepted (bytes): a reply is words, not attachments. */
  maxBytes: 1024 * 1024,
  maxClients: 20,
  /** Connections a minute from one IP address. */
  perMinute: 60,
};

export interface ReplyListener {
  port: number;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

export async function startReplyListener(
  deps: InboundDeps & { port: number; host?: string; limits?: Partial<typeof INBOUND_LIMITS> },
): Promise<ReplyListener> {
  const limits = { ...INBOUND_LIMITS, ...deps.limits };
  const seen = new Map<string, number[]>();
  const server = new SMTPServer({
    name: deps.domain,
    banner: 'Renubu replies',
    size: limits.maxBytes,
    maxClients: limits.maxClients,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    logger: false,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    onConnect(session, callback) {
      const ip = session.remoteAddress;
      const now = deps.clock.now().getTime();
      const recent = (seen.get(ip) ?? []).filter((t) => now - t < 60_000);
      recent.push(now);
      seen.set(ip, recent);
      if (seen.size > 10_000) seen.clear(); // never a memory for every address on the internet
      if (recent.length > limits.perMinute) {
        deps.logger.warn({ ip }, 'email reply listener: too many connections from one address');
        return callback(smtpError(421, 'Too many connections from your address; try later'));
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      checkReplyAddress(deps, address.address).then(
        (check) => {
          // an expired token is ours: its sender gets one answer saying so
          if (check && (check.ok || check.reason === 'expired')) return callback();
          deps.logger.info({ reason: check?.reason ?? 'not a reply address' }, 'RCPT refused');
          callback(smtpError(550, 'No such reply address'));
        },
        (error: unknown) => {
          deps.logger.error({ err: error }, 'email reply listener: cannot check the address');
          callback(smtpError(451, 'Try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          return callback(smtpError(552, `Message larger than ${limits.maxBytes} bytes`));
        }
        const from = session.envelope.mailFrom;
        const envelope = {
          recipients: session.envelope.rcptTo.map((r) => r.address),
          mailFrom: from ? from.address : '',
        };
        handleInboundEmail(deps, Buffer.concat(chunks), envelope).then(
          () => callback(),
          (error: unknown) => {
            if (error instanceof UnreadableEmail) return callback(smtpError(554, error.message));
            deps.logger.error({ err: error }, 'email reply listener: handling failed');
            callback(smtpError(451, 'Try again later'));
          },
        );
      });
    },
  });
  server.on('error', (error) => deps.logger.warn({ err: error }, 'email reply listener error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(deps.port, deps.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
