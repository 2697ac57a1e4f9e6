/**
 * A workflow in progress for the jobs and step-action tests: the Slack world's company and
 * CSMs (test/slack/world.ts), Ben as Ana's manager, and Ana's execution of a five-step
 * renewal workflow with its Slack thread.
 */
import type { Sql } from '../../src/db/connection.ts';
import { seedWorld } from '../slack/world.ts';

export const STEPS = ['intro', 'account-overview', 'pricing-strategy', 'email-draft', 'summary'];
export const THREAD = { channel: 'C0THREAD', ts: '1764000000.000100' };

export interface Seeded {
  anaId: number;
  benId: number;
  executionId: number;
  instanceId: number;
}

export async function seedExecution(sql: Sql): Promise<Seeded> {
  const { anaId, benId } = await seedWorld(sql);
  await sql`update csms set manager_id = ${benId} where id = ${anaId}`;
  const [customer] = await sql`select id from customers where external_id = 'globex'`;
  const [instance] = await sql`
    insert into workflow_instances
      (company_id, customer_id, csm_id, type, trigger, status, created_on, updated_on)
    values (1, ${customer!.id}, ${anaId}, 'renewal_negotiate', 'renewal', 'in_progress',
            '2026-11-25', '2026-11-25') returning id`;
  const [execution] = await sql`
    insert into workflow_executions
      (company_id, workflow_instance_id, workflow_config_id, customer_id, csm_id, total_steps,
       current_step, slack_channel_id, slack_thread_ts, context)
    values (1, ${instance!.id}, 'renewal_negotiate', ${customer!.id}, ${anaId}, 5, 2,
            ${THREAD.channel}, ${THREAD.ts}, ${sql.json({ steps: STEPS })}) returning id`;
  return { anaId, benId, executionId: execution!.id, instanceId: instance!.id };
}

export async function stepState(sql: Sql, executionId: number, stepIndex: number) {
  const [row] = await sql`
    select status, snoozed_until, snooze_count, total_snoozed_seconds, reason, escalated_to
      from workflow_step_states where execution_id = ${executionId} and step_index = ${stepIndex}`;
  return row;
}

export async function executionFlags(sql: Sql, executionId: number) {
  const [row] = await sql`
    select has_snoozed_steps, next_due_step_date, status from workflow_executions
     where id = ${executionId}`;
  return row!;
}

export async function actions(sql: Sql, executionId: number) {
  return sql`
    select action_type, step_index, performed_by, reason, snoozed_until from workflow_step_actions
     where execution_id = ${executionId} order by id`;
}
