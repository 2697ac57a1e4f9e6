/**
 * The daily run: one function used by the command line, the scheduled job and the
 * benchmark. Customers' facts are streamed in batches from one set-based query, scored and
 * decided by the pure domain, COPYed into temp tables, and written in a few set-based
 * statements per batch and per run, all in one transaction per company (a dry run rolls it
 * back). The server writes one batch while the engine scores the next.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Sql } from '../db/connection.ts';
import { copyLine } from '../db/copy.ts';
import {
  type CustomerFactsRow,
  countCustomers,
  scopeAsOfs,
  streamCustomerFacts,
} from '../db/daily-facts.ts';
import {
  batchPlans,
  clearRunScores,
  createRunTables,
  type InstanceChanges,
  type RunRowsText,
  type RunWrites,
  recordOutcomes,
  writeBatch,
} from '../db/daily-writes.ts';
import { ensureUsageRollups, rollupsCover } from '../db/usage-rollups.ts';
import {
  assessCustomer,
  type DomainSettings,
  decideWorkflows,
  priorityInputsOf,
  priorityScore,
} from '../domain/index.ts';
import { customerFacts, roundFactors } from './customer-facts.ts';
import { type CsmSummaryRow, loadCsmSummaries } from './summaries.ts';

export interface WorkflowResult {
  type: string;
  priorityScore: number;
  factors: Record<string, number>;
}

/** One customer of the run, as `daily-run --json` prints it (PRODUCT.md §10). */
export interface CustomerResult {
  customerId: string;
  name: string;
  csm: string;
  arr: number;
  healthScore: number;
  usageTrendPct: number;
  sentiment: string;
  contractStatus: string | null;
  daysToRenewal: number | null;
  stage: string | null;
  riskScore: number;
  opportunityScore: number;
  workflows: WorkflowResult[];
}

export interface DailyRunOptions {
  companyId: number;
  /** A fixed date (YYYY-MM-DD) for every CSM, or null for each CSM's own today. */
  asOf: string | null;
  now: Date;
  /** Only this CSM (id), or every CSM of the company. */
  csmId: number | null;
  dryRun: boolean;
  settings: DomainSettings;
  onCustomer?: (customer: CustomerResult) => void;
  onProgress?: (done: number, total: number) => void;
  /** Told how long each phase took (benchmarks). */
  onPhase?: (phase: string, ms: number) => void;
  /** Customers scored and written per batch (10,000; tests use small ones). */
  batchSize?: number;
}

export interface DailyRunResult {
  customers: number;
  workflows: number;
  changes: InstanceChanges;
  summaries: CsmSummaryRow[];
}

class DryRunRollback extends Error {
  constructor(readonly result: DailyRunResult) {
    super('dry run: rolled back');
  }
}

/**
 * Customers scored between two turns of the event loop (a batch is 10,000): a few
 * milliseconds, so the previous batch's write gets its next statement sent promptly.
 */
const SLICE = 250;

/**
 * The run's work_mem (a transaction-local setting): enough for a million customers' hash
 * aggregates and joins in memory. Each parallel worker may use it per hash (times
 * hash_mem_multiplier), briefly, once a day per company.
 */
const RUN_WORK_MEM = '128MB';

/**
 * The daily run's advisory locks: a run of a whole company holds the company's lock alone;
 * a run of one CSM (the per-CSM jobs) holds it shared and the CSM's own lock, so runs of
 * different CSMs of one company (disjoint customers) go side by side, in any processes.
 */
const DAILY_RUN_LOCK = 7_240_118;
const DAILY_RUN_CSM_LOCK = 7_240_120;

