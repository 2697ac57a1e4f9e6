import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../src/sandbox/slack/slack-limits.ts';
import {
  CHECKIN_ACTION,
  CHECKIN_ITEMS_MAX,
  type CheckinItem,
  callOfAction,
  checkinDm,
} from './checkin.ts';
import { textOf } from './test-fixtures.ts';

const item = (i: number, extra: Partial<CheckinItem> = {}): CheckinItem => ({
  checkinId: 100 + i,
  customerName: `Customer ${i}`,
  arr: 50_000 + i,
  renewalDate: '2026-12-07',
  modelCall: 'commit',
  answer: null,
  ...extra,
});

describe('checkinDm', () => {
  it('lists each renewal with the model call and Commit / At risk / Upside carrying its id', () => {
    const dm = checkinDm({ csmName: 'Ana Ruiz', week: '2026-W48', items: [item(1)] });
    expect(validateBlocks(dm.blocks, 'message')).toEqual([]);
    expect(dm.text).toContain('2026-W48');
    expect(textOf(dm.blocks)).toContain('*Customer 1*');
    expect(textOf(dm.blocks)).toContain('Model: *Commit*');
    const buttons = dm.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    expect(buttons.map((b) => [b.action_id, (b as { value?: string }).value])).toEqual([
      [CHECKIN_ACTION.commit, '101'],
      [CHECKIN_ACTION.at_risk, '101'],
      [CHECKIN_ACTION.upside, '101'],
    ]);
  });

  it('shows the answer once given, marking the chosen button and whether it agrees', () => {
    const dm = checkinDm({
      csmName: 'Ana',
      week: '2026-W48',
      items: [item(1, { answer: 'at_risk' }), item(2, { answer: 'commit' })],
    });
    expect(textOf(dm.blocks)).toContain('Your call: *At risk* (differs from the model)');
    expect(textOf(dm.blocks)).toContain('Your call: *Commit* (agrees)');
    expect(textOf(dm.blocks)).toContain('2 of 2 answered');
    const chosen = dm.blocks
      .flatMap((b) => (b.type === 'actions' ? b.elements : []))
      .filter((b) => (b as { style?: string }).style === 'primary');
    expect(chosen.map((b) => b.action_id)).toEqual([CHECKIN_ACTION.at_risk, CHECKIN_ACTION.commit]);
  });

  it.each([CHECKIN_ITEMS_MAX, CHECKIN_ITEMS_MAX + 1, 200])(
    'stays within Slack limits with %i renewals and says how many more',
    (count) => {
      const items = Array.from({ length: count }, (_, i) =>
        item(i, { customerName: `${'&<>'.repeat(60)} ${i}` }),
      );
      const dm = checkinDm({ csmName: 'Ana', week: '2026-W48', items });
      expect(validateBlocks(dm.blocks, 'message')).toEqual([]);
      expect(dm.blocks.length).toBeLessThanOrEqual(50);
      const more = count - CHECKIN_ITEMS_MAX;
      if (more > 0) expect(textOf(dm.blocks)).toContain(`…and ${more} more`);
      else expect(textOf(dm.blocks)).not.toContain('more;');
    },
  );
});

describe('callOfAction', () => {
  it('maps each action id back to its call, and nothing else', () => {
    expect(callOfAction(CHECKIN_ACTION.at_risk)).toBe('at_risk');
    expect(callOfAction(CHECKIN_ACTION.commit)).toBe('commit');
    expect(callOfAction(CHECKIN_ACTION.upside)).toBe('upside');
    expect(callOfAction('digest.begin')).toBeNull();
  });
});
