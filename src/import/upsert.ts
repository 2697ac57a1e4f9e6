/**
 * Good staged rows into the real tables, one statement per file: upsert by external id
 * (usage by customer and day, in upsert-usage.ts). A row whose values are all the same is not touched, so its
 * updated_at stays; `xmax = 0` tells an inserted row from an updated one.
 */
import type { Sql } from '../db/connection.ts';
import type { Entity } from './types.ts';
import { type UpsertCounts, upsertUsage } from './upsert-usage.ts';

export type { UpsertCounts };

type Upsert = (tx: Sql, companyId: number) => Promise<UpsertCounts>;

const upserts: Record<Entity, Upsert> = {
  csms: upsertCsms,
  customers: async (tx, companyId) => {
    const [counts] = await tx<UpsertCounts[]>`
      with up as (
        insert into customers as t
          (company_id, external_id, name, csm_id, arr, seats, account_plan, strategic, industry, attributes)
        select ${companyId}, s.external_id, s.name, coalesce(by_id.id, by_email.id), s.arr, s.seats,
               s.account_plan, s.strategic, s.industry, s.attributes
          from import_stage s
          left join csms by_id on by_id.company_id = ${companyId} and by_id.external_id = s.csm
          left join csms by_email on by_email.company_id = ${companyId} and lower(by_email.email) = lower(s.csm)
         where not exists (select 1 from import_bad b where b.line = s.line)
        on conflict (company_id, external_id) do update
           set name = excluded.name, csm_id = excluded.csm_id, arr = excluded.arr,
               seats = excluded.seats, account_plan = excluded.account_plan,
               strategic = excluded.strategic, industry = excluded.industry,
               attributes = excluded.attributes, updated_at = now()
         where (t.name, t.csm_id, t.arr, t.seats, t.account_plan, t.strategic, t.industry, t.attributes)
               is distinct from
               (excluded.name, excluded.csm_id, excluded.arr, excluded.seats, excluded.account_plan,
                excluded.strategic, excluded.industry, excluded.attributes)
        returning t.xmax = 0 as inserted)
      select count(*) filter (where inserted)::int as inserted,
             count(*) filter (where not inserted)::int as updated
        from up`;
    return counts!;
  },
  contracts: async (tx, companyId) => {
    const [counts] = await tx<UpsertCounts[]>`
      with up as (
        insert into contracts as t
          (company_id, external_id, customer_id, start_date, renewal_date, arr, status, auto_renew, attributes)
        select ${companyId}, s.external_id, c.id, s.start_date, s.renewal_date, s.arr, s.status,
               s.auto_renew, s.attributes
          from import_stage s
          join customers c on c.company_id = ${companyId} and c.external_id = s.customer
         where not exists (select 1 from import_bad b where b.line = s.line)
        on conflict (company_id, external_id) do update
           set customer_id = excluded.customer_id, start_date = excluded.start_date,
               renewal_date = excluded.renewal_date, arr = excluded.arr, status = excluded.status,
               auto_renew = excluded.auto_renew, attributes = excluded.attributes, updated_at = now()
         where (t.customer_id, t.start_date, t.renewal_date, t.arr, t.status, t.auto_renew, t.attributes)
               is distinct from
               (excluded.customer_id, excluded.start_date, excluded.renewal_date, excluded.arr,
                excluded.status, excluded.auto_renew, excluded.attributes)
        returning t.xmax = 0 as inserted)
      select count(*) filter (where inserted)::int as inserted,
             count(*) filter (where not inserted)::int as updated
        from up`;
    return counts!;
  },
  contacts: async (tx, companyId) => {
    const [counts] = await tx<UpsertCounts[]>`
      with up as (
        insert into contacts as t
          (company_id, external_id, customer_id, name, email, title, role, active, attributes)
        select ${companyId}, s.external_id, c.id, s.name, s.email, s.title, s.role, s.active, s.attributes
          from import_stage s
          join customers c on c.company_id = ${companyId} and c.external_id = s.customer
         where not exists (select 1 from import_bad b where b.line = s.line)
        on conflict (company_id, external_id) do update
           set customer_id = excluded.customer_id, name = excluded.name, email = excluded.email,
               title = excluded.title, role = excluded.role, active = excluded.active,
               attributes = excluded.attributes, updated_at = now()
         where (t.customer_id, t.name, t.email, t.title, t.role, t.active, t.attributes)
               is distinct from
               (excluded.customer_id, excluded.name, excluded.email, excluded.title, excluded.role,
                excluded.active, excluded.attributes)
        returning t.xmax = 0 as inserted)
      select count(*) filter (where inserted)::int as inserted,
             count(*) filter (where not inserted)::int as updated
        from up`;
    return counts!;
  },
  usage: upsertUsage,
  tickets: async (tx, companyId) => {
    const [counts] = await tx<UpsertCounts[]>`
      with up as (
        insert into tickets as t
          (company_id, external_id, customer_id, opened_at, priority, status, sentiment, subject, attributes)
        select ${companyId}, s.external_id, c.id, s.opened_at, s.priority, s.status, s.sentiment,
               s.subject, s.attributes
          from import_stage s
          join customers c on c.company_id = ${companyId} and c.external_id = s.customer
         where not exists (select 1 from import_bad b where b.line = s.line)
        on conflict (company_id, external_id) do update
           set customer_id = excluded.customer_id, opened_at = excluded.opened_at,
               priority = excluded.priority, status = excluded.status,
               sentiment = excluded.sentiment, subject = excluded.subject,
               attributes = excluded.attributes, updated_at = now()
         where (t.customer_id, t.opened_at, t.priority, t.status, t.sentiment, t.subject, t.attributes)
               is distinct from
               (excluded.customer_id, excluded.opened_at, excluded.priority, excluded.status,
                excluded.sentiment, excluded.subject, excluded.attributes)
        returning t.xmax = 0 as inserted)
      select count(*) filter (where inserted)::int as inserted,
             count(*) filter (where not inserted)::int as updated
        from up`;
    return counts!;
  },
};

