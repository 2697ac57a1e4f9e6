/**
 * A real SMTP server on loopback (smtp-server, port 0) that keeps what it receives, parsed by
 * mailparser. `rejectNext(n)` makes the next n DATA commands fail with a 4xx reply, as a
 * server that is busy would.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  received: ParsedMail[];
  /** Raw DATA of each accepted message, in order. */
  raw: Buffer[];
  /** DATA attempts, accepted or not. */
  attempts(): number;
  rejectNext(count: number, code?: number): void;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ParsedMail[] = [];
  const raw: Buffer[] = [];
  let attempts = 0;
  let reject = { count: 0, code: 451 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        attempts += 1;
        if (reject.count > 0) {
          reject.count -= 1;
          const error = Object.assign(new Error('try again later'), { responseCode: reject.code });
          callback(error);
          return;
        }
        const message = Buffer.concat(chunks);
        raw.push(message);
        simpleParser(message)
          .then((parsed) => {
            received.push(parsed);
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    raw,
    attempts: () => attempts,
    rejectNext(count, code = 451) {
      reject = { count, code };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
