/**
 * Email replies over real SMTP (PRODUCT.md §12): a digest reply acts on the right steps,
 * through the step service (source 'email', the thread following), and gets one confirmation
 * in its thread; forged, replayed, automatic, quoted and expired replies change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyAnswerKey } from '../../src/workflows/email-reply.ts';
import {
  answersTo,
  emailActions,
  itemSteps,
  NOW,
  type ReplyWorld,
  received,
  replyToOf,
  sendReply,
  startReplyWorld,
} from './reply-world.ts';

let world: ReplyWorld;
let replyTo: string;
beforeAll(async () => {
  world = await startReplyWorld();
  replyTo = replyToOf(world.digest);
}, 60_000);
afterAll(() => world?.stop());

const answerRows = (messageId: string) =>
  world.db.sql`select id from outbox where idempotency_key = ${replyAnswerKey(messageId)}`;

describe('a reply to the digest over SMTP', () => {
  it('the digest carries a signed reply address of EMAIL_REPLY_DOMAIN', () => {
    expect(world.digest.text).toContain('one line per step starting with its number');
    expect(world.digest.html).toContain('such as &quot;2 snooze monday&quot;');
    expect(replyTo).toMatch(
      /^reply\+[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+\.[A-Za-z0-9_-]{22}@reply\.renubu\.test$/,
    );
  });

  it('"2 snooze monday" and "3 done" act on items 2 and 3 only, by email, and one confirmation answers in the thread', async () => {
    const before = await itemSteps(world);
    await sendReply(world, {
      to: replyTo,
      messageId: '<r1@phone.acme.test>',
      inReplyTo: world.digest.messageId!,
      text: '2 snooze monday\n3 done\ncall me maybe\n\nSent from my phone',
    });
    const [one, two, three] = await itemSteps(world);
    expect(one).toEqual(before[0]); // item 1 untouched
    expect(two!.status).toBe('snoozed');
    // Monday 30 November, in Ana's New York day
    expect(two!.snoozed_until!.toISOString().slice(0, 10)).toBe('2026-11-30');
    expect(three!.status).toBe('completed');
    const actions = await emailActions(world);
    expect(actions).toEqual([
      { execution_id: world.executions[1], action_type: 'snooze' },
      { execution_id: world.executions[2], action_type: 'resume' },
      { execution_id: world.executions[2], action_type: 'complete' },
    ]);
    // the Slack threads follow: a note for the snooze in item 2's thread
    const notes = await world.db.sql`
      select 1 from outbox where channel = 'slack'
         and idempotency_key like ${`thread:${world.executions[1]}:note:%`}`;
    expect(notes.length).toBeGreaterThan(0);
    const answer = await received(world.sink, (m) => m.inReplyTo === '<r1@phone.acme.test>');
    expect(answer.subject).toBe('Re: Renubu: 3 snoozed steps due tomorrow');
    expect(answer.references).toContain('<r1@phone.acme.test>');
    expect(answer.to).toMatchObject({ value: [{ address: 'ANA@acme.test' }] });
    expect(answer.text).toMatch(/Snoozed step 1, .*, until Mon 30 Nov \d\d:\d\d America\/New_York/);
    expect(answer.text).toContain('Done: step 1');
    expect(answer.text).toContain('"call me maybe"');
    expect(answer.text).toContain('start a line with the item’s number');
    // the confirmation can be replied to as well
    expect(replyToOf(answer)).toMatch(/@reply\.renubu\.test$/);
  });

  it('the same Message-ID again changes nothing and is not answered again', async () => {
    const before = await itemSteps(world);
    const actions = (await emailActions(world)).length;
    await sendReply(world, {
      to: replyTo,
      messageId: '<r1@phone.acme.test>',
      text: '1 done\n2 resume',
    });
    expect(await itemSteps(world)).toEqual(before);
    expect(await emailActions(world)).toHaveLength(actions);
    expect(await answerRows('<r1@phone.acme.test>')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answersTo(world, '<r1@phone.acme.test>')).toHaveLength(1);
  });

  it('a forged token is refused at RCPT with 550, and nothing changes', async () => {
    const before = await itemSteps(world);
    const [local, domain] = replyTo.split('@') as [string, string];
    const forged = `${local.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}@${domain}`;
    const other = `reply+${local.slice(6).replace(/^[0-9a-z]+/, '999')}@${domain}`;
    for (const to of [forged, other, `someone@${domain}`]) {
      const error = await sendReply(world, {
        to,
        messageId: `<forged-${to}>`,
        text: '1 done',
      }).catch((e: { responseCode?: number }) => e);
      expect((error as { responseCode?: number }).responseCode, to).toBe(550);
    }
    expect(await itemSteps(world)).toEqual(before);
  });

  it('an auto-reply (Auto-Submitted: auto-replied) is never acted on nor answered', async () => {
    const before = await itemSteps(world);
    await sendReply(world, {
      to: replyTo,
      messageId: '<ooo@phone.acme.test>',
      subject: 'Automatic reply: Renubu',
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: '1 done',
    });
    expect(await itemSteps(world)).toEqual(before);
    expect(await answerRows('<ooo@phone.acme.test>')).toHaveLength(0);
  });

  it('quoted history does not act: only the reply’s own words do', async () => {
    await sendReply(world, {
      to: replyTo,
      messageId: '<r2@phone.acme.test>',
      text:
        '1 snooze 3d waiting for legal\n\n' +
        'On Wed, 25 Nov 2026 at 23:00, Renubu <renubu@renubu.test> wrote:\n' +
        '> 1 done\n> 2 done\n> Reason: waiting for finance\n',
    });
    const [one, two] = await itemSteps(world);
    expect(one!.status).toBe('snoozed');
    expect(one!.snoozed_until!.toISOString().slice(0, 10)).toBe('2026-11-28');
    expect(two!.status).toBe('snoozed');
    const answer = await received(world.sink, (m) => m.inReplyTo === '<r2@phone.acme.test>');
    expect(answer.text).not.toContain('Not done');
  });

  it('an HTML-only reply is read as text', async () => {
    await sendReply(world, {
      to: replyTo,
      messageId: '<r3@phone.acme.test>',
      html:
        '<div dir="ltr">2 resume</div><br><div class="gmail_quote">' +
        '<div>On Wed, 25 Nov 2026, Renubu wrote:</div>' +
        '<blockquote class="gmail_quote">3 undo</blockquote></div>',
    });
    const [, two, three] = await itemSteps(world);
    expect(two!.status).toBe('in_progress');
    expect(three!.status).toBe('completed');
    await received(world.sink, (m) => m.inReplyTo === '<r3@phone.acme.test>');
  });

  it('a reply from another address is still the token’s CSM’s (the token authenticates)', async () => {
    await sendReply(world, {
      to: replyTo,
      from: 'ana.personal@example.org',
      messageId: '<r4@other.example.org>',
      text: '2 snooze 1d',
    });
    const [, two] = await itemSteps(world);
    expect(two!.status).toBe('snoozed');
    const answer = await received(world.sink, (m) => m.inReplyTo === '<r4@other.example.org>');
    expect(answer.to).toMatchObject({ value: [{ address: 'ANA@acme.test' }] });
  });

  it('an expired address gets one short answer, once, and changes nothing', async () => {
    const before = await itemSteps(world);
    const actions = (await emailActions(world)).length;
    world.clock.set(new Date(NOW.getTime() + 15 * 86_400_000));
    try {
      for (let i = 0; i < 2; i += 1) {
        await sendReply(world, {
          to: replyTo,
          messageId: '<late@phone.acme.test>',
          text: '1 done',
        });
      }
      const answer = await received(world.sink, (m) => m.inReplyTo === '<late@phone.acme.test>');
      expect(answer.text).toContain('expired');
      expect(await answerRows('<late@phone.acme.test>')).toHaveLength(1);
    } finally {
      world.clock.set(NOW);
    }
    expect(await itemSteps(world)).toEqual(before);
    expect(await emailActions(world)).toHaveLength(actions);
  });
});
