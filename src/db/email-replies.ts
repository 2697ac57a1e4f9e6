/**
 * Email replies (PRODUCT.md §12): the one signing key of the reply tokens, the emails a token
 * names (outbox rows), the CSM it names, and the Message-IDs already handled.
 */
import { randomBytes } from 'node:crypto';
import type { Sql, TransactionSql } from './connection.ts';

type Db = Sql | TransactionSql;

/**
 * The reply tokens' key: made by the first process that needs it, the same for all after
 * (a second process racing to make it finds the first one's).
 */
export async function replySecret(sql: Db, now: Date): Promise<Buffer> {
  await sql`
    insert into email_reply_keys (id, secret, created_at) values (1, ${randomBytes(32)}, ${now})
    on conflict (id) do nothing`;
  const [row] = await sql<{ secret: Buffer }[]>`select secret from email_reply_keys where id = 1`;
  if (!row) throw new Error('email_reply_keys: the key was not stored');
  return row.secret;
}

export interface SentEmailRow {
  id: number;
  company_id: number | null;
  idempotency_key: string;
  kind: string;
  recipient: string;
  payload: Record<string, unknown>;
}

/** An email of the outbox by id (what a reply token names), or null. */
export async function findSentEmail(sql: Db, outboxId: number): Promise<SentEmailRow | null> {
  const [row] = await sql<SentEmailRow[]>`
    select id::int, company_id::int, idempotency_key, kind, recipient, payload from outbox
     where id = ${outboxId} and channel = 'email'`;
  return row ?? null;
}

export interface ReplyCsmRow {
  id: number;
  company_id: number;
  name: string;
  email: string;
  timezone: string;
}

export async function findReplyCsm(sql: Db, csmId: number): Promise<ReplyCsmRow | null> {
  const [row] = await sql<ReplyCsmRow[]>`
    select id::int, company_id::int, name, email, timezone from csms where id = ${csmId}`;
  return row ?? null;
}

export interface SeenReply {
  messageId: string;
  companyId: number | null;
  csmId: number | null;
  outboxId: number | null;
  outcome: 'acted' | 'expired' | 'ignored';
  receivedAt: Date;
}

/** Record a reply's Message-ID; false when it was handled before (nothing more to do). */
export async function markReplySeen(sql: Db, seen: SeenReply): Promise<boolean> {
  const rows = await sql`
    insert into email_replies_seen (message_id, company_id, csm_id, outbox_id, outcome, received_at)
    values (${seen.messageId}, ${seen.companyId}, ${seen.csmId}, ${seen.outboxId},
            ${seen.outcome}, ${seen.receivedAt})
    on conflict (message_id) do nothing
    returning message_id`;
  return rows.length === 1;
}
