/**
 * `priority_weight_versions`: the feedback loop's versioned priority weights. Applying a
 * version writes `companies.settings.priority.weights` in the same transaction, so the daily
 * run's `resolveSettings` picks it up; the weights are validated by `resolveSettings` first.
 */
import type { JSONValue } from 'postgres';
import type { PriorityFactors } from '../domain/priority.ts';
import { resolveSettings } from '../domain/settings.ts';
import { RenubuError } from '../errors.ts';
import type { Sql } from './connection.ts';

export interface WeightVersionRow {
  id: number;
  company_id: number;
  version: number;
  weights: PriorityFactors;
  reason: string;
  evidence: unknown;
  created_at: Date;
  pinned: boolean;
  rolled_back_from: number | null;
}

export interface NewWeightVersion {
  companyId: number;
  weights: PriorityFactors;
  reason: string;
  evidence?: unknown;
  pinned?: boolean;
  rolledBackFrom?: number | null;
}

/** Every version of a company's weights, oldest first. */
export async function listWeightVersions(sql: Sql, companyId: number) {
  return sql<WeightVersionRow[]>`
    select * from priority_weight_versions where company_id = ${companyId} order by version`;
}

/** The company's latest version, or null when it has none (its settings' weights apply). */
export async function latestWeightVersion(
  sql: Sql,
  companyId: number,
): Promise<WeightVersionRow | null> {
  const [row] = await sql<WeightVersionRow[]>`
    select * from priority_weight_versions where company_id = ${companyId}
     order by version desc limit 1`;
  return row ?? null;
}

/**
 * Write the next version and the company's `settings.priority.weights` in one transaction
 * (the company row is locked, so concurrent writers get consecutive version numbers).
 */
export async function applyWeightVersion(sql: Sql, v: NewWeightVersion): Promise<WeightVersionRow> {
  return sql.begin(async (tx) => {
    const [company] = await tx<{ settings: Record<string, unknown> }[]>`
      select settings from companies where id = ${v.companyId} for update`;
    if (!company) throw new RenubuError('not_found', `No company with id ${v.companyId}.`);
    const priority = (company.settings.priority ?? {}) as Record<string, unknown>;
    resolveSettings({ ...company.settings, priority: { ...priority, weights: v.weights } });
    const weights = v.weights as unknown as JSONValue;
    await tx`
      update companies
         set settings = settings || jsonb_build_object('priority',
               coalesce(settings->'priority', '{}'::jsonb)
                 || jsonb_build_object('weights', ${tx.json(weights)}::jsonb))
       where id = ${v.companyId}`;
    const [row] = await tx<WeightVersionRow[]>`
      insert into priority_weight_versions
        (company_id, version, weights, reason, evidence, pinned, rolled_back_from)
      select ${v.companyId}, coalesce(max(version), 0) + 1, ${tx.json(weights)},
             ${v.reason}, ${tx.json((v.evidence ?? []) as JSONValue)}, ${v.pinned ?? false},
             ${v.rolledBackFrom ?? null}
        from priority_weight_versions where company_id = ${v.companyId}
      returning *`;
    return row!;
  }) as Promise<WeightVersionRow>;
}

/** Pin or unpin the company's latest version; null when it has no version yet. */
export async function setLatestPinned(sql: Sql, companyId: number, pinned: boolean) {
  const [row] = await sql<WeightVersionRow[]>`
    update priority_weight_versions set pinned = ${pinned}
     where company_id = ${companyId}
       and version = (select max(version) from priority_weight_versions
                       where company_id = ${companyId})
    returning *`;
  return row ?? null;
}

/**
 * Roll back: a new version with `toVersion`'s weights, reason `rollback to vN`, keeping the
 * latest version's pin (a pinned company stays pinned).
 */
export async function rollbackWeights(sql: Sql, companyId: number, toVersion: number) {
  const [target] = await sql<WeightVersionRow[]>`
    select * from priority_weight_versions
     where company_id = ${companyId} and version = ${toVersion}`;
  if (!target) {
    throw new RenubuError('not_found', `Company ${companyId} has no weights version ${toVersion}.`);
  }
  const latest = await latestWeightVersion(sql, companyId);
  return applyWeightVersion(sql, {
    companyId,
    weights: target.weights,
    reason: `rollback to v${toVersion}`,
    evidence: { restored: toVersion },
    pinned: latest?.pinned ?? false,
    rolledBackFrom: latest?.version ?? null,
  });
}

export interface OutcomeRow {
  factors: unknown;
  outcome: 'renewed' | 'expanded' | 'churned';
}

/**
 * The factors each finished workflow of the company had and how it ended (renewed, expanded
 * or churned only), for workflows finished since `since`.
 */
export async function listOutcomeSamples(sql: Sql, companyId: number, since: Date) {
  return sql<OutcomeRow[]>`
    select i.factors, m.outcome
      from execution_metrics m
      join workflow_executions e on e.id = m.execution_id and e.company_id = m.company_id
      join workflow_instances i on i.id = e.workflow_instance_id
     where m.company_id = ${companyId}
       and m.outcome in ('renewed', 'expanded', 'churned')
       and coalesce(e.completed_at, m.updated_at) >= ${since}`;
}