export async function runDaily(sql: Sql, options: DailyRunOptions): Promise<DailyRunResult> {
  const scope = {
    companyId: options.companyId,
    asOf: options.asOf,
    now: options.now,
    csmId: options.csmId,
  };
  const { settings } = options;
  const total = options.onProgress ? await countCustomers(sql, scope) : 0;
  const usageDays = settings.windows.usageDays;
  try {
    let mark = performance.now();
    const phase = (name: string) => {
      const now = performance.now();
      options.onPhase?.(name, now - mark);
      mark = now;
    };
    const asOfs = await scopeAsOfs(sql, scope);
    // A dry run writes nothing, not even the rollups (it reads usage_daily when they lack its day).
    if (!options.dryRun) {
      await ensureUsageRollups(sql, options.companyId, asOfs, usageDays);
      phase('usage rollups');
    }
    return await sql.begin(async (tx) => {
      if (options.csmId === null) {
        await tx`select pg_advisory_xact_lock(${DAILY_RUN_LOCK}, ${options.companyId}::int)`;
      } else {
        await tx`select pg_advisory_xact_lock_shared(${DAILY_RUN_LOCK}, ${options.companyId}::int)`;
        await tx`select pg_advisory_xact_lock(${DAILY_RUN_CSM_LOCK}, ${options.csmId}::int)`;
      }
      const usageRollups = await rollupsCover(tx, options.companyId, asOfs, usageDays);
      // 1M customers' usage sums and joins fit in memory instead of spilling to disk
      await tx`select set_config('work_mem', ${RUN_WORK_MEM}, true)`;
      await createRunTables(tx);
      let customers = 0;
      let workflows = 0;
      const changes: InstanceChanges = { created: 0, updated: 0, moved: [], closed: 0 };
      const writes: RunWrites = {
        companyId: options.companyId,
        asOfs,
        renewalWindowDays: settings.preparationWindow.maxDays,
        now: options.now,
        changes,
      };
      await streamCustomerFacts(
        tx,
        { ...scope, usageRollups },
        windowsOf(settings),
        async (rows) => {
          const text: RunRowsText = { scores: [], decisions: [] };
          const pending = { scores: '', decisions: '' };
          for (let i = 0; i < rows.length; i += SLICE) {
            // Let the previous batch's write move on (bytes, next statement) between slices.
            if (i > 0) await yieldToEventLoop();
            for (const row of rows.slice(i, i + SLICE)) {
              workflows += scoreCustomer(
                row,
                settings,
                options.companyId,
                pending,
                options.onCustomer,
              );
            }
            text.scores.push(pending.scores);
            if (pending.decisions) text.decisions.push(pending.decisions);
            pending.scores = '';
            pending.decisions = '';
          }
          customers += rows.length;
          options.onProgress?.(customers, total);
          const batch = { from: rows[0]!.customer_id, to: rows.at(-1)!.customer_id };
          return (copied: () => void) => writeBatch(tx, text, batch, writes, copied);
        },
        options.batchSize ?? 10_000,
        async () => {
          await clearRunScores(tx, options.companyId, asOfs);
          await batchPlans(tx, true);
          phase('aggregate facts');
        },
      );
      await batchPlans(tx, false);
      phase('score, score history, renewals and workflow instances');
      await recordOutcomes(tx, options.companyId, options.now, options.csmId !== null);
      phase('outcomes');
      const summaries = await loadCsmSummaries(tx, scope, settings);
      phase('summaries');
      const result = { customers, workflows, changes, summaries };
      if (options.dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}

function windowsOf(settings: DomainSettings) {
  return {
    usageDays: settings.windows.usageDays,
    sentimentDays: settings.windows.sentimentDays,
    healthLookbackDays: settings.windows.healthLookbackDays,
  };
}

/**
 * Score one customer and append its score and decision rows as COPY text (in `SCORE_COLUMNS`
 * and `DECISION_COLUMNS` order); tell `onCustomer` its JSON result, built only when asked
 * for (at a million customers the objects alone cost seconds of garbage collection).
 * Returns how many workflows were decided.
 */
function scoreCustomer(
  row: CustomerFactsRow,
  settings: DomainSettings,
  companyId: number,
  text: { scores: string; decisions: string },
  onCustomer: ((customer: CustomerResult) => void) | undefined,
): number {
  const facts = customerFacts(row, settings);
  const assessment = assessCustomer(facts, settings);
  text.scores += copyLine([
    companyId,
    row.customer_id,
    row.as_of,
    assessment.healthScore,
    assessment.healthComponents,
    assessment.riskScore,
    assessment.opportunityScore,
    assessment.usageTrendPct,
    assessment.sentiment,
    assessment.contractStatus,
    assessment.daysToRenewal,
    assessment.stage,
  ]);
  const decisions = decideWorkflows(assessment, settings);
  if (decisions.length === 0 && !onCustomer) return 0;
  const inputs = priorityInputsOf(assessment);
  const priority = priorityScore(inputs, settings);
  // Slack explains the priority in words, so the raw inputs are stored beside the factors.
  const storedFactors = { ...roundFactors({ ...priority.factors }), inputs };
  for (const decision of decisions) {
    text.decisions += copyLine([
      companyId,
      row.customer_id,
      row.csm_id,
      decision.type,
      decision.trigger,
      decision.cycleKey,
      decision.stage,
      priority.score,
      storedFactors,
      row.as_of,
    ]);
  }
  onCustomer?.({
    customerId: row.external_id,
    name: row.name,
    csm: row.csm_external_id,
    arr: row.arr,
    healthScore: assessment.healthScore,
    usageTrendPct: assessment.usageTrendPct,
    sentiment: assessment.sentiment,
    contractStatus: assessment.contractStatus === 'none' ? null : assessment.contractStatus,
    daysToRenewal: assessment.daysToRenewal,
    stage: assessment.stage,
    riskScore: assessment.riskScore,
    opportunityScore: assessment.opportunityScore,
    workflows: decisions.map((decision) => ({
      type: decision.type,
      priorityScore: priority.score,
      factors: { ...priority.factors },
    })),
  });
  return decisions.length;
}
