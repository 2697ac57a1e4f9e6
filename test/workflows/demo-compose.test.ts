/**
 * Acceptance (issue 5): every workflow type composes and hydrates for every demo customer it
 * applies to, and Obsidian Black's strategic-planning is the seed's six steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { findCompanyId } from '../../src/db/definitions.ts';
import { composeWorkflow } from '../../src/workflows/compose.ts';
import { loadWorkflowContext } from '../../src/workflows/context.ts';
import { syncShippedDefinitions } from '../../src/workflows/default-definitions-sync.ts';
import { loadDefinition } from '../../src/workflows/store.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { captureOutput } from '../helpers/output.ts';

const DAY = '2026-11-25';
let db: TestDatabase;
let companyId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  const err = captureOutput();
  const code = await runCli(['demo', '--as-of', DAY], {
    env: { DATABASE_URL: db.url },
    cwd: '/tmp',
    out: captureOutput(),
    err,
  });
  expect(code, err.text()).toBe(0);
  companyId = (await findCompanyId(db.sql, 'demo'))!;
}, 120_000);
afterAll(() => db.drop());

const compose = async (customer: string, type: string, localHour = 8) => {
  const context = await loadWorkflowContext(db.sql, {
    companyId,
    customerExternalId: customer,
    asOf: DAY,
    localHour,
  });
  return composeWorkflow((await loadDefinition(db.sql, companyId, type)).definition, context);
};

describe('composing the demo portfolio', () => {
  it('stores the defaults idempotently (renubu demo stored them already)', async () => {
    const [stored] = await db.sql`
      select count(*)::int as n from workflow_definitions where company_id is null`;
    expect(stored!.n).toBe(15);
    expect(await syncShippedDefinitions(db.sql)).toEqual({
      inserted: [],
      updated: [],
      unchanged: 15,
      kept: [],
    });
  });

  it('composes every open workflow instance of every demo customer', async () => {
    const instances = await db.sql<{ customer: string; type: string }[]>`
      select c.external_id as customer, w.type
        from workflow_instances w join customers c on c.id = w.customer_id
       where w.company_id = ${companyId} and w.status in ('open', 'in_progress', 'snoozed')
       order by c.external_id, w.type`;
    expect(instances.length).toBeGreaterThan(50);
    const failures: string[] = [];
    for (const { customer, type } of instances) {
      try {
        const composed = await compose(customer, type);
        const text = JSON.stringify(composed);
        if (/\{\{|undefined|NaN/.test(text)) failures.push(`${customer} ${type}: gap in ${text}`);
      } catch (error) {
        failures.push(`${customer} ${type}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(new Set(instances.map((i) => i.type)).size).toBeGreaterThanOrEqual(12);
  });

  it("composes Obsidian Black's strategic planning as the narrative tells it", async () => {
    const composed = await compose('obsidian-black', 'strategic-planning');
    expect(composed.steps.map((s) => s.slideId)).toEqual([
      'intro',
      'account-overview',
      'pricing-strategy',
      'prepare-quote',
      'email-draft',
      'summary',
    ]);
    const intro = composed.steps[0]!.chatText;
    for (const part of ['Good morning, Justin!', 'Obsidian Black', '$185K', '365 days']) {
      expect(intro).toContain(part);
    }
    expect(composed.steps[2]!.chatText).toContain('an 8% increase to $199,800');
    const email = composed.steps[4]!.artifacts[0]!;
    expect(email.kind === 'email-draft' && email.body).toMatch(/^Hi Marcus,/);
  });

  it("prefers a company's own definition over the global one", async () => {
    await db.sql`
      insert into workflow_definitions (workflow_id, company_id, name, slide_sequence, slide_contexts)
      values ('strategic-planning', ${companyId}, 'Ours', ${db.sql.array(['intro'])},
              ${db.sql.json({ intro: { variables: { purpose: 'plan', closing: 'Go.' } } })})`;
    expect((await compose('obsidian-black', 'strategic-planning', 15)).steps).toHaveLength(1);
    expect((await compose('obsidian-black', 'strategic-planning', 15)).steps[0]!.chatText).toMatch(
      /^Good afternoon/,
    );
  });
});
