/**
 * The seed's trigger: any change to workflow_step_states keeps the execution's
 * has_snoozed_steps and next_due_step_date right, in the same transaction.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/db/connection.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
let sql: Sql;
let company: number;
let execution: number;

async function flags() {
  const [row] = await sql<{ has_snoozed_steps: boolean; next_due_step_date: Date | null }[]>`
    select has_snoozed_steps, next_due_step_date from workflow_executions where id = ${execution}`;
  return { snoozed: row!.has_snoozed_steps, due: row!.next_due_step_date?.toISOString() ?? null };
}

function setStep(index: number, status: string, until: string | null) {
  return sql`
    insert into workflow_step_states (company_id, execution_id, step_index, step_id, status, snoozed_until)
    values (${company}, ${execution}, ${index}, ${`step-${index}`}, ${status}, ${until})
    on conflict (execution_id, step_index)
    do update set status = excluded.status, snoozed_until = excluded.snoozed_until`;
}

beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
  const [c] =
    await sql`insert into companies (external_id, name) values ('acme', 'Acme') returning id`;
  company = c!.id;
  const [csm] = await sql`
    insert into csms (company_id, external_id, name, email)
    values (${company}, 'csm-1', 'Justin', 'justin@example.com') returning id`;
  const [customer] = await sql`
    insert into customers (company_id, external_id, name, csm_id, arr)
    values (${company}, 'obsidian-black', 'Obsidian Black', ${csm!.id}, 185000) returning id`;
  const [exec] = await sql`
    insert into workflow_executions
      (company_id, workflow_config_id, customer_id, csm_id, total_steps)
    values (${company}, 'strategic-planning', ${customer!.id}, ${csm!.id}, 6) returning id`;
  execution = exec!.id;
});
afterAll(() => db.drop());
beforeEach(async () => {
  await sql`delete from workflow_step_states where execution_id = ${execution}`;
});

describe('workflow_step_states trigger', () => {
  it('flags a snooze and its due time', async () => {
    await setStep(2, 'snoozed', '2025-10-29T10:00:00Z');
    expect(await flags()).toEqual({ snoozed: true, due: '2025-10-29T10:00:00.000Z' });
  });

  it('clears the flags on un-snooze', async () => {
    await setStep(2, 'snoozed', '2025-10-29T10:00:00Z');
    await setStep(2, 'in_progress', null);
    expect(await flags()).toEqual({ snoozed: false, due: null });
  });

  it('takes the earliest of two snoozed steps, then the other when it resumes', async () => {
    await setStep(2, 'snoozed', '2025-10-29T10:00:00Z');
    await setStep(4, 'snoozed', '2025-10-27T09:00:00Z');
    await setStep(1, 'completed', null);
    expect(await flags()).toEqual({ snoozed: true, due: '2025-10-27T09:00:00.000Z' });
    await setStep(4, 'completed', null);
    expect(await flags()).toEqual({ snoozed: true, due: '2025-10-29T10:00:00.000Z' });
  });

  it('recomputes when a snoozed step is deleted', async () => {
    await setStep(2, 'snoozed', '2025-10-29T10:00:00Z');
    await setStep(3, 'snoozed', '2025-11-01T10:00:00Z');
    await sql`delete from workflow_step_states where execution_id = ${execution} and step_index = 2`;
    expect(await flags()).toEqual({ snoozed: true, due: '2025-11-01T10:00:00.000Z' });
    await sql`delete from workflow_step_states where execution_id = ${execution}`;
    expect(await flags()).toEqual({ snoozed: false, due: null });
  });

  it('moves the due time when a snooze is extended', async () => {
    await setStep(2, 'snoozed', '2025-10-29T10:00:00Z');
    await setStep(2, 'snoozed', '2025-10-31T10:00:00Z');
    expect(await flags()).toEqual({ snoozed: true, due: '2025-10-31T10:00:00.000Z' });
  });

  it('is part of the same transaction: a rollback leaves the flags as they were', async () => {
    await setStep(2, 'snoozed', '2025-10-29T10:00:00Z');
    await sql
      .begin(async (tx) => {
        await tx`update workflow_step_states set status = 'completed', snoozed_until = null
                 where execution_id = ${execution}`;
        const [inside] =
          await tx`select has_snoozed_steps from workflow_executions where id = ${execution}`;
        expect(inside!.has_snoozed_steps).toBe(false);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await flags()).toEqual({ snoozed: true, due: '2025-10-29T10:00:00.000Z' });
  });

  it('refuses a snoozed step without a due time', async () => {
    await expect(setStep(2, 'snoozed', null)).rejects.toThrow(/check constraint/);
  });
});
