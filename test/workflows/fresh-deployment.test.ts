/**
 * Issue 13 item 2: a fresh deployment (`renubu migrate`, `renubu import DIR`, no demo) can
 * begin and finish every workflow type of PRODUCT.md §3, because opening a database stores
 * the shipped definitions; a changed shipped definition replaces the global row it shipped
 * before, never a company's own row nor a global one loaded by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOW_TRIGGER, WORKFLOW_TYPES } from '../../src/domain/index.ts';
import { DEFAULT_COMPANY } from '../../src/import/load.ts';
import { DEFAULT_DEFINITIONS } from '../../src/workflows/default-definitions.ts';
import { syncShippedDefinitions } from '../../src/workflows/default-definitions-sync.ts';
import { launchExecution } from '../../src/workflows/executions.ts';
import { completeWorkflow } from '../../src/workflows/executions-complete.ts';
import {
  continueStep,
  decidePrice,
  recordChecks,
  type StepRef,
  type StepResult,
} from '../../src/workflows/executions-steps.ts';
import type { ExecutionContext } from '../../src/workflows/thread-messages.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { lines, removeFolders, renubu, writeFolder } from '../import-helpers.ts';

const DAY = '2026-11-25';
const NOW = new Date(`${DAY}T15:00:00Z`);
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
});
afterAll(async () => {
  await db.drop();
  await removeFolders();
});

const dataset = () =>
  writeFolder({
    'csms.csv': lines(
      'external_id,name,email,slack_user_id,timezone,manager,team',
      'c1,Carl CSM,carl@example.com,U0CARL,Europe/Berlin,,north',
    ),
    'customers.csv': lines(
      'external_id,name,csm,arr,seats,account_plan,strategic,industry,region',
      'k1,Acme,c1,120000,50,invest,true,retail,EU',
    ),
    'contracts.csv': lines(
      'external_id,customer,start_date,renewal_date,arr,status,auto_renew',
      'ct1,k1,2026-01-01,2027-01-01,120000,active,yes',
    ),
    'contacts.csv': lines(
      'external_id,customer,name,email,title,role,active',
      'p1,k1,Pat,pat@acme.example,VP Sales,executive,true',
      'p2,k1,Sam,sam@acme.example,Ops lead,champion,true',
    ),
  });

async function stepAndContext(executionId: number) {
  const [row] = await db.sql<{ current_step: number; status: string; context: ExecutionContext }[]>`
    select current_step, status, context from workflow_executions where id = ${executionId}`;
  return row!;
}

/** Do what each step asks (tick its checklist, accept a price, mark complete) until done. */
async function walk(executionId: number, csmId: number): Promise<string> {
  for (let guard = 0; guard < 20; guard++) {
    const { current_step, status, context } = await stepAndContext(executionId);
    if (status === 'completed') return status;
    const ref: StepRef = {
      executionId,
      stepIndex: current_step,
      csmId,
      slackUserId: 'U0CARL',
      now: NOW,
      source: 'button',
    };
    const step = context.steps[current_step]!;
    let result: StepResult;
    if (step.artifacts.some((a) => a.kind === 'summary')) {
      result = await completeWorkflow(db.sql, { ...ref, today: DAY });
    } else if (step.gate.kind === 'pricing-decided') {
      const pricing = step.artifacts.find((a) => a.kind === 'pricing');
      const scenario = pricing?.kind === 'pricing' ? pricing.scenarios[1]!.name : 'none';
      result = await decidePrice(db.sql, ref, { scenario });
    } else {
      const items = step.artifacts.flatMap((a) => (a.kind === 'checklist' ? a.items : []));
      if (items.length > 0) {
        const ticked = await recordChecks(
          db.sql,
          ref,
          items.map((i) => i.id),
        );
        expect(ticked).toEqual({ ok: true });
      }
      result = await continueStep(db.sql, ref);
    }
    expect(result, `${step.slideId}: ${JSON.stringify(result)}`).toMatchObject({ ok: true });
  }
  throw new Error(`execution ${executionId} did not finish in 20 steps`);
}

