/** What every command gets: settings, output streams, the clock and a way to the database. */
import type { Clock } from '../clock.ts';
import type { Settings } from '../config.ts';
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
  /** Open the database, bring its schema and shipped definitions up to date. The caller closes it. */
  openDatabase(options?: { max?: number }): Promise<Database>;
}

export function streamOutput(stream: NodeJS.WriteStream): Output {
  return { write: (text) => void stream.write(text), isTTY: Boolean(stream.isTTY) };
}

export function databaseOpener(settings: Settings, err: Output) {
  return async (options: { max?: number } = {}) => {
    const db = await openDatabase({
      databaseUrl: settings.databaseUrl,
      home: settings.home,
      max: options.max ?? 10,
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
