/**
 * Which plan nodes the planner may use, for the rest of a transaction or until set again
 * (`set_config(…, true)`: never beyond the transaction, so a pooled connection is handed
 * back with the server's defaults). The daily run's bulk statements choose their plans
 * themselves where the statistics before the run mislead the planner; each call says why.
 */
import type { TransactionSql } from './connection.ts';

export type PlanNode = 'hashagg' | 'hashjoin' | 'mergejoin' | 'nestloop' | 'seqscan';

/** Allow (true) or forbid (false) each of `nodes`, in one statement. */
export async function allowPlans(
  tx: TransactionSql,
  nodes: Partial<Record<PlanNode, boolean>>,
): Promise<void> {
  const entries = Object.entries(nodes);
  const names = entries.map(([node]) => `enable_${node}`);
  const values = entries.map(([, allowed]) => (allowed ? 'on' : 'off'));
  await tx`
    select set_config(s.name, s.value, true)
      from unnest(${names}::text[], ${values}::text[]) as s(name, value)`;
}
