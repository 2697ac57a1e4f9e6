/**
 * The outbox (ARCHITECTURE.md): the single path to Slack and email. A row is written with an
 * idempotency key in the same transaction as the change that causes it, then claimed by a
 * deliverer, sent, and marked sent. Status `sending` means "the outcome is unknown": a claim
 * holds it for a lease (`available_at`), and a row found `sending` after its lease ran out is
 * checked against what the channel already shows before it is sent again.
 */
import type { Sql, TransactionSql } from './connection.ts';

export interface OutboxMessage {
  idempotencyKey: string;
  channel: 'slack' | 'email';
  kind: string;
  /** Slack user id (or CSM email until resolved), or an email address. */
  recipient: string;
  payload: unknown;
  companyId: number | null;
  /** When it may go out, by the caller's clock (never the database's now(): ARCHITECTURE.md "Time"). */
  availableAt: Date;
}

export interface OutboxRow {
  id: number;
  company_id: number | null;
  idempotency_key: string;
  channel: 'slack' | 'email';
  kind: string;
  recipient: string;
  payload: unknown;
  attempts: number;
  created_at: Date;
  /** The status before this claim: `sending` means a send may already have happened. */
  previous_status: 'pending' | 'sending';
}

/** Insert a message once: a second row with the same key is ignored. True when inserted. */
export async function enqueue(sql: Sql | TransactionSql, message: OutboxMessage): Promise<boolean> {
  const rows = await sql`
    insert into outbox (company_id, idempotency_key, channel, kind, recipient, payload, available_at)
    values (${message.companyId}, ${message.idempotencyKey}, ${message.channel}, ${message.kind},
            ${message.recipient}, ${sql.json(message.payload as never)},
            ${message.availableAt})
    on conflict (idempotency_key) do nothing
    returning id`;
  return rows.length === 1;
}

/**
 * Claim up to `limit` due rows of a channel: pending ones, and `sending` ones whose lease ran
 * out (a crashed deliverer). Each becomes `sending`, attempts + 1, leased until `leaseUntil`.
 *
 * In order, one at a time per recipient (a DM and its threads): only the oldest unsettled
 * row of a recipient may be claimed, and only when it is due. A row being sent or backing
 * off (tried before) holds back the recipient's later rows; a row merely scheduled for later
 * (never tried) does not.
 *
 * A reply to another row (`payload.thread_of`, its key) waits until that row is sent or failed.
 */
export async function claimDue(
  sql: Sql,
  options: { channel: 'slack' | 'email'; now: Date; leaseUntil: Date; limit: number },
): Promise<OutboxRow[]> {
  return sql<OutboxRow[]>`
    with heads as (
      select distinct on (recipient) id, available_at from outbox
       where channel = ${options.channel} and status in ('pending', 'sending')
         and (attempts > 0 or available_at <= ${options.now})
       order by recipient, id
    ), due as (
      select o.id, o.status from outbox o
        join heads h on h.id = o.id
       where h.available_at <= ${options.now}
         -- checked again on the locked row: another deliverer may have claimed it meanwhile
         and o.status in ('pending', 'sending') and o.available_at <= ${options.now}
         and not exists (select 1 from outbox p where p.idempotency_key = o.payload->>'thread_of'
                                                  and p.status in ('pending', 'sending'))
       order by o.available_at, o.id
       limit ${options.limit}
       for update of o skip locked
    )
    update outbox o
       set status = 'sending', attempts = o.attempts + 1, available_at = ${options.leaseUntil}
      from due
     where o.id = due.id
    returning o.id, o.company_id, o.idempotency_key, o.channel, o.kind, o.recipient, o.payload,
              o.attempts, o.created_at, due.status as previous_status`;
}

/** The claim a deliverer holds: a row's id and its attempt number (the fence). */
export type Claim = Pick<OutboxRow, 'id' | 'attempts'>;

/**
 * The message went out (or was found already out): remember where. Only while this claim
 * still holds the row (a released or taken-over row is left to its new holder); true when
 * this claim marked it, so what follows a send is recorded once.
 */
export async function markSent(
  sql: Sql | TransactionSql,
  claim: Claim,
  externalRef: string,
  now: Date,
): Promise<boolean> {
  const rows = await sql`
    update outbox set status = 'sent', external_ref = ${externalRef}, sent_at = ${now},
                      last_error = null
     where id = ${claim.id} and status = 'sending' and attempts = ${claim.attempts}
    returning id`;
  return rows.length === 1;
}

/**
 * A failed attempt. `unsure` (the request may have reached Slack) keeps the row `sending` so
 * the next attempt looks first; otherwise it is `pending` again. `retryAt` null gives up.
 * `uncounted` (Slack asked us to wait: a 429) gives the attempt back, so waiting out a long
 * rate limit never uses up a message's attempts. Only while this claim still holds the row
 * (true when it did).
 */
