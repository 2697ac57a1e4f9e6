/** What every command gets: settings, output streams, the clock and a way to the database. */
import type { Clock } from '../clock.ts';
import type { Settings } from '../config.ts';
import { applicationName, commandPool } from '../db/budget.ts';
import { type Database, openDatabase } from '../db/connection.ts';
import { prepareDatabase } from '../workflows/default-definitions-sync.ts';

export interface Output {
  write(text: string): void;
  /** True when a person is watching (progress bars). */
  isTTY: boolean;
}

export interface CommandContext {
  settings: Settings;
  out: Output;
  err: Output;
  clock: Clock;
  /**
   * Open the database, bring its schema and shipped definitions up to date. The caller closes
   * it. The pool holds `max` connections (all of DATABASE_POOL_MAX when not given), never
   * more than DATABASE_POOL_MAX.
   */
  openDatabase(options?: { max?: number }): Promise<Database>;
}

export function streamOutput(stream: NodeJS.WriteStream): Output {
  return { write: (text) => void stream.write(text), isTTY: Boolean(stream.isTTY) };
}

/** `command` names the pool in `pg_stat_activity` (`renubu serve pid:4242`). */
export function databaseOpener(settings: Settings, err: Output, command = 'cli') {
  return async (options: { max?: number } = {}) => {
    const db = await openDatabase({
      databaseUrl: settings.databaseUrl,
      home: settings.home,
      max: commandPool(settings.databasePoolMax, options.max),
      applicationName: applicationName(command),
      onNotice: (message) => err.write(`${message}\n`),
    });
    try {
      await prepareDatabase(db.sql);
    } catch (error) {
      await db.close();
      throw error;
    }
    return db;
  };
}

export class UsageError extends Error {}
