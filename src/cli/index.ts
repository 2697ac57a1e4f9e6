/**
 * The `renubu` command line (PRODUCT.md §10): parses settings once, dispatches to one file
 * per command, and turns errors into one clear message and an exit status.
 */
import { type Clock, systemClock } from '../clock.ts';
import { loadSettings } from '../config.ts';
import { isRenubuError } from '../errors.ts';
import { slackTokenRefusal } from '../slack/auth-refusal.ts';
import {
  type CommandContext,
  databaseOpener,
  type Output,
  streamOutput,
  UsageError,
} from './context.ts';

interface Command {
  usage: string;
  run(ctx: CommandContext, args: string[]): Promise<number>;
}

const commands: Record<string, () => Promise<Command>> = {
  migrate: () => import('./migrate.ts'),
  import: () => import('./import.ts'),
  demo: () => import('./demo.ts'),
  'daily-run': () => import('./daily-run.ts'),
  definitions: () => import('./definitions.ts'),
  serve: () => import('./serve.ts'),
  event: () => import('./event.ts'),
  'email-in': () => import('./email-in.ts'),
  report: () => import('./report.ts'),
  outbox: () => import('./outbox.ts'),
  weights: () => import('./weights.ts'),
  sandbox: () => import('./sandbox.ts'),
  tenant: () => import('./tenant.ts'),
};

async function helpText(): Promise<string> {
  const usages = await Promise.all(
    Object.values(commands).map(async (load) => (await load()).usage),
  );
  // Each usage is "form   description": align the descriptions in one column.
  const rows = usages.map((usage) => {
    const [form = usage, description = ''] = usage.split(/\s{2,}(.*)/s);
    return { form: form.trim(), description: description.trim() };
  });
  const width = Math.max(...rows.map((row) => row.form.length));
  const lines = rows.map(({ form, description }) => `  ${form.padEnd(width)}  ${description}`);
  return `Usage:\n${lines.join('\n')}\n\nSettings come from the environment (see README.md).\n`;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  out?: Output;
  err?: Output;
  clock?: Clock;
}

/** Run one command; returns the process exit status. */
export async function runCli(argv: string[], options: CliOptions = {}): Promise<number> {
  const out = options.out ?? streamOutput(process.stdout);
  const err = options.err ?? streamOutput(process.stderr);
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    out.write(await helpText());
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    err.write(`Unknown command "${name}".\n\n${await helpText()}`);
    return 2;
  }
  try {
    // biome-ignore lint/style/noProcessEnv: the one place settings are read from the environment
    const settings = loadSettings(options.env ?? process.env, options.cwd ?? process.cwd());
    const command = await load();
    const ctx: CommandContext = {
      settings,
      out,
      err,
      clock: options.clock ?? systemClock,
      openDatabase: databaseOpener(settings, err, name),
    };
    return await command.run(ctx, args);
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`${error.message}\n\nUsage: ${(await load()).usage}\n`);
      return 2;
    }
    const known = isRenubuError(error) ? error : slackTokenRefusal(error);
    if (known) {
      err.write(`${known.userMessage}\n`);
      return known.exitCode;
    }
    err.write(`renubu ${name} failed: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
