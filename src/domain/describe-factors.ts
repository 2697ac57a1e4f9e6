/**
 * "Why this is first" (PRODUCT.md §11): the priority factors in words for Slack and email,
 * e.g. `['$185K ARR ×1.5', 'renewal in 12 days', 'usage −32% in 30 days', 'health −9 pts',
 * 'strategic account ×2.0']`. Not a hot path: called for the cards a CSM is shown.
 */
import { type PriorityInputs, priorityScore, raisingFactors } from './priority.ts';
import { DEFAULT_SETTINGS, type DomainSettings } from './settings.ts';
import { plural } from './words.ts';

const MINUS = '\u2212';

function trimmed(x: number): string {
  return x.toFixed(1).replace(/\.0$/, '');
}

/**
 * Money in short form: `$950`, `$8.5K`, `$185K`, `$1M`, `$1.2M`. Below $10K one decimal,
 * from $10K whole thousands, from $999.5K millions with one decimal (trailing `.0` dropped).
 */
export function formatMoney(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const a = Math.abs(amount);
  if (a >= 999_500) return `${sign}$${trimmed(a / 1e6)}M`;
  if (a >= 9_950) return `${sign}$${Math.round(a / 1000)}K`;
  if (a >= 1000) return `${sign}$${trimmed(a / 1000)}K`;
  return `${sign}$${Math.round(a)}`;
}

/**
 * Days to renewal in words, the one wording every surface uses: `renewal in 12 days`,
 * `renewal in 1 day`, `renewal today`, `renewal date passed 3 days ago`.
 */
export function renewalPhrase(days: number): string {
  if (days === 0) return 'renewal today';
  if (days < 0) return `renewal date passed ${plural(-days, 'day', 'days')} ago`;
  return `renewal in ${plural(days, 'day', 'days')}`;
}

/**
 * Short phrases for the factors that raised the score ({@link raisingFactors}), in the fixed
 * order ARR, renewal, usage, health, strategic. The factors are computed here from `inputs`,
 * so the phrases and the day count shown beside them come from the same numbers: pass the
 * inputs with the surface's `daysToRenewal`. A factor adding nothing (or under
 * `priority.reasonMinPoints`), like urgency a year out, is never named; nor is a decline
 * that rounds to under 1. Weights are shown for ARR and strategic as `×w`.
 */
export function describeFactors(
  inputs: PriorityInputs,
  settings: DomainSettings = DEFAULT_SETTINGS,
): string[] {
  const w = settings.priority.weights;
  const raised = new Set(raisingFactors(priorityScore(inputs, settings).factors, settings));
  const phrases: string[] = [];
  if (raised.has('arr')) phrases.push(`${formatMoney(inputs.arr)} ARR ×${w.arr.toFixed(1)}`);
  if (raised.has('urgency') && inputs.daysToRenewal !== null) {
    phrases.push(renewalPhrase(inputs.daysToRenewal));
  }
  const usageDrop = Math.round(-inputs.usageTrendPct);
  if (raised.has('usageDecline') && usageDrop >= 1) {
    phrases.push(`usage ${MINUS}${usageDrop}% in ${plural(settings.windows.usageDays, 'day')}`);
  }
  const healthDrop = Math.round(inputs.healthDecline);
  if (raised.has('healthDecline') && healthDrop >= 1) {
    phrases.push(`health ${MINUS}${plural(healthDrop, 'pt', 'pts')}`);
  }
  if (raised.has('strategic')) phrases.push(`strategic account ×${w.strategic.toFixed(1)}`);
  return phrases;
}
