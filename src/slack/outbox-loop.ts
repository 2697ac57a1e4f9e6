/**
 * The deliverer loops of `renubu serve`: each drains one channel of the outbox now and then
 * (Slack here; email through src/email/outbox-email.ts), and on `stop()` finishes the batch
 * in flight before it resolves, so nothing is left half-sent.
 */
import type { Logger } from '../logger.ts';
import { deliverSlackOutbox, type OutboxDeps } from './outbox-sender.ts';

export interface OutboxLoop {
  /** Deliver now instead of at the next tick (after a change that enqueued a message). */
  nudge(): void;
  stop(): Promise<void>;
}

export function startOutboxLoop(deps: OutboxDeps, intervalMs = 5000): OutboxLoop {
  return startDeliveryLoop(() => deliverSlackOutbox(deps), deps.logger, intervalMs);
}

/** Run `pass` (one delivery pass of a channel) every `intervalMs`, and at once on `nudge()`. */
export function startDeliveryLoop(
  pass: () => Promise<unknown>,
  logger: Logger,
  intervalMs = 5000,
): OutboxLoop {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let busy = false;
  let timer: NodeJS.Timeout | undefined;

  const tick = () => {
    if (stopped || busy) return;
    clearTimeout(timer);
    busy = true;
    running = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (error) {
          logger.error({ err: error }, 'outbox: delivery pass failed');
        }
      } while (again && !stopped);
    })().finally(() => {
      busy = false;
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };

  tick();
  return {
    nudge() {
      again = true;
      tick();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
