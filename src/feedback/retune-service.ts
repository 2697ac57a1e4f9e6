/**
 * The weekly re-tune of one company's priority weights (PRODUCT.md §8): load the outcomes of
 * the last LOOKBACK_DAYS, run the pure {@link retuneWeights}, and apply the proposal as a new
 * version unless there is too little data, nothing moved, or the latest version is pinned.
 * Pinned: the proposal is logged and nothing is recorded (the engineer pinned on purpose; the
 * log says what re-tuning would have done). A company's first applied proposal is preceded by
 * version 1, its weights before re-tuning, so there is always a version to roll back to.
 */
import { z } from 'zod';
import type { Sql } from '../db/connection.ts';
import {
  applyWeightVersion,
  latestWeightVersion,
  listOutcomeSamples,
  type WeightVersionRow,
} from '../db/priority-weights.ts';
import { resolveSettings } from '../domain/settings.ts';
import type { Logger } from '../logger.ts';
import { type OutcomeSample, type RetuneResult, retuneWeights } from './retune.ts';

/** Outcomes of workflows finished this many days before now are the evidence (days). */
export const LOOKBACK_DAYS = 180;
const DAY_MS = 86_400_000;

const unit = z.number().min(0).max(1);
const factorsSchema = z.object({
  arr: unit,
  urgency: unit,
  healthDecline: unit,
  usageDecline: unit,
  strategic: unit,
});

export type RetuneStatus = 'applied' | 'pinned' | 'too little data' | 'no change';

export interface CompanyRetune {
  companyId: number;
  status: RetuneStatus;
  samples: number;
  proposal: RetuneResult;
  version: WeightVersionRow | null;
}

/** Re-tune one company's weights as of `now` (see the module comment). */
export async function retuneCompany(
  sql: Sql,
  options: { companyId: number; settings: unknown; now: Date; logger?: Logger },
): Promise<CompanyRetune> {
  const { companyId, now, logger } = options;
  const current = resolveSettings(options.settings ?? {}).priority.weights;
  const since = new Date(now.getTime() - LOOKBACK_DAYS * DAY_MS);
  const samples: OutcomeSample[] = [];
  for (const row of await listOutcomeSamples(sql, companyId, since)) {
    const factors = factorsSchema.safeParse(row.factors);
    if (factors.success) samples.push({ factors: factors.data, outcome: row.outcome });
  }
  const proposal = retuneWeights(samples, current);
  const latest = await latestWeightVersion(sql, companyId);
  const done = (status: RetuneStatus, version: WeightVersionRow | null = null) => {
    logger?.info(
      { companyId, status, samples: samples.length, changes: proposal.changes, version },
      'priority weights re-tune',
    );
    return { companyId, status, samples: samples.length, proposal, version };
  };
  if (proposal.skipped) return done('too little data');
  if (proposal.changes.length === 0) return done('no change');
  if (latest?.pinned) return done('pinned');
  if (!latest) {
    await applyWeightVersion(sql, {
      companyId,
      weights: current,
      reason: 'weights before re-tuning',
    });
  }
  const version = await applyWeightVersion(sql, {
    companyId,
    weights: proposal.weights,
    reason: `re-tuned from ${samples.length} outcomes: ${proposal.changes.map((c) => c.reason).join('; ')}`,
    evidence: proposal.changes,
  });
  return done('applied', version);
}
