/**
 * Which §7 events start a workflow at once. The HTTP and CLI doors validate the body; these
 * rules decide. Each returns the workflow type, or null when the event starts nothing.
 */
import { DEFAULT_SETTINGS, type DomainSettings } from './settings.ts';
import type { WorkflowType } from './workflow-types.ts';

export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export type ContactRole = 'champion' | 'executive' | 'user' | 'billing';

/** `ticket.created` with priority high or urgent → `risk-escalation`. */
export function ticketEventWorkflow(priority: TicketPriority): WorkflowType | null {
  return priority === 'high' || priority === 'urgent' ? 'risk-escalation' : null;
}

/**
 * `usage.reported`: a spike when `activeUsers > events.usageSpikeFactor × trailingMean`, where
 * trailingMean is the mean daily active users over the `windows.spikeTrailingDays` before
 * that day. No history (mean ≤ 0) is never a spike: there is nothing to compare against.
 */
export function usageEventWorkflow(
  activeUsers: number,
  trailingMean: number,
  settings: DomainSettings = DEFAULT_SETTINGS,
): WorkflowType | null {
  if (!(trailingMean > 0)) return null;
  return activeUsers > settings.events.usageSpikeFactor * trailingMean
    ? 'opportunity-usage-spike'
    : null;
}

/**
 * `contact.changed`: a champion or executive who was active and is now inactive →
 * `executive-contact-loss`. A contact that was already inactive changes nothing.
 */
export function contactEventWorkflow(change: {
  role: ContactRole;
  wasActive: boolean;
  active: boolean;
}): WorkflowType | null {
  const key = change.role === 'champion' || change.role === 'executive';
  return key && change.wasActive && !change.active ? 'executive-contact-loss' : null;
}
