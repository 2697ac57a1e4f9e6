/**
 * What POST /events refuses, and with which status (PRODUCT.md §7): 401 for a missing or
 * wrong signature or a stale timestamp, 400 naming the field, 422 for an unknown customer,
 * 413 past the size limit, 404 when the secret is unset or the path is not /events.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signEvent } from '../../src/events/signature.ts';
import { count, type EventsWorld, event, nowSeconds, post, SECRET, startWorld } from './fixture.ts';

let world: EventsWorld;
let off: EventsWorld;

beforeAll(async () => {
  [world, off] = await Promise.all([
    startWorld({ maxBodyBytes: 2048 }),
    startWorld({ secret: undefined }),
  ]);
});
afterAll(async () => {
  await Promise.all([world?.close(), off?.close()]);
});

const ticket = () => event('ticket.created', { priority: 'urgent' });

describe('POST /events refuses', () => {
  it.each([
    ['missing headers', { sign: false }, 'missing_headers'],
    ['a stale timestamp', { timestamp: nowSeconds() - 301 }, 'stale_timestamp'],
    ['a timestamp from the future', { timestamp: nowSeconds() + 301 }, 'stale_timestamp'],
    [
      'a signature by another secret',
      { headers: signEvent('another-secret-xxxxxx', '{}', nowSeconds()) },
      'bad_signature',
    ],
    ['a malformed signature', { headers: { 'x-renubu-signature': 'v1=zz' } }, 'bad_signature'],
    [
      'a timestamp that is not a number',
      { headers: { 'x-renubu-timestamp': 'soon' } },
      'bad_timestamp',
    ],
  ])('%s with 401', async (_name, options, error) => {
    const reply = await post(world.url, ticket(), options);
    expect(reply.status).toBe(401);
    expect(reply.json.error).toBe(error);
  });

  it('a body changed after signing with 401, and stores nothing', async () => {
    const body = JSON.stringify(ticket());
    const headers = signEvent(SECRET, body, nowSeconds());
    const reply = await post(world.url, body.replace('urgent', 'low'), { headers });
    expect(reply.status).toBe(401);
    expect(await count(world.sql, 'events')).toBe(0);
  });

  it('accepts a timestamp just inside the five minutes', async () => {
    const reply = await post(world.url, ticket(), { timestamp: nowSeconds() - 300 });
    expect(reply.status).toBe(200);
  });

  it.each([
    ['a bad priority', event('ticket.created', { priority: 'huge' }), 'data.priority'],
    ['an unknown type', event('ticket.closed', { priority: 'low' }), 'type'],
    ['no data', { ...ticket(), data: undefined }, 'data'],
    ['a bad occurred_at', { ...ticket(), occurred_at: 'yesterday' }, 'occurred_at'],
    ['negative active users', event('usage.reported', { active_users: -1 }), 'data.active_users'],
    [
      'a date that does not exist',
      event('usage.reported', { active_users: 1, date: '2026-02-30' }),
      'data.date',
    ],
    [
      'a contact without active',
      event('contact.changed', { external_id: 'p-user' }),
      'data.active',
    ],
    ['an array', [ticket()], 'body'],
    ['text that is not JSON', '{"type":', 'body'],
  ])('%s with 400 naming the field', async (_name, body, field) => {
    const reply = await post(world.url, body);
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ error: 'invalid_body', field });
    expect(typeof reply.json.message).toBe('string');
  });

  it('an unknown customer with 422', async () => {
    const reply = await post(world.url, { ...ticket(), customer: 'nobody' });
    expect(reply.status).toBe(422);
    expect(reply.json).toMatchObject({ error: 'unknown_customer', field: 'customer' });
  });

  it('an unknown contact without name and role with 422, storing nothing', async () => {
    const before = await count(world.sql, 'events');
    const reply = await post(
      world.url,
      event('contact.changed', { external_id: 'p-new', active: true }),
    );
    expect(reply.status).toBe(422);
    expect(reply.json).toMatchObject({ error: 'unknown_contact', field: 'data.external_id' });
    expect(await count(world.sql, 'events')).toBe(before);
  });

  it('a body over the limit with 413', async () => {
    const body = event('ticket.created', { priority: 'low', subject: 'x'.repeat(900) });
    const big = JSON.stringify({ ...body, padding: 'y'.repeat(2048) });
    const reply = await post(world.url, big);
    expect(reply.status).toBe(413);
    expect(reply.json.error).toBe('body_too_large');
  });

  it('a chunked body that grows past the limit with 413', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(world.url, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('x'.repeat(1500));
      setTimeout(() => req.end('y'.repeat(1500)), 20);
    });
    expect(status).toBe(413);
  });

  it('everything with 404 when the secret is unset', async () => {
    const reply = await post(off.url, ticket());
    expect(reply.status).toBe(404);
    expect(await count(off.sql, 'events')).toBe(0);
  });

  it('other paths with 404 and other methods with 405', async () => {
    expect((await post(world.url.replace('/events', '/other'), ticket())).status).toBe(404);
    const get = await fetch(world.url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});