/** Write the good staged rows of `entity` into its table. */
export function upsertStaged(tx: Sql, entity: Entity, companyId: number): Promise<UpsertCounts> {
  return upserts[entity](tx, companyId);
}

/**
 * CSMs in two steps: the rows, then their managers (a manager may be a row of this same
 * file, so it has an id only after the first step). A CSM counts once, as inserted or updated.
 * An absent slack_user_id keeps the stored one (it may have been found by email since).
 */
async function upsertCsms(tx: Sql, companyId: number): Promise<UpsertCounts> {
  await tx`
    with up as (
      insert into csms as t (company_id, external_id, name, email, slack_user_id, timezone, attributes)
      select ${companyId}, s.external_id, s.name, s.email, s.slack_user_id, s.timezone, s.attributes
        from import_stage s
       where not exists (select 1 from import_bad b where b.line = s.line)
      on conflict (company_id, external_id) do update
         set name = excluded.name, email = excluded.email,
             slack_user_id = coalesce(excluded.slack_user_id, t.slack_user_id),
             timezone = excluded.timezone, attributes = excluded.attributes, updated_at = now()
       where (t.name, t.email, t.slack_user_id, t.timezone, t.attributes)
             is distinct from
             (excluded.name, excluded.email, coalesce(excluded.slack_user_id, t.slack_user_id),
              excluded.timezone, excluded.attributes)
      returning t.external_id, t.xmax = 0 as inserted)
    insert into import_changed (external_id, inserted) select external_id, inserted from up`;
  await tx`
    with resolved as (
      select c.id, coalesce(by_id.id, by_email.id) as manager_id
        from import_stage s
        join csms c on c.company_id = ${companyId} and c.external_id = s.external_id
        left join csms by_id on by_id.company_id = ${companyId} and by_id.external_id = s.manager
        left join csms by_email on by_email.company_id = ${companyId}
                               and lower(by_email.email) = lower(s.manager)
       where not exists (select 1 from import_bad b where b.line = s.line)
    ), changed as (
      update csms t set manager_id = r.manager_id, updated_at = now()
        from resolved r
       where t.id = r.id and t.manager_id is distinct from r.manager_id
      returning t.external_id)
    insert into import_changed (external_id, inserted)
    select external_id, false from changed
    on conflict (external_id) do nothing`;
  const [counts] = await tx<UpsertCounts[]>`
    select count(*) filter (where inserted)::int as inserted,
           count(*) filter (where not inserted)::int as updated
      from import_changed`;
  return counts!;
}
