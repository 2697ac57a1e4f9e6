/**
 * The deliverer loops of `renubu serve`: each drains one channel of the outbox now and then
 * (Slack here; email through src/email/outbox-email.ts). On `stop()` a loop claims nothing
 * more and resolves when the attempts in flight have ended (each is bounded by its
 * deadline); `release()` hands any row still held back to the next process, for a shutdown
 * whose grace ran out first.
 */
import type { Clock } from '../clock.ts';
import type { Sql } from '../db/connection.ts';
import type { Logger } from '../logger.ts';
import { ClaimsInFlight } from './outbox-claims.ts';
import { deliverSlackOutbox, type OutboxDeps } from './outbox-sender.ts';

export interface OutboxLoop {
  /** Deliver now instead of at the next tick (after a change that enqueued a message). */
  nudge(): void;
  /** Claim nothing more; resolves when the pass in flight has ended. */
  stop(): Promise<void>;
  /** Give back the rows still held (due at once for the next process); how many. */
  release(): Promise<number>;
}

export function startOutboxLoop(deps: OutboxDeps, intervalMs = 5000): OutboxLoop {
  return startDeliveryLoop((claims) => deliverSlackOutbox({ ...deps, claims }), {
    ...deps,
    intervalMs,
  });
}

/** Run `pass` (one delivery pass of a channel) every `intervalMs`, and at once on `nudge()`. */
export function startDeliveryLoop(
  pass: (claims: ClaimsInFlight) => Promise<unknown>,
  options: { sql: Sql; clock: Clock; logger: Logger; intervalMs?: number | undefined },
): OutboxLoop {
  const { logger } = options;
  const intervalMs = options.intervalMs ?? 5000;
  const claims = new ClaimsInFlight();
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let busy = false;
  let timer: NodeJS.Timeout | undefined;

  const tick = () => {
    if (claims.stopping || busy) return;
    clearTimeout(timer);
    busy = true;
    running = (async () => {
      do {
        again = false;
        try {
          await pass(claims);
        } catch (error) {
          logger.error({ err: error }, 'outbox: delivery pass failed');
        }
      } while (again && !claims.stopping);
    })().finally(() => {
      busy = false;
      if (!claims.stopping) timer = setTimeout(tick, intervalMs);
    });
  };

  tick();
  return {
    nudge() {
      again = true;
      tick();
    },
    async stop() {
      claims.stopping = true;
      clearTimeout(timer);
      await running;
    },
    async release() {
      claims.stopping = true;
      clearTimeout(timer);
      const released = await claims.release(options.sql, options.clock.now());
      if (released > 0) logger.warn({ released }, 'outbox: unfinished rows released at shutdown');
      return released;
    },
  };
}
