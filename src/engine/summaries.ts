/**
 * Each CSM's daily summary (PRODUCT.md §3, §10): the one thing, the priority list (one entry
 * per customer, its other open workflows in `also`) and the snoozed steps due today. The one
 * place it is computed: the daily run returns it for `daily-run --json` and the terminal,
 * and the morning DM, App Home and `/renubu today` load it here for their CSM and day, so
 * every surface lists the same customers in the same order.
 */
import type { Sql, TransactionSql } from '../db/connection.ts';
import { type CsmSummaryRow, loadSummaries, type SummaryScope } from '../db/summaries.ts';
import type { DomainSettings } from '../domain/index.ts';

export type { CsmSummaryRow, SnoozedDue, SummaryItem, SummaryScope } from '../db/summaries.ts';

/** The summaries of the scope's CSMs, each priority list `summary.priorityListSize` long. */
export async function loadCsmSummaries(
  sql: Sql | TransactionSql,
  scope: SummaryScope,
  settings: DomainSettings,
): Promise<CsmSummaryRow[]> {
  return loadSummaries(sql, scope, settings.summary.priorityListSize);
}

/** One CSM's summary as of `asOf` (every CSM has one, also with nothing to do). */
export async function loadCsmSummary(
  sql: Sql | TransactionSql,
  csm: { id: number; company_id: number },
  asOf: string,
  settings: DomainSettings,
): Promise<CsmSummaryRow> {
  const scope = { companyId: csm.company_id, csmId: csm.id, asOf, now: null };
  const [summary] = await loadCsmSummaries(sql, scope, settings);
  if (!summary) throw new Error(`no CSM ${csm.id} in company ${csm.company_id}`);
  return summary;
}
