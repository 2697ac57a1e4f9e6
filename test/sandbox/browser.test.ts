/**
 * Issue 9, in a real browser: `renubu sandbox` started as the command starts it (embedded
 * PostgreSQL under a fresh RENUBU_HOME, the demo loaded, the first morning run), and Debian's
 * chromium driven by playwright-core as a person would: Justin begins Obsidian Black's
 * workflow from his morning DM, walks the thread by clicking, snoozes the pricing step in its
 * modal (a bad date first: the bot's error shows under the input), moves time to the
 * wake-up, resumes from the wake-up DM and reaches Mark Complete. Screenshots of each stage
 * go to test-artifacts/sandbox/.
 *
 * Without chromium the test is skipped and says so; under CI (CI=true) it fails instead, since
 * .ci/run installs chromium.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOpener } from '../../src/cli/context.ts';
import { type SandboxRun, startSandboxCommand } from '../../src/cli/sandbox.ts';
import { systemClock } from '../../src/clock.ts';
import { loadSettings } from '../../src/config.ts';
import { DEFAULT_BOT_TOKEN } from '../../src/sandbox/slack/fake-slack.ts';
import { captureOutput } from '../helpers/output.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) {
  throw new Error(`CI needs chromium at ${CHROMIUM} for the sandbox browser test (.ci/run)`);
}
if (!haveChromium) console.warn(`skipped: no chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'sandbox');
const WAIT = { timeout: 15_000 };

let run: SandboxRun;
let browser: Browser;
let page: Page;
let shot = 0;
const screenshot = async (name: string) => {
  shot += 1;
  await page.screenshot({ path: join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`) });
};

/**
 * A bot message in the thread of Justin's step `step`, through the fake Slack's Web API as
 * Renubu posts one.
 */
