/**
 * Re-tuning against a real database: a history where churn follows usageDecline makes the
 * service write version 2 with usageDecline up; a pinned company is left alone; a rollback
 * puts version 1's weights back into companies.settings, where resolveSettings sees them;
 * `renubu weights` shows the versions with their reasons.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import {
  applyWeightVersion,
  listWeightVersions,
  rollbackWeights,
  setLatestPinned,
} from '../../src/db/priority-weights.ts';
import { mulberry32 } from '../../src/demo/prng.ts';
import { DEFAULT_SETTINGS, resolveSettings } from '../../src/domain/settings.ts';
import { retuneCompany } from '../../src/feedback/retune-service.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';

const NOW = new Date('2026-11-22T05:00:00Z');
const SEED_WEIGHTS = DEFAULT_SETTINGS.priority.weights;
let db: TestDatabase;
let cwd: string;
const ids: Record<string, number> = {};

/** A company with one CSM and customer, and `n` finished workflows whose churn follows usage. */
async function seedCompany(key: string, seed: number, n: number) {
  const [company] = await db.sql<{ id: number }[]>`
    insert into companies (external_id, name) values (${key}, ${`${key} Inc`}) returning id`;
  const companyId = company!.id;
  const [csm] = await db.sql<{ id: number }[]>`
    insert into csms (company_id, external_id, name, email)
    values (${companyId}, 'csm-1', 'Casey', ${`casey@${key}.test`}) returning id`;
  const [customer] = await db.sql<{ id: number }[]>`
    insert into customers (company_id, external_id, name, csm_id)
    values (${companyId}, 'cust-1', 'Customer', ${csm!.id}) returning id`;
  const random = mulberry32(seed);
  for (let i = 0; i < n; i++) {
    const factors = {
      arr: random(),
      urgency: random(),
      healthDecline: random(),
      usageDecline: random(),
      strategic: 0,
      inputs: {},
    };
    const outcome = random() < 0.05 + 0.8 * factors.usageDecline ? 'churned' : 'renewed';
    const [instance] = await db.sql<{ id: number }[]>`
      insert into workflow_instances
        (company_id, customer_id, csm_id, type, trigger, status, factors, created_on, updated_on)
      values (${companyId}, ${customer!.id}, ${csm!.id}, 'urgent-action', 'renewal', 'completed',
              ${db.sql.json(factors)}, '2026-09-01', '2026-10-01') returning id`;
    const [execution] = await db.sql<{ id: number }[]>`
      insert into workflow_executions (company_id, workflow_instance_id, workflow_config_id,
        customer_id, csm_id, status, total_steps, current_step, completion_percentage,
        completed_at)
      values (${companyId}, ${instance!.id}, 'urgent-action', ${customer!.id}, ${csm!.id},
              'completed', 3, 3, 100, '2026-10-01T12:00:00Z') returning id`;
    await db.sql`insert into execution_metrics (execution_id, company_id, outcome)
                 values (${execution!.id}, ${companyId}, ${outcome})`;
  }
  ids[key] = companyId;
  return companyId;
}

async function settingsWeights(companyId: number) {
  const [row] = await db.sql<{ settings: unknown }[]>`
    select settings from companies where id = ${companyId}`;
  return resolveSettings(row!.settings).priority.weights;
}

beforeAll(async () => {
  db = await createTestDatabase();
  cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-weights-'));
  await seedCompany('acme', 11, 200);
  await seedCompany('pinco', 12, 200);
}, 120_000);
afterAll(async () => {
  await db.drop();
  await fs.rm(cwd, { recursive: true, force: true });
});

describe('re-tuning priority weights', () => {
  it('writes version 2 with usageDecline up and a reason naming the evidence', async () => {
    const result = await retuneCompany(db.sql, { companyId: ids.acme!, settings: {}, now: NOW });
    expect(result.status).toBe('applied');
    expect(result.samples).toBe(200);
    const versions = await listWeightVersions(db.sql, ids.acme!);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[0]!.weights).toEqual(SEED_WEIGHTS);
    expect(versions[1]!.weights.usageDecline).toBeGreaterThan(SEED_WEIGHTS.usageDecline);
    expect(versions[1]!.reason).toMatch(/usageDecline up 1\.2 → .*churned.*r=.*t=/);
    expect(await settingsWeights(ids.acme!)).toEqual(versions[1]!.weights);
  });

  it('leaves a pinned company unchanged', async () => {
    const companyId = ids.pinco!;
    await applyWeightVersion(db.sql, { companyId, weights: SEED_WEIGHTS, reason: 'baseline' });
    await setLatestPinned(db.sql, companyId, true);
    const result = await retuneCompany(db.sql, { companyId, settings: {}, now: NOW });
    expect(result.status).toBe('pinned');
    expect(result.proposal.changes.length).toBeGreaterThan(0);
    expect(await listWeightVersions(db.sql, companyId)).toHaveLength(1);
    expect(await settingsWeights(companyId)).toEqual(SEED_WEIGHTS);
  });

  it('rolls back: version 1 weights in companies.settings, seen by resolveSettings', async () => {
    const row = await rollbackWeights(db.sql, ids.acme!, 1);
    expect(row).toMatchObject({ version: 3, reason: 'rollback to v1', rolled_back_from: 2 });
    expect(await settingsWeights(ids.acme!)).toEqual(SEED_WEIGHTS);
  });

  it('renubu weights shows the versions with their reasons', async () => {
    const out = captureOutput();
    const err = captureOutput();
    const env = { DATABASE_URL: db.url };
    const code = await runCli(['weights', 'show', '--company', 'acme'], { env, cwd, out, err });
    expect(err.text()).toBe('');
    expect(code).toBe(0);
    expect(out.text()).toMatch(/v1 .*\n\s+weights before re-tuning/);
    expect(out.text()).toMatch(/v2 .*usageDecline=1\.\d+.*\n\s+re-tuned from 200 outcomes/);
    expect(out.text()).toMatch(/v3 .*\n\s+rollback to v1/);
    const pin = await runCli(['weights', 'pin', '--company', 'acme'], { env, cwd, out, err });
    expect(pin).toBe(0);
    expect((await listWeightVersions(db.sql, ids.acme!)).at(-1)!.pinned).toBe(true);
  });
});
