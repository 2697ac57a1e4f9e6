/** JSON-line logs (pino). Never log tokens, secrets or email bodies. */
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(
  level: string,
  destination: NodeJS.WritableStream = process.stderr,
): Logger {
  return pino(
    {
      level,
      base: { app: 'renubu' },
      redact: {
        paths: [
          '*.token',
          '*.password',
          '*.secret',
          '*.botToken',
          '*.signingSecret',
          'headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    destination as pino.DestinationStream,
  );
}
