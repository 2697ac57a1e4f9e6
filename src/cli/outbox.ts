/**
 * `renubu outbox list|retry` (issue 15 item 6): what the outbox holds, and failed messages
 * sent again once their cause is fixed (SMTP down, a bad address corrected).
 *
 *   renubu outbox list [--status failed|pending|sending|sent|dropped] [--channel email|slack]
 *                      [--limit N] [--json]
 *   renubu outbox retry ID... | --failed [--channel email|slack]
 *
 * `list` prints newest first, one line a message (`--json`: `{ "messages": [ { "id",
 * "channel", "kind", "recipient", "status", "attempts", "lastError", "availableAt",
 * "createdAt", "sentAt" } ] }`). `retry` makes failed messages pending again with their
 * attempts reset, due now, and says how many; an id that is not a failed message is named
 * with its status and the exit status is 1.
 */
import { parseArgs } from 'node:util';
import {
  listOutbox,
  type OutboxChannel,
  type OutboxListRow,
  type OutboxStatus,
  outboxStatuses,
  requeueFailed,
} from '../db/outbox.ts';
import { plural } from '../domain/index.ts';
import { type CommandContext, UsageError } from './context.ts';

export const usage =
  'renubu outbox list|retry [--status|--channel|--json|--failed|ID...]  ' +
  'list outbox messages, requeue failed ones';

const FORMS =
  'The outbox command has two forms: renubu outbox list ' +
  '[--status failed|pending|sending|sent|dropped] ' +
  '[--channel email|slack] [--limit N] [--json], and renubu outbox retry ID...|--failed ' +
  '[--channel email|slack].';
const STATUSES: readonly OutboxStatus[] = ['failed', 'pending', 'sending', 'sent', 'dropped'];
const CHANNELS: readonly OutboxChannel[] = ['email', 'slack'];
const DEFAULT_LIMIT = 100;

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        status: { type: 'string' },
        channel: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
        failed: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]) {
  if (value === undefined) return null;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} takes ${allowed.join(', ')} (got "${value}").`);
  }
  return value as T;
}

export async function run(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args);
  const [action, ...rest] = positionals;
  const channel = oneOf('channel', values.channel, CHANNELS);
  if (action === 'list') {
    if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}".`);
    if (values.failed)
      throw new UsageError('--failed belongs to retry; list takes --status failed.');
    const status = oneOf('status', values.status, STATUSES);
    const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new UsageError(`--limit takes a whole number of at least 1 (got "${values.limit}").`);
    }
    return list(ctx, { status, channel, limit }, values.json);
  }
  if (action === 'retry') {
    if (values.status !== undefined) {
      throw new UsageError('retry requeues failed messages only: it takes no --status.');
    }
    if (values.json) throw new UsageError('retry takes no --json.');
    const bad = rest.find((id) => !/^[1-9]\d*$/.test(id));
    if (bad !== undefined) throw new UsageError(`"${bad}" is not a message id (a whole number).`);
    if (values.failed === rest.length > 0) {
      throw new UsageError('Give the ids of the messages to retry, or --failed for every one.');
    }
    return retry(ctx, values.failed ? null : rest.map(Number), channel);
  }
  throw new UsageError(
    action === undefined ? `list or retry? ${FORMS}` : `Unknown action "${action}". ${FORMS}`,
  );
}

async function list(
  ctx: CommandContext,
  filter: Parameters<typeof listOutbox>[1],
  json: boolean,
): Promise<number> {
  const db = await ctx.openDatabase({ max: 2 });
  try {
    const rows = await listOutbox(db.sql, filter);
    if (json) {
      ctx.out.write(`${JSON.stringify({ messages: rows.map(toJson) })}\n`);
      return 0;
    }
    if (rows.length === 0) {
      ctx.out.write('No messages.\n');
      return 0;
    }
    for (const row of rows) ctx.out.write(`${line(row)}\n`);
    if (rows.length === filter.limit) {
      ctx.out.write(`(the newest ${filter.limit}; --limit N shows more)\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

function toJson(row: OutboxListRow) {
  return {
    id: row.id,
    channel: row.channel,
    kind: row.kind,
    recipient: row.recipient,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    availableAt: row.available_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
  };
}

function line(row: OutboxListRow): string {
  const when = (row.sent_at ?? row.created_at).toISOString().slice(0, 16).replace('T', ' ');
  const error = row.last_error ? `  ${row.last_error}` : '';
  return (
    `#${row.id}  ${row.status.padEnd(7)}  ${row.channel.padEnd(5)}  ${when}  ${row.kind} → ` +
    `${row.recipient}  (${plural(row.attempts, 'attempt')})${error}`
  );
}

async function retry(
  ctx: CommandContext,
  ids: number[] | null,
  channel: OutboxChannel | null,
): Promise<number> {
  const db = await ctx.openDatabase({ max: 2 });
  try {
    const requeued = await requeueFailed(db.sql, { ids, channel }, ctx.clock.now());
    ctx.out.write(`Requeued ${plural(requeued.length, 'failed message')}.\n`);
    if (ids === null) return 0;
    const missed = ids.filter((id) => !requeued.includes(id));
    if (missed.length === 0) return 0;
    const statuses = await outboxStatuses(db.sql, missed);
    for (const id of missed) {
      const status = statuses.get(id);
      const why =
        status === undefined
          ? 'no such message'
          : status === 'failed'
            ? `it is not a ${channel} message`
            : `it is ${status}, not failed`;
      ctx.err.write(`#${id} not requeued: ${why}.\n`);
    }
    return 1;
  } finally {
    await db.close();
  }
}
