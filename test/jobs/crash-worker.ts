/**
 * A worker process for the crash test: takes `snooze-wakeup` jobs, does the job's steps up to
 * `stopAfter` (`commit`: the wake's transaction; `send`: also the delivery), then says READY
 * and hangs without finishing, to be killed with SIGKILL. Arguments: databaseUrl slackApiUrl
 * stopAfter.
 */
import { deliver } from '../../jobs/deps.ts';
import { SNOOZE_WAKEUP, snoozeWakeupSchema, wakeStep } from '../../jobs/snooze-wakeup.ts';
import { connect } from '../../src/db/connection.ts';
import type { FakeSlack } from '../harness/index.ts';
import { jobDeps, testAgenda } from './world.ts';

const [databaseUrl, slackApiUrl, stopAfter] = process.argv.slice(2);
const sql = await connect(databaseUrl!, 2);
const deps = jobDeps(sql, { url: slackApiUrl } as FakeSlack);
const agenda = await testAgenda(databaseUrl!, deps);
agenda.define(SNOOZE_WAKEUP, async (job) => {
  const data = snoozeWakeupSchema.parse(job.attrs.data);
  await wakeStep(sql, data, deps.clock.now());
  if (stopAfter === 'send') await deliver(deps);
  process.stdout.write('READY\n');
  await new Promise(() => {}); // never done: the parent kills this process
});
await agenda.start();
process.stdout.write('STARTED\n');
