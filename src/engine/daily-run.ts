/**
 * The daily run: one function used by the command line, the scheduled job and the
 * benchmark. Customers' facts are streamed in batches from one set-based query, scored and
 * decided by the pure domain, COPYed into temp tables, and written in a few set-based
 * statements per batch and per run, in one transaction per company (a dry run rolls it
 * back), or for a large company in two transactions side by side over two ranges of its
 * customers, committed together. The server writes one batch while the engine scores the next.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Sql, TransactionSql } from '../db/connection.ts';
import { copyText } from '../db/copy.ts';
import {
  type CustomerFactsRow,
  type CustomerRange,
  countCustomers,
  type FactsScope,
  type ScoringFactsRow,
  scopeAsOfs,
  streamCustomerFacts,
} from '../db/daily-facts.ts';
import {
  batchPlans,
  clearRunScores,
  createRunTables,
  DAILY_RUN_CSM_LOCK,
  DAILY_RUN_LOCK,
  type InstanceChanges,
  RENEWING,
  type RunRowsText,
  type RunWrites,
  recordOutcomes,
  runRowsText,
  writeBatch,
} from '../db/daily-writes.ts';
import { allOrNone } from '../db/parts.ts';
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
  /**
   * Transactions a whole company's customers are split over, side by side (by ranges of
   * ids, each on a connection of the pool): by default `RUN_PARTS` for a large company when
   * the pool has room, else 1. Tests ask for 2 on small portfolios.
   */
  parts?: number;
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

