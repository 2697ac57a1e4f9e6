/**
 * `renubu event FILE.json` (PRODUCT.md §7, §10): one event or an array of them, validated
 * like the webhook's bodies and handled by the same service, one line each:
 *
 *   #0 evt-1: created risk-escalation (priority 62.5)
 *   #1 evt-1: duplicate risk-escalation (priority 62.5)
 *   #2 evt-9: failed: data.priority: Invalid option: …
 *
 * Every valid event is handled even when others fail; the exit status is 1 if any failed.
 */
import fs from 'node:fs/promises';
import { RenubuError } from '../errors.ts';
import { type EventResult, handleEvent } from '../events/handle.ts';
import { parseEvent } from '../events/schema.ts';
import { type CommandContext, UsageError } from './context.ts';

export const usage = 'renubu event FILE.json                 handle events (one or an array)';

export async function run(ctx: CommandContext, args: string[]): Promise<number> {
  if (args.length !== 1) throw new UsageError('renubu event takes one file of JSON events.');
  const file = args[0]!;
  const items = await readEvents(file);
  const db = await ctx.openDatabase({ max: 2 });
  let failed = 0;
  try {
    for (const [index, item] of items.entries()) {
      const name = typeof item?.id === 'string' ? `#${index} ${item.id}` : `#${index}`;
      const parsed = parseEvent(item);
      if (!parsed.ok) {
        failed += 1;
        ctx.out.write(`${name}: failed: ${parsed.field}: ${parsed.message}\n`);
        continue;
      }
      const result = await handleEvent(db.sql, parsed.event, { clock: ctx.clock, source: 'cli' });
      if (result.status === 'rejected') {
        failed += 1;
        ctx.out.write(`${name}: failed: ${result.field}: ${result.message}\n`);
        continue;
      }
      ctx.out.write(`${name}: ${describe(result)}\n`);
    }
  } finally {
    await db.close();
  }
  if (failed > 0) ctx.err.write(`${failed} of ${items.length} event(s) failed.\n`);
  return failed > 0 ? 1 : 0;
}

function describe(result: EventResult): string {
  const workflows = result.workflows.map((w) => `${w.type} (priority ${w.priorityScore})`);
  return [result.status, ...workflows].join(' ');
}

async function readEvents(file: string): Promise<{ id?: unknown }[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (cause) {
    throw new RenubuError('not_found', `Cannot read ${file}: ${(cause as Error).message}`, {
      cause,
    });
  }
  try {
    const json: unknown = JSON.parse(text);
    return (Array.isArray(json) ? json : [json]) as { id?: unknown }[];
  } catch (cause) {
    throw new RenubuError('usage', `${file} is not JSON: ${(cause as Error).message}`, { cause });
  }
}
