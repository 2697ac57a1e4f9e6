/**
 * A customer's hydration context (the standard slide variables, slides/context.ts), loaded
 * through src/db/workflow-context.ts and shaped here. The CSM's local hour and the as-of day
 * are passed in by the door that knows the clock; nothing here reads it.
 */
import { type StandardContext, standardContextSchema, timeOfDay } from '../../slides/context.ts';
import type { Sql } from '../db/connection.ts';
import { type ContextRows, loadContextRows } from '../db/workflow-context.ts';
import { dayNumber, daysToRenewal, stageForDays } from '../domain/index.ts';
import { round2 } from '../domain/math.ts';
import { RenubuError } from '../errors.ts';

export interface ContextRequest {
  companyId: number;
  customerExternalId: string;
  /** The CSM's today, YYYY-MM-DD. */
  asOf: string;
  /** The CSM's local hour 0-23: gives `timeOfDay`. */
  localHour: number;
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

/** Champion, else executive, else any contact: active ones only. */
function champion(rows: ContextRows) {
  const active = rows.contacts.filter((c) => c.active);
  return (
    active.find((c) => c.role === 'champion') ??
    active.find((c) => c.role === 'executive') ??
    active[0]
  );
}

/** Pure: the standard context from a customer's rows; values the customer lacks are left out. */
export function buildStandardContext(
  rows: ContextRows,
  request: Pick<ContextRequest, 'asOf' | 'localHour'>,
): StandardContext {
  const { customer, contract } = rows;
  const latest = rows.scores.at(-1);
  if (!latest) {
    throw new RenubuError(
      'not_found',
      `No scores for customer "${customer.external_id}" on or before ${request.asOf}: run \`renubu daily-run\` first.`,
    );
  }
  const lead = champion(rows);
  const executive = rows.contacts.find((c) => c.active && c.role === 'executive');
  const days = contract
    ? daysToRenewal(dayNumber(contract.renewal_date), dayNumber(request.asOf))
    : undefined;
  const optional = <K extends string, V>(key: K, value: V | null | undefined) =>
    (value === null || value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  const context: StandardContext = {
    customerId: customer.external_id,
    customerName: customer.name,
    csmName: firstName(customer.csm_name),
    csmFullName: customer.csm_name,
    csmEmail: customer.csm_email,
    timeOfDay: timeOfDay(request.localHour),
    asOf: request.asOf,
    ...optional('industry', customer.industry),
    ...optional('accountPlan', customer.account_plan),
    strategic: customer.strategic,
    arr: customer.arr,
    seats: customer.seats,
    healthScore: latest.health_score,
    riskScore: latest.risk_score,
    opportunityScore: latest.opportunity_score,
    usageTrendPct: latest.usage_trend_pct,
    ...optional(
      'seatUtilisation',
      customer.seats > 0 && customer.avg_active_users !== null
        ? round2(customer.avg_active_users / customer.seats)
        : null,
    ),
    sentiment: latest.sentiment,
    hasRenewal: days !== undefined,
    ...(contract && days !== undefined
      ? {
          daysToRenewal: days,
          renewalDate: contract.renewal_date,
          stage: stageForDays(days),
          contract: {
            startDate: contract.start_date,
            renewalDate: contract.renewal_date,
            arr: contract.arr,
            status: contract.status,
            autoRenew: contract.auto_renew,
            terms: rows.terms,
          },
        }
      : {}),
    hasChampion: lead !== undefined,
    championName: lead?.name ?? `the ${customer.name} team`,
    championFirstName: lead ? firstName(lead.name) : 'there',
    ...optional('championEmail', lead?.email),
    ...optional('championTitle', lead?.title),
    ...optional('executiveName', executive?.name),
    contacts: rows.contacts.map((c) => ({
      name: c.name,
      role: c.role,
      active: c.active,
      ...optional('email', c.email),
      ...optional('title', c.title),
    })),
    healthTimeline: rows.scores.map((s) => ({ asOf: s.as_of, healthScore: s.health_score })),
    openTickets: rows.openTickets,
    urgentOpenTickets: rows.urgentOpenTickets,
    recentTickets: rows.tickets.map((t) => ({
      subject: t.subject,
      priority: t.priority,
      status: t.status,
      openedOn: t.opened_on,
    })),
  };
  return standardContextSchema.parse(context);
}

/** Load and shape one customer's context; `not_found` for an unknown customer. */
export async function loadWorkflowContext(
  sql: Sql,
  request: ContextRequest,
): Promise<StandardContext> {
  const rows = await loadContextRows(
    sql,
    request.companyId,
    request.customerExternalId,
    request.asOf,
  );
  if (!rows) {
    throw new RenubuError(
      'not_found',
      `No customer "${request.customerExternalId}" in this company.`,
    );
  }
  return buildStandardContext(rows, request);
}