export async function runDaily(sql: Sql, options: DailyRunOptions): Promise<DailyRunResult> {
  const scope: FactsScope = {
    companyId: options.companyId,
    asOf: options.asOf,
    now: options.now,
    csmId: options.csmId,
  };
  const { settings } = options;
  const total = options.onProgress ? await countCustomers(sql, scope) : 0;
  const usageDays = settings.windows.usageDays;
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    options.onPhase?.(name, now - mark);
    mark = now;
  };
  const asOfs = await scopeAsOfs(sql, scope);
  const ranges = await splitRun(sql, options);
  // A dry run writes nothing, not even the rollups (it reads usage_daily when they lack its day).
  if (!options.dryRun) {
    await ensureUsageRollups(sql, options.companyId, asOfs, usageDays, ranges);
    phase('usage rollups');
  }
  const run: RunParts = {
    asOfs,
    phase,
    progress: { done: 0, total },
    parts: ranges.length,
    aggregated: 0,
  };
  try {
    return await sql.begin(async (tx) => {
      if (options.csmId === null) {
        await tx`select pg_advisory_xact_lock(${DAILY_RUN_LOCK}, ${options.companyId}::int)`;
      } else {
        await tx`select pg_advisory_xact_lock_shared(${DAILY_RUN_LOCK}, ${options.companyId}::int)`;
        await tx`select pg_advisory_xact_lock(${DAILY_RUN_CSM_LOCK}, ${options.csmId}::int)`;
      }
      // One part: scored and written in this transaction. Several: each in a transaction of
      // its own, side by side, while this one holds the run's lock; then this one reads
      // what they committed.
      const parts =
        ranges.length === 1
          ? [await scoreAndWrite(tx, { ...scope, range: ranges[0] }, options, run)]
          : await allOrNone(sql, ranges, (part, range) =>
              scoreAndWrite(part, { ...scope, range }, options, run),
            );
      phase('score, score history, renewals and workflow instances');
      await recordOutcomes(tx, options.companyId, options.now, options.csmId !== null);
      phase('outcomes');
      const summaries =
        ranges.length === 1
          ? await loadCsmSummaries(tx, scope, settings)
          : await summariesSideBySide(sql, scope, settings, ranges.length);
      phase('summaries');
      const result = {
        customers: sum(parts.map((part) => part.customers)),
        workflows: sum(parts.map((part) => part.workflows)),
        changes: {
          created: sum(parts.map((part) => part.changes.created)),
          updated: sum(parts.map((part) => part.changes.updated)),
          closed: sum(parts.map((part) => part.changes.closed)),
          moved: parts.flatMap((part) => part.changes.moved),
        },
        summaries,
      };
      if (options.dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}

/** What the parts of one run share. */
interface RunParts {
  asOfs: string[];
  phase: (name: string) => void;
  progress: { done: number; total: number };
  /** How many parts the run has, and how many have their facts (the facts phase ends then). */
  parts: number;
  aggregated: number;
}

/**
 * The ranges of customers a run is split into (`DailyRunOptions.parts`): a whole company of
 * at least `SPLIT_MIN` customers goes in `RUN_PARTS` ranges of about equal size when the
 * pool has a connection for each besides the one holding the lock; anything else in one,
 * unbounded. A dry run stays in one transaction (its writes are rolled back, and its
 * summaries read them), as does a run that reports each customer (in customer order).
 */
async function splitRun(sql: Sql, options: DailyRunOptions): Promise<(CustomerRange | null)[]> {
  const whole = options.csmId === null && !options.dryRun && !options.onCustomer;
  // each part a connection besides the lock's, or the parts would wait on each other
  const wanted = Math.min(options.parts ?? RUN_PARTS, sql.options.max - 1);
  if (!whole || wanted < 2) return [null];
  const fractions = Array.from({ length: wanted - 1 }, (_, i) => (i + 1) / wanted);
  const [row] = await sql<{ n: number; bounds: number[] | null }[]>`
    select count(*)::int as n,
           (percentile_disc(${fractions}::float8[]) within group (order by id))::float8[] as bounds
      from customers where company_id = ${options.companyId}`;
  if (!row?.bounds || (options.parts === undefined && row.n < SPLIT_MIN)) return [null];
  const ranges: CustomerRange[] = [];
  let from = 0;
  for (const bound of row.bounds) {
    ranges.push({ from, to: bound });
    from = bound + 1;
  }
  ranges.push({ from, to: Number.MAX_SAFE_INTEGER });
  return ranges;
}

/**
 * A whole company's customers are scored and written in two transactions side by side
 * (each a connection, each a PostgreSQL backend): one backend's writes were the run's
 * bound, with a core to spare. More parts would wait on this process's one thread.
 */
const RUN_PARTS = 2;
/** Fewer customers than this are not worth a second connection. */
const SPLIT_MIN = 20_000;

/**
 * The summaries of a split run, once its parts have committed: the company's CSMs in
 * `parts` runs of their order (by external id, as the summaries are ordered), each read on a
 * connection of its own, side by side (the first read of a million new instances sets their
 * hint bits: seconds of one backend's time).
 */
async function summariesSideBySide(
  sql: Sql,
  scope: FactsScope,
  settings: DomainSettings,
  parts: number,
): Promise<CsmSummaryRow[]> {
  const csms = await sql<{ id: number }[]>`
    select id from csms where company_id = ${scope.companyId} order by external_id`;
  const size = Math.ceil(csms.length / parts);
  const runs = Array.from({ length: parts }, (_, i) =>
    csms.slice(i * size, (i + 1) * size).map((csm) => csm.id),
  ).filter((ids) => ids.length > 0);
  const read = await Promise.all(
    runs.map((csmIds) => loadCsmSummaries(sql, { ...scope, csmIds }, settings)),
  );
  return read.flat();
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/**
 * Score one part of a run (the scope's customers, or those of its range) and write its
 * score history, renewal records and workflow instances, inside `tx`.
 */
async function scoreAndWrite(
  tx: TransactionSql,
  scope: FactsScope,
  options: DailyRunOptions,
  run: RunParts,
): Promise<{ customers: number; workflows: number; changes: InstanceChanges }> {
  const { settings } = options;
  const usageRollups = await rollupsCover(
    tx,
    options.companyId,
    run.asOfs,
    settings.windows.usageDays,
  );
  // 1M customers' usage sums and joins fit in memory instead of spilling to disk
  await tx`select set_config('work_mem', ${RUN_WORK_MEM}, true)`;
  await createRunTables(tx);
  let customers = 0;
  let workflows = 0;
  // the run's clock on each instance it creates or updates (COPY text of a timestamptz)
  const stamp = copyText(options.now);
  const changes: InstanceChanges = { created: 0, updated: 0, moved: [], closed: 0 };
  const writes: RunWrites = {
    companyId: options.companyId,
    now: options.now,
    changes,
  };
  await streamCustomerFacts(
    tx,
    { ...scope, usageRollups },
    windowsOf(settings),
    options.onCustomer ? 'all' : 'scoring',
    async (rows) => {
      const text = runRowsText();
      for (let i = 0; i < rows.length; i += SLICE) {
        // Let the previous batch's write move on (bytes, next statement) between slices.
        if (i > 0) await yieldToEventLoop();
        const end = Math.min(i + SLICE, rows.length);
        for (let j = i; j < end; j++) {
          workflows += scoreCustomer(
            rows[j]!,
            settings,
            options.companyId,
            stamp,
            text,
            options.onCustomer,
          );
        }
      }
      customers += rows.length;
      run.progress.done += rows.length;
      options.onProgress?.(run.progress.done, run.progress.total);
      const batch = { from: rows[0]!.customer_id, to: rows.at(-1)!.customer_id };
      return () => writeBatch(tx, text, batch, writes);
    },
    options.batchSize ?? 10_000,
    async () => {
      await clearRunScores(tx, options.companyId, run.asOfs);
      await batchPlans(tx, true);
      run.aggregated += 1;
      if (run.aggregated === run.parts) run.phase('aggregate facts');
    },
  );
  await batchPlans(tx, false);
  return { customers, workflows, changes };
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
  row: ScoringFactsRow | CustomerFactsRow,
  settings: DomainSettings,
  companyId: number,
  stamp: string,
  text: RunRowsText,
  onCustomer: ((customer: CustomerResult) => void) | undefined,
): number {
  const facts = customerFacts(row, settings);
  const assessment = assessCustomer(facts, settings);
  // A line per row in SCORE_COLUMNS order, without an array per row (a million a run).
  text.scores.push(
    `${companyId}\t${row.customer_id}\t${copyText(row.as_of)}\t${copyText(
      assessment.healthScore,
    )}\t${copyText(assessment.healthComponents)}\t${copyText(assessment.riskScore)}\t${copyText(
      assessment.opportunityScore,
    )}\t${copyText(assessment.usageTrendPct)}\t${copyText(assessment.sentiment)}\t${copyText(
      assessment.contractStatus,
    )}\t${copyText(assessment.daysToRenewal)}\t${copyText(assessment.stage)}\n`,
  );
  // the contract cycle's renewal record, in the preparation window (RENEWAL_COLUMNS)
  if (
    row.contract_id !== null &&
    RENEWING.has(assessment.contractStatus) &&
    assessment.daysToRenewal !== null &&
    assessment.daysToRenewal <= settings.preparationWindow.maxDays
  ) {
    text.renewals.push(
      `${row.customer_id}\t${row.contract_id}\t${copyText(row.renewal_date)}\t${copyText(
        assessment.stage,
      )}\t${copyText(row.contract_arr ?? row.arr ?? 0)}\n`,
    );
  }
  const decisions = decideWorkflows(assessment, settings);
  if (decisions.length === 0 && !onCustomer) return 0;
  const inputs = priorityInputsOf(assessment);
  const priority = priorityScore(inputs, settings);
  // Slack explains the priority in words, so the raw inputs are stored beside the factors.
  const storedFactors = copyText({ ...roundFactors({ ...priority.factors }), inputs });
  const score = copyText(priority.score);
  // DECISION_COLUMNS order: created and updated on the run's day, at the run's clock
  const dated = `${copyText(row.as_of)}\t${copyText(row.as_of)}\t${stamp}\t${stamp}`;
  for (const decision of decisions) {
    text.decisions.push(
      `${companyId}\t${row.customer_id}\t${row.csm_id}\t${copyText(
        decision.type,
      )}\t${copyText(decision.trigger)}\t${copyText(decision.cycleKey)}\t${copyText(
        decision.stage,
      )}\t${score}\t${storedFactors}\t${dated}\n`,
    );
  }
  if (!onCustomer) return decisions.length;
  if (!('external_id' in row))
    throw new Error('a run that reports its customers reads their names');
  onCustomer({
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