async function postInThread(step: string, text: string) {
  const { fake, users } = run.sandbox;
  const reply = fake
    .messagesIn(users[0]!.id)
    .filter((m) => m.thread_ts !== undefined && JSON.stringify(m.blocks ?? []).includes(step))
    .at(-1);
  if (!reply) throw new Error(`no reply with ${step} in a thread of the DM`);
  const response = await fetch(`${fake.url}chat.postMessage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEFAULT_BOT_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ channel: reply.channel, thread_ts: reply.thread_ts, text }),
  });
  expect(await response.json()).toMatchObject({ ok: true });
}

describe.skipIf(!haveChromium)('renubu sandbox in a browser', () => {
  beforeAll(async () => {
    await rm(ARTIFACTS, { recursive: true, force: true });
    await mkdir(ARTIFACTS, { recursive: true });
    const home = await mkdtemp(join(tmpdir(), 'renubu-sandbox-home-'));
    await chmod(home, 0o755); // the embedded server runs as the postgres user under root
    const err = captureOutput();
    const settings = loadSettings({ RENUBU_HOME: home, LOG_LEVEL: 'silent' }, home);
    const ctx = {
      settings,
      out: captureOutput(),
      err,
      clock: systemClock,
      openDatabase: databaseOpener(settings, err),
    };
    run = await startSandboxCommand(ctx, { port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(WAIT.timeout);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await run?.stop();
  });

  it("walks Obsidian Black's workflow from the morning DM to Mark Complete", async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(run.sandbox.url);
    const dm = page.getByTestId('dm');
    await expect.poll(() => dm.innerText(), WAIT).toContain("Today's One Thing");
    expect(await page.getByTestId('sidebar').innerText()).toContain('Justin Avery');
    await screenshot('morning-dm');

    // The /renubu box answers only to Justin; the Home tab is published when opened.
    await page.getByLabel('Message Renubu').fill('/renubu list');
    await page.getByLabel('Message Renubu').press('Enter');
    await expect.poll(() => dm.innerText(), WAIT).toContain('Only visible to you');
    await page.getByRole('link', { name: 'Home' }).click();
    await expect.poll(() => page.getByTestId('home').innerText(), WAIT).toContain('Active');
    await screenshot('home');
    await page.getByRole('link', { name: 'Messages' }).click();

    await dm.getByRole('button', { name: "Let's Begin" }).first().click();
    await dm.getByRole('link', { name: /1 reply/ }).click();
    const thread = page.getByTestId('thread');
    await expect.poll(() => thread.innerText(), WAIT).toContain('1. Introduction');
    // Written in the thread, as in Slack: "status" answers there; a snooze and its undo;
    // "next" and "done" go on as Continue does.
    const write = async (text: string) => {
      await page.getByLabel('Reply in thread').fill(text);
      await page.getByLabel('Reply in thread').press('Enter');
    };
    await write('status');
    await expect.poll(() => thread.innerText(), WAIT).toMatch(/step 1 of \d+, Introduction/);
    // a natural time, read in the CSM's zone and said back in full; then undone by writing
    await write('snooze till monday 9am waiting on legal');
    await expect
      .poll(() => thread.innerText(), WAIT)
      .toMatch(/Snoozed step 1, Introduction, until Mon \d+ \w+ 09:00 [\w/]+: waiting on legal/);
    await write('undo');
    await expect.poll(() => thread.innerText(), WAIT).toContain('Undone: step 1');
    await write('next');
    await expect.poll(() => thread.innerText(), WAIT).toContain('Done: step 1, Introduction');

    // Step 2: the checklist gates Continue.
    await expect.poll(() => thread.getByRole('checkbox').count(), WAIT).toBeGreaterThan(0);
    for (const box of await thread.getByRole('checkbox').all()) {
      await box.check();
      await expect.poll(() => box.isChecked(), WAIT).toBe(true);
    }
    await screenshot('checklist');
    await write('done');
    await expect.poll(() => thread.innerText(), WAIT).toContain('3. Pricing strategy');

    // Step 3: snooze it in its modal; a date in the past is refused under the date input.
    const pricing = thread.locator('article', { hasText: '3. Pricing strategy' }).last();
    await pricing.getByRole('button', { name: 'More actions' }).click();
    // a reply arriving while the menu is open re-renders the thread: the menu stays open
    await postInThread('Pricing strategy', 'A reply while the menu is open');
    await expect.poll(() => thread.innerText(), WAIT).toContain('A reply while the menu is open');
    expect(await page.getByRole('menuitem', { name: 'Snooze step…' }).isVisible()).toBe(true);
    await page.getByRole('menuitem', { name: 'Snooze step…' }).click();
    const modal = page.getByTestId('modal');
    await expect.poll(() => modal.innerText(), WAIT).toContain('Snooze step');
    await modal.getByLabel('Or until').fill('2020-01-01');
    await modal.getByRole('button', { name: 'Snooze' }).click();
    await expect.poll(() => modal.locator('.input-error').count(), WAIT).toBeGreaterThan(0);
    await screenshot('snooze-modal-error');
    await modal.getByLabel('2 days').check();
    await modal.getByLabel('Reason').fill('waiting for finance approval');
    await modal.getByRole('button', { name: 'Snooze' }).click();
    await expect.poll(() => modal.count(), WAIT).toBe(0);
    await expect.poll(() => thread.innerText(), WAIT).toMatch(/Snoozed|snoozed/);
    await screenshot('snoozed');

    // Time: two days on runs the mornings, the digests and the wake-up, in order.
    await page.getByRole('button', { name: '+1 day' }).click();
    await expect.poll(() => page.getByTestId('job-log').textContent(), WAIT).toMatch(/06:00/);
    await page.getByRole('button', { name: '+1 day' }).click();
    await expect.poll(() => page.getByTestId('job-log').textContent(), WAIT).toMatch(/wakes/);
    await page.getByRole('link', { name: 'Close thread' }).click();
    const resume = dm.getByRole('button', { name: 'Resume step' }).last();
    await expect.poll(() => resume.count(), WAIT).toBe(1);
    await screenshot('woken');
    const replies = await dm
      .getByRole('link', { name: /replies/ })
      .last()
      .innerText();
    await resume.click();

    // The thread is back at the pricing step: accept the recommendation and finish.
    const more = dm.getByRole('link', { name: /replies/ }).last();
    await expect.poll(() => more.innerText(), WAIT).not.toBe(replies);
    await more.click();
    // Replies are articles; the step's own reply has the step's buttons.
    const step = (title: string, button: string) =>
      thread.locator('article', { hasText: title }).filter({
        has: page.getByRole('button', { name: button }),
      });
    await expect.poll(() => step('3. Pricing strategy', 'Accept').count(), WAIT).toBe(2);
    const accept = step('3. Pricing strategy', 'Accept').last().getByRole('button', {
      name: 'Accept',
    });
    await accept.nth(1).click(); // the recommended scenario
    // Accepted: the header ticks step 3, and step 4 (reached around the snooze) goes on.
    await expect.poll(() => thread.innerText(), WAIT).toContain('✅ 3. Pricing strategy');

    // Step 4: the quote modal builds the PDF, uploaded to the thread and opened from the page.
    const quoteStep = step('4. Prepare quote', 'Build the quote…').last();
    await quoteStep.getByRole('button', { name: 'Build the quote…' }).click();
    await expect.poll(() => modal.innerText(), WAIT).toContain('Build the quote');
    await modal.getByRole('button', { name: 'Build PDF' }).click();
    // (the thread also holds the account overview's usage chart, an image of its own)
    const chart = thread.getByRole('link', {
      name: /^Open Obsidian Black: active users.* in a new tab/,
    });
    await expect.poll(() => chart.count(), WAIT).toBe(1);
    const pdf = thread.getByRole('link', { name: /^Open Quote .* in a new tab/ });
    await expect.poll(() => pdf.count(), WAIT).toBe(1);
    const opened = await fetch(new URL(String(await pdf.getAttribute('href')), run.sandbox.url));
    expect(opened.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await opened.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await screenshot('quote-pdf');

    // Step 5: the customer email, composed and confirmed in a stack of two modals.
    const emailStep = step('5. Email draft', 'Open the composer…');
    await expect.poll(() => emailStep.count(), WAIT).toBe(1);
    await emailStep.getByRole('button', { name: 'Open the composer…' }).click();
    await expect.poll(() => modal.innerText(), WAIT).toContain('Email the customer');
    await modal.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => modal.innerText(), WAIT).toContain('Send the email?');
    await screenshot('email-confirm');
    await modal.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => modal.count(), WAIT).toBe(0);

    const summary = step('6. Summary', 'Mark Complete');
    await expect.poll(() => summary.count(), WAIT).toBe(1);
    await screenshot('summary');
    await summary.getByRole('button', { name: 'Mark Complete' }).click();
    await expect.poll(() => thread.innerText(), WAIT).toContain('🎉');
    await screenshot('complete');

    // The email the bot wrote is in the outbox pane, readable.
    await page.getByRole('link', { name: /Outbox/ }).click();
    const mail = page.getByTestId('mail');
    await mail.getByText('Planning next year with Obsidian Black').first().click();
    await expect.poll(() => page.getByTestId('email').innerText(), WAIT).toContain('Hi Marcus');
    await screenshot('outbox');
    expect(errors).toEqual([]);
  }, 180_000);
});
