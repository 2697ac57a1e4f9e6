/**
 * One day count per card: the headline's "renewal in N days" and the "Why this is first"
 * reason come from the same number, whatever day the workflow was last scored and whatever
 * day the card is shown (issue 13 item 7: 363 in the headline, 364 in the reason).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneThingBlocks } from '../../blocks/cards.ts';
import type { WorkItemStateRow } from '../db/work-queue.ts';
import { DEFAULT_SETTINGS, priorityScore } from '../domain/index.ts';
import { toWorkItem } from '../engine/digest.ts';

const DAY_COUNT = /renewal (?:in (\d+) days?|today|date passed (\d+) days? ago)/g;

/** Every day count the blocks state, as signed days to renewal. */
function dayCounts(blocks: unknown): number[] {
  const text = JSON.stringify(blocks);
  return [...text.matchAll(DAY_COUNT)].map(([, ahead, passed]) =>
    ahead !== undefined ? Number(ahead) : passed !== undefined ? -Number(passed) : 0,
  );
}

function row(storedDays: number, shownDays: number, strategic: boolean): WorkItemStateRow {
  const inputs = {
    arr: 185_000,
    daysToRenewal: storedDays,
    healthDecline: 0,
    usageTrendPct: 0,
    strategic,
  };
  return {
    instance_id: 1,
    customer_id: 'obsidian-black',
    customer_name: 'Obsidian Black',
    type: 'strategic-planning',
    stage: 'strategic',
    priority_score: 60,
    arr: 185_000,
    days_to_renewal: shownDays,
    health_score: 75,
    // as the daily run of an earlier (or later) day stored them
    factors: { ...priorityScore(inputs).factors, inputs },
    status: 'open',
    execution: null,
    workflow_snoozed_until: null,
  };
}

describe('the one thing card', () => {
  it('gives one day count in its headline and its reasons, for any day it is shown', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -30, max: 400 }),
        fc.integer({ min: -3, max: 3 }),
        fc.boolean(),
        (shownDays, runLag, strategic) => {
          const item = toWorkItem(row(shownDays + runLag, shownDays, strategic), DEFAULT_SETTINGS);
          const counts = dayCounts(oneThingBlocks(item));
          expect(counts[0]).toBe(shownDays);
          expect(new Set(counts)).toEqual(new Set([shownDays]));
        },
      ),
    );
  });

  it('does not offer a renewal a year out as a reason', () => {
    const item = toWorkItem(row(364, 363, true), DEFAULT_SETTINGS);
    expect(item.reasons).toEqual(['$185K ARR ×1.5', 'strategic account ×2.0']);
    const why = JSON.stringify(oneThingBlocks(item)).match(/Why this is first:\*([^"]*)/)?.[1];
    expect(why).not.toMatch(/renewal/);
  });
});
