import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMessage } from '../src/sandbox/slack/slack-limits.ts';
import { SAY_ACTION_PATTERN } from './action-ids.ts';
import { changedReply, confirmReply, plainReply, suggestionsReply } from './message-replies.ts';
import { text } from './test-arbitraries.ts';

const accepted = (message: { text: string; blocks: unknown[] }) =>
  expect(checkMessage({ ...message })).toBeUndefined();

const HOSTILE = '<!channel> budget < 400K & margin > 20% <@U123>';
const inert = (mrkdwn: string) => expect(mrkdwn).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
const idsOf = (message: { blocks: unknown[] }) =>
  JSON.stringify(message.blocks).match(/"action_id":"[^"]+"/g) ?? [];

describe('answers to messages', () => {
  it('say a change in full with Undo for its workflow, and none after an undo', () => {
    const reply = changedReply('Snoozed step 3, Pricing strategy, until Fri 5 Dec 09:00', 7);
    accepted(reply);
    expect(idsOf(reply)).toEqual(['"action_id":"conversation.undo"']);
    expect(JSON.stringify(reply.blocks)).toContain('"value":"7"');
    expect(idsOf(changedReply('Undone: step 3', null))).toEqual([]);
  });

  it('give each suggestion its own id (Slack refuses a message with one twice), three at most', () => {
    const reply = suggestionsReply('I did not understand that.', ['a', 'b', 'c', 'd']);
    accepted(reply);
    const ids = idsOf(reply).map((s) => s.slice(13, -1));
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(SAY_ACTION_PATTERN);
  });

  it('keep what the CSM typed inert, in the blocks and the text fallback', () => {
    for (const reply of [
      changedReply(`Skipped step 2: ${HOSTILE}`, 1),
      plainReply(HOSTILE),
      confirmReply(`Skip step 2: ${HOSTILE}?`, 'Yes, skip it', `skip 2 ${HOSTILE}`),
      suggestionsReply(HOSTILE, [HOSTILE]),
    ]) {
      inert(reply.text);
      inert(JSON.stringify(reply.blocks.filter((b) => b.type === 'section')));
    }
  });

  it('stay within Slack limits whatever the words', () => {
    fc.assert(
      fc.property(text(4000), fc.array(text(100), { maxLength: 5 }), (words, suggestions) => {
        for (const reply of [
          changedReply(words, 1),
          confirmReply(words, words, words),
          suggestionsReply(words, suggestions.length ? suggestions : ['help']),
        ]) {
          accepted(reply);
        }
      }),
    );
  });
});
