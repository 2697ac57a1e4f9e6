/**
 * Contract status and renewal stage from days to renewal (PRODUCT.md §3). Boundaries are the
 * `stages` and `contract` settings; each stage's bound is its last day, inclusive.
 */
import { DEFAULT_SETTINGS, type DomainSettings } from './settings.ts';

/** What a contract row says about itself; `null` = not stated (an ordinary contract). */
export type ContractRecordStatus = 'active' | 'renewed' | 'churned' | null;

/** Contract status as of a day (PRODUCT.md §3). */
export type ContractStatus = 'active' | 'expiring' | 'expired' | 'renewed' | 'churned';

export const STAGES = [
  'expired',
  'emergency',
  'critical',
  'urgent',
  'finalize',
  'negotiate',
  'active',
  'prepare',
  'strategic',
] as const;
export type Stage = (typeof STAGES)[number];

/**
 * `renewed` or `churned` when the contract says so; else `expired` when daysToRenewal < 0;
 * `expiring` when daysToRenewal ≤ contract.expiringWithinDays; else `active`.
 */
export function contractStatus(
  contract: { status: ContractRecordStatus; daysToRenewal: number },
  settings: DomainSettings = DEFAULT_SETTINGS,
): ContractStatus {
  if (contract.status === 'renewed' || contract.status === 'churned') return contract.status;
  if (contract.daysToRenewal < 0) return 'expired';
  if (contract.daysToRenewal <= settings.contract.expiringWithinDays) return 'expiring';
  return 'active';
}

/**
 * Stage by days to renewal: `expired` < 0 ≤ `emergency` ≤ emergencyMaxDays < `critical` ≤
 * criticalMaxDays < `urgent` ≤ urgentMaxDays < `finalize` ≤ finalizeMaxDays < `negotiate` ≤
 * negotiateMaxDays < `active` ≤ activeMaxDays < `prepare` ≤ prepareMaxDays < `strategic`.
 * Non-increasing in urgency as days grow: more days never give an earlier stage.
 */
export function stageForDays(days: number, settings: DomainSettings = DEFAULT_SETTINGS): Stage {
  const s = settings.stages;
  if (days < 0) return 'expired';
  if (days <= s.emergencyMaxDays) return 'emergency';
  if (days <= s.criticalMaxDays) return 'critical';
  if (days <= s.urgentMaxDays) return 'urgent';
  if (days <= s.finalizeMaxDays) return 'finalize';
  if (days <= s.negotiateMaxDays) return 'negotiate';
  if (days <= s.activeMaxDays) return 'active';
  if (days <= s.prepareMaxDays) return 'prepare';
  return 'strategic';
}
