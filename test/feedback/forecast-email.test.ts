/**
 * The weekly job's forecast email on the demo portfolio, delivered through a real SMTP
 * server on loopback: each CSM's email arrives once with the HTML table and the PNG chart,
 * the Slack DM row is queued beside it, and a second run in the same ISO week queues nothing.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weeklyJob } from '../../jobs/weekly.ts';
import { runCli } from '../../src/cli/index.ts';
import { fixedClock } from '../../src/clock.ts';
import { deliverEmailOutbox } from '../../src/email/outbox-email.ts';
import { createMailer } from '../../src/email/transport.ts';
import { isoWeek } from '../../src/feedback/forecast-email.ts';
import { createLogger } from '../../src/logger.ts';
import { type SmtpSink, startSmtpSink } from '../email/smtp-sink.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';

const SUNDAY = new Date('2026-11-29T05:00:00Z');
const FROM = 'renubu@acme.example';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
let db: TestDatabase;
let sink: SmtpSink;
let dir: string;
const logger = createLogger('silent');
const clock = fixedClock(SUNDAY);

const weekly = () =>
  weeklyJob.run(
    { sql: db.sql, clock, logger, slack: null, allClearDm: false },
    { key: 'weekly' },
    undefined as never,
  );
const forecastRows = () =>
  db.sql<
    { idempotency_key: string; channel: string; recipient: string; payload: { text: string } }[]
  >`
    select idempotency_key, channel, recipient, payload from outbox
     where kind in ('forecast_email', 'forecast_dm') order by idempotency_key`;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-forecast-'));
  sink = await startSmtpSink();
  const code = await runCli(['demo', '--as-of', '2026-11-25'], {
    env: { DATABASE_URL: db.url },
    cwd: dir,
    out: captureOutput(),
    err: captureOutput(),
  });
  expect(code).toBe(0);
}, 120_000);
afterAll(async () => {
  await sink.close();
  await db.drop();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('weekly forecast email', () => {
  it('queues one email and one DM per CSM with renewals, keyed by ISO week', async () => {
    expect(isoWeek('2026-11-29')).toBe('2026-W48');
    await weekly();
    const rows = await forecastRows();
    const emails = rows.filter((r) => r.channel === 'email');
    const dms = rows.filter((r) => r.channel === 'slack');
    expect(emails.length).toBeGreaterThan(1);
    expect(dms).toHaveLength(emails.length);
    for (const row of emails) expect(row.idempotency_key).toMatch(/^forecast:\d+:\d+:2026-W48$/);
    for (const row of dms) expect(row.payload.text).toMatch(/renewals?, \$[\d.]+[KM]? ARR/);
  });

  it('arrives once per CSM over SMTP with the HTML table and a PNG chart', async () => {
    const mailer = createMailer({ smtpUrl: sink.url, emailFrom: FROM, outboxDir: dir });
    const report = await deliverEmailOutbox({ sql: db.sql, mailer, clock, logger, from: FROM });
    const emails = (await forecastRows()).filter((r) => r.channel === 'email');
    const forecasts = sink.received.filter((m) => m.subject?.includes('renewal forecast'));
    expect(report.failed).toBe(0);
    expect(forecasts).toHaveLength(emails.length);
    const recipients = forecasts.map((m) => (Array.isArray(m.to) ? '' : m.to?.text));
    expect(new Set(recipients).size).toBe(forecasts.length);
    for (const mail of forecasts) {
      expect(mail.html).toContain('<table id="forecast"');
      expect(mail.html).toContain('Total');
      expect(mail.text).toContain('ARR at risk');
      const png = mail.attachments.find((a) => a.filename === 'forecast.png')!;
      expect(png.contentType).toBe('image/png');
      // inline: the HTML's <img src="cid:…"> shows it in the message body
      expect(png.cid).toBe('forecast-chart@renubu');
      // (mailparser swaps a resolved cid: link for the image's data: URL)
      expect(mail.html || '').toMatch(/cid:forecast-chart@renubu|src="data:image\/png;base64,/);
      expect([...png.content.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      // IHDR: width and height as big-endian 32-bit integers at bytes 16 and 20
      const width = png.content.readUInt32BE(16);
      const height = png.content.readUInt32BE(20);
      expect(width).toBeGreaterThanOrEqual(400);
      expect(width).toBeLessThanOrEqual(2000);
      expect(height).toBeGreaterThanOrEqual(200);
      expect(height).toBeLessThan(width);
    }
  });

  it('a second weekly run in the same week queues nothing', async () => {
    const before = await forecastRows();
    clock.set(new Date('2026-11-29T11:00:00Z'));
    await weekly();
    expect(await forecastRows()).toEqual(before);
    const mailer = createMailer({ smtpUrl: sink.url, emailFrom: FROM, outboxDir: dir });
    const count = sink.received.length;
    await deliverEmailOutbox({ sql: db.sql, mailer, clock, logger, from: FROM });
    expect(sink.received).toHaveLength(count);
  });
});
