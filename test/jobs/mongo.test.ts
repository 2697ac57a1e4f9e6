/**
 * JOBS_BACKEND=mongodb: Agenda on @agendajs/mongo-backend schedules and runs a wake-up. Runs
 * only where a MongoDB answers (MONGODB_URL, else localhost:27017); skipped, and says so,
 * elsewhere.
 */
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { closeAgenda, createAgenda } from '../../jobs/agenda.ts';
import { loadSettings } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';

const url =
  loadSettings(process.env, process.cwd()).jobs.mongodbUrl ??
  'mongodb://127.0.0.1:27017/renubu_test';

async function reachable(): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 800 });
  try {
    await client.connect();
    await client.db().command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

const up = await reachable();
if (!up) console.info(`mongo backend test skipped: no MongoDB reachable at ${url}`);

describe.skipIf(!up)('Agenda on MongoDB', () => {
  const logger = createLogger('silent');
  const deps = {
    sql: null as never,
    clock: { now: () => new Date() },
    logger,
    slack: null,
    allClearDm: false,
  };
  let agenda: Awaited<ReturnType<typeof createAgenda>> | undefined;
  afterAll(async () => {
    if (agenda) await closeAgenda(agenda);
  });

  it('saves a keyed one-off job and finds it again', async () => {
    agenda = await createAgenda({
      settings: { backend: 'mongodb', mongodbUrl: url },
      databaseUrl: '',
      deps,
    });
    const at = new Date(Date.now() + 3_600_000);
    await agenda
      .create('snooze-wakeup', { key: 'wake:1:0' })
      .unique({ 'data.key': 'wake:1:0' })
      .schedule(at)
      .save();
    await agenda
      .create('snooze-wakeup', { key: 'wake:1:0' })
      .unique({ 'data.key': 'wake:1:0' })
      .schedule(at)
      .save();
    const found = await agenda.queryJobs({ name: 'snooze-wakeup', data: { key: 'wake:1:0' } });
    expect(found.jobs).toHaveLength(1);
    await agenda.cancel({ name: 'snooze-wakeup' });
  });
});
