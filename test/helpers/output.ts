import type { Output } from '../../src/cli/context.ts';

/** An Output that keeps what was written, for running commands in tests. */
export function captureOutput(isTTY = false): Output & { text(): string } {
  const chunks: string[] = [];
  return {
    isTTY,
    write(text) {
      chunks.push(text);
    },
    text: () => chunks.join(''),
  };
}
