/** A progress bar on a terminal; silent when output goes to a file or a pipe. */
import cliProgress from 'cli-progress';
import type { Output } from './context.ts';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function startProgress(err: Output, label: string): Progress {
  if (!err.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(Math.max(total, 1), 0);
        started = true;
      }
      bar.setTotal(Math.max(total, done, 1));
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
