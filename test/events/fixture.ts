/**
 * The events tests' world: a migrated database with one company, one CSM and a customer
 * with contacts, a contract and 30 days of usage; the webhook served by node:http on
 * loopback; and a signed POST.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixedClock } from '../../src/clock.ts';
import type { Sql } from '../../src/db/connection.ts';
import { createEventsHandler } from '../../src/events/http.ts';
import { signEvent } from '../../src/events/signature.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

export const SECRET = 'test-secret-0123456789abcdef';
export const NOW = new Date('2026-03-01T12:00:00Z');
export const clock = fixedClock(NOW);
export const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

/** Seed the portfolio; returns the customer's id. Usage: 10 active users a day for 30 days. */
export async function seed(sql: Sql): Promise<number> {
  await sql`insert into companies (external_id, name) values ('acme', 'Acme')`;
  await sql`
    insert into csms (company_id, external_id, name, email)
    values (1, 'csm-1', 'Casey', 'casey@example.com')`;
  const [customer] = await sql<{ id: number }[]>`
    insert into customers (company_id, external_id, name, csm_id, arr, seats, strategic)
    values (1, 'cust-a', 'Alpha Ltd', 1, 120000, 50, true) returning id`;
  const id = customer!.id;
  await sql`
    insert into contracts (company_id, external_id, customer_id, start_date, renewal_date, arr)
    values (1, 'k-a', ${id}, '2025-06-01', '2026-05-30', 120000)`;
  await sql`
    insert into contacts (company_id, external_id, customer_id, name, title, role, active)
    values (1, 'p-champ', ${id}, 'Chris Champion', 'VP Ops', 'champion', true),
           (1, 'p-user', ${id}, 'Uma User', null, 'user', true)`;
  await sql`
    insert into usage_daily (company_id, customer_id, day, active_users)
    select 1, ${id}, '2026-03-01'::date - d, 10 from generate_series(1, 30) d`;
  return id;
}

export interface EventsWorld {
  db: TestDatabase;
  sql: Sql;
  url: string;
  close(): Promise<void>;
}

export async function startWorld(
  options: { secret?: string | undefined; maxBodyBytes?: number } = {},
): Promise<EventsWorld> {
  const db = await createTestDatabase();
  await seed(db.sql);
  const secret = 'secret' in options ? options.secret : SECRET;
  const handler = createEventsHandler({
    sql: db.sql,
    secret,
    clock,
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
  const server = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    db,
    sql: db.sql,
    url: `http://127.0.0.1:${port}/events`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await db.drop();
    },
  };
}

export interface Reply {
  status: number;
  json: Record<string, unknown>;
  /** The answer carried X-Renubu-Replay: a replay of an event already handled. */
  replay?: boolean;
}

/** POST `body` (an object, or raw text) signed with SECRET at now, unless told otherwise. */
export async function post(
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; sign?: boolean; timestamp?: number } = {},
): Promise<Reply> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const signed =
    options.sign === false ? {} : signEvent(SECRET, text, options.timestamp ?? nowSeconds());
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signed, ...options.headers },
    body: text,
  });
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown>,
    replay: response.headers.get('x-renubu-replay') === 'true',
  };
}

let counter = 0;
/** A fresh event of `type` for cust-a with `data`. */
export function event(type: string, data: Record<string, unknown>, id?: string) {
  counter += 1;
  return {
    type,
    id: id ?? `evt-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    customer: 'cust-a',
    occurred_at: '2026-03-01T11:00:00Z',
    data,
  };
}

export async function count(sql: Sql, table: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(table)}`;
  return row!.n;
}
