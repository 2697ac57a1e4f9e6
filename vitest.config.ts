import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'blocks/**/*.test.ts',
      'slides/**/*.test.ts',
      'jobs/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default (all cores but one) runs the files one at a time on a 2-core machine:
    // npm test took 10+ minutes there, 6 with two files side by side
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
