/**
 * A progress bar by bytes read, one per large file, drawn with cli-progress on a terminal.
 * Small files and in-memory records finish too fast for a bar to help and get none.
 */
import cliProgress from 'cli-progress';
import type { ImportOptions } from './types.ts';

/** Files smaller than this get no bar. */
export const PROGRESS_MIN_BYTES = 1 << 20;

export interface TerminalOutput {
  write(text: string): void;
  isTTY: boolean;
}

type OnProgress = NonNullable<ImportOptions['onProgress']>;

/** An `onProgress` that draws on `output`, and `stop()` to end the last bar. */
export function progressBar(output: TerminalOutput): { onProgress: OnProgress; stop(): void } {
  // cli-progress writes through readline's cursor helpers; they only need write() and isTTY.
  const stream = {
    isTTY: true,
    columns: 100,
    write: (text: string) => {
      output.write(text);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  let bar: cliProgress.SingleBar | undefined;
  let current: string | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  const onProgress: OnProgress = ({ file, rows, bytes, totalBytes }) => {
    if (file !== current) {
      stop();
      current = file;
      if (totalBytes === undefined || totalBytes < PROGRESS_MIN_BYTES) return;
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${file} [{bar}] {percentage}% | {rows} rows | {eta_formatted} left`,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(totalBytes, 0, { rows: 0 });
    }
    bar?.update(bytes ?? 0, { rows: rows.toLocaleString('en-US') });
  };
  return { onProgress, stop };
}
