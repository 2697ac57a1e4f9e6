/**
 * One `renubu serve` process for the many-processes test: the real command (`runCli`, as
 * bin/renubu.mjs runs it) with the test's clock, read from the file named by
 * RENUBU_TEST_CLOCK_FILE (an ISO instant the test rewrites to move time for every process at
 * once). Settings come from the environment, as for the bin.
 */
import { readFileSync } from 'node:fs';
import { runCli } from '../../src/cli/index.ts';
import type { Clock } from '../../src/clock.ts';

const file = process.env.RENUBU_TEST_CLOCK_FILE;
if (!file) throw new Error('RENUBU_TEST_CLOCK_FILE names the file holding the clock');
const clock: Clock = { now: () => new Date(readFileSync(file, 'utf8').trim()) };
process.exitCode = await runCli(process.argv.slice(2), { clock });
