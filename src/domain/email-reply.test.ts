import { describe, expect, it } from 'vitest';
import { confirmationText, machineMailReason, replyCommands, replySubject } from './email-reply.ts';

const person = {
  header: (_name: string): string | undefined => undefined,
  subject: 'Re: Renubu: 2 snoozed steps due tomorrow',
  from: 'ana@acme.test',
  returnPath: 'ana@acme.test',
  contentType: 'text/plain',
};
const withHeaders = (headers: Record<string, string>) => ({
  ...person,
  header: (name: string) => headers[name],
});

describe('machineMailReason', () => {
  it('a person’s reply is no machine’s', () => {
    expect(machineMailReason(person)).toBeNull();
    expect(machineMailReason(withHeaders({ 'auto-submitted': 'no' }))).toBeNull();
    expect(machineMailReason({ ...person, returnPath: undefined })).toBeNull();
  });

  it.each([
    [withHeaders({ 'auto-submitted': 'auto-replied' }), 'Auto-Submitted: auto-replied'],
    [
      withHeaders({ 'auto-submitted': 'Auto-Generated; foo=bar' }),
      'Auto-Submitted: auto-generated',
    ],
    [withHeaders({ 'x-autoreply': 'yes' }), 'X-Autoreply'],
    [withHeaders({ 'x-renubu-key': 'digest:1:2026-11-25' }), 'X-Renubu-Key (Renubu’s own email)'],
    [withHeaders({ 'x-autorespond': '' }), 'X-Autorespond'],
    [withHeaders({ precedence: 'bulk' }), 'Precedence: bulk'],
    [withHeaders({ precedence: 'auto_reply' }), 'Precedence: auto_reply'],
    [{ ...person, returnPath: '<>' }, 'empty Return-Path (a bounce)'],
    [{ ...person, from: 'MAILER-DAEMON@mx.acme.test' }, 'from MAILER-DAEMON'],
    [
      { ...person, contentType: 'multipart/report; report-type=delivery-status' },
      'multipart/report (a bounce)',
    ],
    [{ ...person, subject: 'Out of Office: Re: Renubu' }, 'an automatic reply by its subject'],
    [{ ...person, subject: 'Automatic reply: Renubu digest' }, 'an automatic reply by its subject'],
  ])('%#: a machine’s mail is named (%s)', (mail, reason) => {
    expect(machineMailReason(mail)).toBe(reason);
  });
});

describe('replyCommands', () => {
  it('one command a line, blank and punctuation-only lines left out', () => {
    expect(replyCommands('2 snooze monday\r\n\n3 done\n--\n  ')).toEqual([
      '2 snooze monday',
      '3 done',
    ]);
  });

  it('a line with several items splits at each item’s number', () => {
    expect(replyCommands('2 snooze monday, 3 done; #4. skip: churned')).toEqual([
      '2 snooze monday',
      '3 done',
      '#4. skip: churned',
    ]);
  });

  it('a comma inside a command stays', () => {
    expect(replyCommands('snooze 2d, waiting for legal')).toEqual(['snooze 2d, waiting for legal']);
  });
});

describe('answers', () => {
  it('Re: once', () => {
    expect(replySubject('Renubu: digest')).toBe('Re: Renubu: digest');
    expect(replySubject('RE: Renubu: digest')).toBe('RE: Renubu: digest');
  });

  it('the confirmation says what was done and what was not, with the help line', () => {
    const text = confirmationText({
      name: 'Ana Ruiz',
      done: ['Snoozed step 2, Pricing, until Mon 30 Nov 09:00 America/New_York'],
      notDone: [{ line: 'call me', why: 'not understood' }],
    });
    expect(text).toContain('Hi Ana,');
    expect(text).toContain('- Snoozed step 2, Pricing, until Mon 30 Nov 09:00 America/New_York');
    expect(text).toContain('Not done:\n- "call me": not understood');
    expect(text).toContain('start a line with the item’s number');
  });
});