export async function markFailed(
  sql: Sql | TransactionSql,
  claim: Claim,
  failure: { error: string; retryAt: Date | null; unsure: boolean; uncounted?: boolean },
): Promise<boolean> {
  const status = failure.retryAt === null ? 'failed' : failure.unsure ? 'sending' : 'pending';
  const rows = await sql`
    update outbox set status = ${status}, last_error = ${failure.error},
                      available_at = coalesce(${failure.retryAt}, available_at),
                      attempts = attempts - ${failure.uncounted ? 1 : 0}
     where id = ${claim.id} and status = 'sending' and attempts = ${claim.attempts}
    returning id`;
  return rows.length === 1;
}

/**
 * Never send this row: its workspace uninstalled Renubu or revoked the token. Unlike
 * `failed`, an operator's retry does not pick it up. Only while this claim holds the row.
 */
export async function markDropped(
  sql: Sql | TransactionSql,
  claim: Claim,
  error: string,
): Promise<boolean> {
  const rows = await sql`
    update outbox set status = 'dropped', last_error = ${error}
     where id = ${claim.id} and status = 'sending' and attempts = ${claim.attempts}
    returning id`;
  return rows.length === 1;
}

/**
 * Give unfinished claims back at shutdown: due at once for the next process. A row whose
 * send may have begun stays `sending` (the next deliverer looks before sending again);
 * the others are `pending` again.
 */
export async function releaseClaims(
  sql: Sql,
  claims: Array<Claim & { unsure: boolean }>,
  now: Date,
): Promise<number> {
  let released = 0;
  for (const claim of claims) {
    const rows = await sql`
      update outbox set status = ${claim.unsure ? 'sending' : 'pending'}, available_at = ${now},
                        last_error = 'released at shutdown'
       where id = ${claim.id} and status = 'sending' and attempts = ${claim.attempts}
      returning id`;
    released += rows.length;
  }
  return released;
}

export interface OutboxStatusRow {
  idempotency_key: string;
  status: string;
  attempts: number;
  external_ref: string | null;
  last_error: string | null;
}

/** Rows by key prefix, for the CLI and tests. */
export async function outboxByPrefix(sql: Sql, prefix: string): Promise<OutboxStatusRow[]> {
  return sql<OutboxStatusRow[]>`
    select idempotency_key, status, attempts, external_ref, last_error from outbox
     where idempotency_key like ${`${prefix}%`} order by id`;
}

/** Where the row with this key was sent (a Slack ts), or null while it is not sent. */
export async function sentRef(sql: Sql, idempotencyKey: string): Promise<string | null> {
  const [row] = await sql<{ external_ref: string | null }[]>`
    select external_ref from outbox where idempotency_key = ${idempotencyKey} and status = 'sent'`;
  return row?.external_ref || null;
}

/** `dropped`: never to be sent, the workspace uninstalled Renubu (nothing retries it). */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'dropped';
export type OutboxChannel = 'slack' | 'email';

export interface OutboxListRow {
  id: number;
  channel: OutboxChannel;
  kind: string;
  recipient: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  available_at: Date;
  created_at: Date;
  sent_at: Date | null;
}

/** Outbox rows for `renubu outbox list`, newest first, filtered by status and channel. */
export async function listOutbox(
  sql: Sql,
  filter: { status: OutboxStatus | null; channel: OutboxChannel | null; limit: number },
): Promise<OutboxListRow[]> {
  return sql<OutboxListRow[]>`
    select id, channel, kind, recipient, status, attempts, last_error, available_at, created_at,
           sent_at
      from outbox
     where (${filter.status}::text is null or status = ${filter.status})
       and (${filter.channel}::text is null or channel = ${filter.channel})
     order by id desc
     limit ${filter.limit}`;
}

/**
 * Requeue failed rows (an operator fixed SMTP, say): pending again, attempts reset, due at
 * `now`. Either the given ids or, with `ids` null, every failed row (of `channel` if given).
 * Only failed rows change; returns the ids requeued.
 */
export async function requeueFailed(
  sql: Sql,
  target: { ids: number[] | null; channel: OutboxChannel | null },
  now: Date,
): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    update outbox set status = 'pending', attempts = 0, available_at = ${now}, last_error = null
     where status = 'failed'
       and (${target.ids === null} or id = any(${target.ids ?? []}::bigint[]))
       and (${target.channel}::text is null or channel = ${target.channel})
    returning id`;
  return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
}

/** The status of each of these ids that exists (for saying why an id was not requeued). */
export async function outboxStatuses(sql: Sql, ids: number[]): Promise<Map<number, OutboxStatus>> {
  const rows = await sql<{ id: number; status: OutboxStatus }[]>`
    select id, status from outbox where id = any(${ids}::bigint[])`;
  return new Map(rows.map((row) => [Number(row.id), row.status]));
}