describe('a fresh deployment: migrate, import, begin', () => {
  it('stores every shipped definition on migrate, once', async () => {
    const first = await renubu(['migrate'], db.url);
    expect(first.status, first.err).toBe(0);
    expect(first.out).toContain(
      `Built-in workflow definitions: ${WORKFLOW_TYPES.length} (${WORKFLOW_TYPES.length} new, 0 updated, 0 unchanged).`,
    );
    const again = await renubu(['migrate'], db.url);
    expect(again.out).toContain(`(0 new, 0 updated, ${WORKFLOW_TYPES.length} unchanged)`);
    const rows = await db.sql<{ workflow_id: string }[]>`
      select workflow_id from workflow_definitions where company_id is null order by workflow_id`;
    expect(rows.map((r) => r.workflow_id)).toEqual([...WORKFLOW_TYPES].sort());
  });

  it('begins and completes every workflow type of §3 through the launch service', async () => {
    const imported = await renubu(['import', await dataset()], db.url);
    expect(imported.status, imported.err).toBe(0);
    const daily = await renubu(['daily-run', '--as-of', DAY], db.url);
    expect(daily.status, daily.err).toBe(0);
    const [ids] = await db.sql<{ company: number; customer: number; csm: number }[]>`
      select c.company_id::int as company, c.id::int as customer, c.csm_id::int as csm
        from customers c where c.external_id = 'k1'`;
    const { company, customer, csm } = ids!;
    for (const type of WORKFLOW_TYPES) {
      const [instance] = await db.sql<{ id: number }[]>`
        insert into workflow_instances
          (company_id, customer_id, csm_id, type, trigger, cycle_key, created_on, updated_on)
        values (${company}, ${customer}, ${csm}, ${type}, ${WORKFLOW_TRIGGER[type]}, ${type},
                ${DAY}, ${DAY})
        returning id::int`;
      const launched = await launchExecution(db.sql, {
        instanceId: instance!.id,
        csmId: csm,
        slackUserId: 'U0CARL',
        asOf: DAY,
        localHour: 9,
        now: NOW,
        source: 'button',
      });
      expect(launched.kind, `${type}: ${JSON.stringify(launched)}`).toBe('started');
      if (launched.kind !== 'started') continue;
      expect(await walk(launched.executionId, csm), type).toBe('completed');
    }
  });
});

describe('a changed shipped definition', () => {
  const base = DEFAULT_DEFINITIONS.find((d) => d.workflow_id === 'risk-in-band')!;
  const changed = { ...base, description: 'Shipped anew: a clearer description.' };

  it('replaces the global row it shipped before and leaves a company row alone', async () => {
    const own = { ...base, name: 'Our own risk review' };
    const loaded = await writeFolder({ 'own.json': JSON.stringify(own) });
    const stored = await renubu(
      ['definitions', 'load', `${loaded}/own.json`, '--company', DEFAULT_COMPANY],
      db.url,
    );
    expect(stored.status, stored.err).toBe(0);
    const before = await db.sql<{ company_id: number | null; name: string; version: number }[]>`
      select company_id::int, name, version, description from workflow_definitions
       where workflow_id = 'risk-in-band' order by company_id nulls first`;

    const sync = await syncShippedDefinitions(db.sql, [changed]);
    expect(sync).toEqual({ inserted: [], updated: ['risk-in-band'], unchanged: 0, kept: [] });

    const after = await db.sql<
      { company_id: number | null; name: string; version: number; description: string }[]
    >`
      select company_id::int, name, version, description from workflow_definitions
       where workflow_id = 'risk-in-band' order by company_id nulls first`;
    expect(after[0]).toMatchObject({
      company_id: null,
      description: changed.description,
      version: before[0]!.version + 1,
    });
    expect(after[1]).toEqual(before[1]);
    expect(after[1]!.name).toBe('Our own risk review');
    // Shipping the same again changes nothing.
    expect(await syncShippedDefinitions(db.sql, [changed])).toMatchObject({ unchanged: 1 });
  });

  it('keeps a global definition loaded by hand over the shipped one', async () => {
    const own = { ...base, name: 'Our global risk review' };
    const folder = await writeFolder({ 'global.json': JSON.stringify(own) });
    const stored = await renubu(['definitions', 'load', `${folder}/global.json`], db.url);
    expect(stored.status, stored.err).toBe(0);
    const newer = { ...base, description: 'Shipped a third time.' };
    expect(await syncShippedDefinitions(db.sql, [newer])).toEqual({
      inserted: [],
      updated: [],
      unchanged: 0,
      kept: ['risk-in-band'],
    });
    const migrated = await renubu(['migrate'], db.url);
    expect(migrated.out).toContain('Kept your own global definition of risk-in-band');
    const [row] = await db.sql<{ name: string }[]>`
      select name from workflow_definitions where workflow_id = 'risk-in-band' and company_id is null`;
    expect(row!.name).toBe('Our global risk review');
  });
});
