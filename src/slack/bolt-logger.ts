/**
 * Bolt and its WebClient log through Renubu's pino logger, so Slack lines are JSON like the
 * rest. Bolt's own debug lines may carry request bodies; the WebClient redacts tokens itself.
 */
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../logger.ts';

const text = (parts: unknown[]) =>
  parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ');

export function boltLogger(logger: Logger): SlackLogger {
  let child = logger.child({ component: 'bolt' });
  return {
    debug: (...parts: unknown[]) => child.debug(text(parts)),
    info: (...parts: unknown[]) => child.info(text(parts)),
    warn: (...parts: unknown[]) => child.warn(text(parts)),
    error: (...parts: unknown[]) => child.error(text(parts)),
    // pino's level is set from LOG_LEVEL; Bolt asks for its own, which may only be stricter.
    setLevel: () => undefined,
    getLevel: () => {
      const level = child.level;
      if (level === 'debug' || level === 'trace') return LogLevel.DEBUG;
      if (level === 'info') return LogLevel.INFO;
      if (level === 'warn') return LogLevel.WARN;
      return LogLevel.ERROR;
    },
    setName: (name: string) => {
      child = logger.child({ component: name });
    },
  };
}
