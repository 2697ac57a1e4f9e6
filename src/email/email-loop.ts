/**
 * Email delivery inside `renubu serve`: a mailer from the settings (SMTP, or `.eml` files)
 * and a loop that drains the email rows of the outbox, whether Slack is on or off. At
 * shutdown: `stop()` (claim nothing more, let the attempt end), then `release()` (give back
 * what is still held, close the mailer).
 */
import type { Clock } from '../clock.ts';
import type { Settings } from '../config.ts';
import type { Sql } from '../db/connection.ts';
import { replySecret } from '../db/email-replies.ts';
import type { Logger } from '../logger.ts';
import { type OutboxLoop, startDeliveryLoop } from '../slack/outbox-loop.ts';
import { deliverEmailOutbox } from './outbox-email.ts';
import { createMailer, type Mailer } from './transport.ts';

export interface EmailDelivery extends OutboxLoop {
  /** Where emails go, in words, for the start-up line. */
  describe: string;
}

export function startEmailDelivery(options: {
  settings: Pick<Settings, 'smtpUrl' | 'emailFrom' | 'outboxDir'> &
    Partial<Pick<Settings, 'emailReply'>>;
  sql: Sql;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
  /** Told whether each send worked (readiness, src/health.ts). */
  onResult?: (ok: boolean, error?: string) => void;
}): EmailDelivery {
  const { settings, sql, clock, logger } = options;
  const mailer = watched(createMailer(settings), options.onResult);
  const reply = replyAddressing(settings.emailReply?.domain, sql, clock);
  const deps = { sql, mailer, clock, logger, from: settings.emailFrom, reply };
  // SMTP is asked at start, in the background: /readyz knows before the first email is due
  if (mailer.via === 'smtp' && options.onResult) {
    const told = options.onResult;
    void mailer.verify().then((checked) => {
      if (checked.ok) told(true);
      else {
        told(false, checked.error);
        logger.warn({ error: checked.error }, 'SMTP does not answer at start (SMTP_URL)');
      }
    });
  }
  const loop = startDeliveryLoop((claims) => deliverEmailOutbox({ ...deps, claims }), {
    sql,
    clock,
    logger,
    intervalMs: options.intervalMs,
  });
  return {
    describe:
      mailer.via === 'smtp'
        ? 'emails go out over SMTP'
        : `emails are written as .eml files to ${settings.outboxDir}`,
    nudge: loop.nudge,
    stop: loop.stop,
    async release() {
      const released = await loop.release();
      mailer.close();
      return released;
    },
  };
}

/** The same mailer, reporting each send's outcome to `onResult`. */
function watched(mailer: Mailer, onResult?: (ok: boolean, error?: string) => void): Mailer {
  if (!onResult) return mailer;
  return {
    ...mailer,
    async send(message) {
      try {
        const sent = await mailer.send(message);
        onResult(true);
        return sent;
      } catch (error) {
        onResult(false, (error as Error).message);
        throw error;
      }
    },
  };
}

/** Reply addresses for emails to CSMs when EMAIL_REPLY_DOMAIN is set; the key read once. */
export function replyAddressing(domain: string | undefined, sql: Sql, clock: Clock) {
  if (!domain) return undefined;
  let secret: Promise<Uint8Array> | undefined;
  return {
    domain,
    secret() {
      secret ??= replySecret(sql, clock.now()).catch((error: unknown) => {
        secret = undefined;
        throw error;
      });
      return secret;
    },
  };
}
