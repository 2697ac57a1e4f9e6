/**
 * Set-based checks on a staged file: every problem becomes one row of `import_bad` (the first
 * problem of a row wins). Rows that failed validation in JS come first, then duplicates
 * within the file, then conflicts and references, resolved with joins, never row by row.
 */
import type { Sql } from '../db/connection.ts';
import type { Entity } from './types.ts';

/** Fill `import_bad` for the staged file of `entity`. */
export async function markBadRows(
  tx: Sql,
  entity: Entity,
  companyId: number,
  file: string,
): Promise<void> {
  await tx`
    insert into import_bad (line, field, message)
    select line, error_field, error_message from import_stage where error_message is not null`;
  if (entity === 'usage') await markDuplicateDays(tx);
  else await markDuplicateIds(tx);
  if (entity === 'csms') {
    await markCsmConflicts(tx, companyId);
    await markUnresolvedManagers(tx, companyId, file);
  } else if (entity === 'customers') {
    await markUnresolvedCsms(tx, companyId);
  } else {
    await markUnresolvedCustomers(tx, companyId);
  }
}

async function markDuplicateIds(tx: Sql) {
  await tx`
    insert into import_bad (line, field, message)
    select s.line, 'external_id', format('"%s" already appears on line %s', s.external_id, d.first_line)
      from import_stage s
      join (select external_id, min(line) as first_line
              from import_stage
             where error_message is null
             group by external_id
            having count(*) > 1) d using (external_id)
     where s.error_message is null and s.line > d.first_line
    on conflict (line) do nothing`;
}

async function markDuplicateDays(tx: Sql) {
  await tx`
    insert into import_bad (line, field, message)
    select s.line, 'date',
           format('customer "%s" already has a row for %s on line %s',
                  s.customer, to_char(s.date, 'YYYY-MM-DD'), d.first_line)
      from import_stage s
      join (select customer, date, min(line) as first_line
              from import_stage
             where error_message is null
             group by customer, date
            having count(*) > 1) d using (customer, date)
     where s.error_message is null and s.line > d.first_line
    on conflict (line) do nothing`;
}

/** Emails are unique per company and Slack user ids everywhere (see the csms indexes). */
async function markCsmConflicts(tx: Sql, companyId: number) {
  await tx`
    insert into import_bad (line, field, message)
    select s.line, 'email', format('"%s" is also the email on line %s', s.email, d.first_line)
      from import_stage s
      join (select lower(email) as email, min(line) as first_line
              from import_stage
             where error_message is null
             group by lower(email)
            having count(*) > 1) d on d.email = lower(s.email)
     where s.error_message is null and s.line > d.first_line
    on conflict (line) do nothing`;
  await tx`
    insert into import_bad (line, field, message)
    select s.line, 'email', format('"%s" is the email of CSM "%s"', s.email, c.external_id)
      from import_stage s
      join csms c on c.company_id = ${companyId}
                 and lower(c.email) = lower(s.email)
                 and c.external_id <> s.external_id
     where s.error_message is null
    on conflict (line) do nothing`;
  await tx`
    insert into import_bad (line, field, message)
    select s.line, 'slack_user_id',
           format('"%s" is also the Slack user on line %s', s.slack_user_id, d.first_line)
      from import_stage s
      join (select slack_user_id, min(line) as first_line
              from import_stage
             where error_message is null and slack_user_id is not null
             group by slack_user_id
            having count(*) > 1) d using (slack_user_id)
     where s.error_message is null and s.line > d.first_line
    on conflict (line) do nothing`;
  await tx`
    insert into import_bad (line, field, message)
    select s.line, 'slack_user_id', format('"%s" belongs to another CSM', s.slack_user_id)
      from import_stage s
      join csms c on c.slack_user_id = s.slack_user_id
                 and not (c.company_id = ${companyId} and c.external_id = s.external_id)
     where s.error_message is null
    on conflict (line) do nothing`;
}

/**
 * A manager must be a good row of this file or a CSM already stored (a stored CSM is kept as
 * stored even when its row here was rejected). Rejecting a CSM can orphan those it manages,
 * so this repeats until nothing changes.
 */
async function markUnresolvedManagers(tx: Sql, companyId: number, file: string) {
  for (;;) {
    const result = await tx`
      insert into import_bad (line, field, refers, message)
      select s.line, 'manager', true,
             case when r.line is null then format('unknown CSM "%s"', s.manager)
                  else format('CSM "%s" was rejected on %s:%s (%s: %s)', s.manager, ${file}::text,
                              r.line, coalesce(nullif(r.field, ''), 'row'), r.message) end
        from import_stage s
        left join lateral (
          select m.line, b.field, b.message from import_stage m
            join import_bad b on b.line = m.line
           where m.external_id = s.manager or lower(m.email) = lower(s.manager)
           order by m.line limit 1) r on true
       where s.manager is not null
         and not exists (select 1 from import_bad b where b.line = s.line)
         and not exists (
           select 1 from import_stage m
            where (m.external_id = s.manager or lower(m.email) = lower(s.manager))
              and not exists (select 1 from import_bad b where b.line = m.line))
         and not exists (
           select 1 from csms c
            where c.company_id = ${companyId}
              and (c.external_id = s.manager or lower(c.email) = lower(s.manager)))
      on conflict (line) do nothing`;
    if (result.count === 0) return;
  }
}

/**
 * Why a row is left out, from the row of `import_refs` (as `r`, its key as `r.shown`) that it
 * points at: `customer "k2" was rejected on customers.csv:4 (arr: expected …)`.
 */
function leftOutBecause(tx: Sql, noun: 'CSM' | 'customer') {
  return tx`
    case r.reason when 'rejected'
      then format('%s "%s" was rejected on %s:%s (%s: %s)', ${noun}::text, r.shown, r.file, r.line,
                  coalesce(nullif(r.field, ''), 'row'), r.message)
      else format('%s "%s" was not imported (bad rows in %s)', ${noun}::text, r.shown, r.label) end`;
}

/**
 * A row's CSM must be stored (then the row is kept, whatever happened to the CSM's row in
 * this import) or a good row of this import; a rejected or unwritten one is named with why.
 */
async function markUnresolvedCsms(tx: Sql, companyId: number) {
  await tx`
    insert into import_bad (line, field, refers, message)
    select s.line, 'csm', true, ${leftOutBecause(tx, 'CSM')}
      from import_stage s
      join lateral (
        select reason, file, line, label, field, message, s.csm as shown from import_refs r
         where (r.entity = 'csms' and r.key = s.csm)
            or (r.entity = 'csms.email' and r.key = lower(s.csm))
         order by line limit 1) r on true
     where s.error_message is null
       and not exists (
         select 1 from csms c
          where c.company_id = ${companyId}
            and (c.external_id = s.csm or lower(c.email) = lower(s.csm)))
    on conflict (line) do nothing`;
  await tx`
    insert into import_bad (line, field, refers, message)
    select s.line, 'csm', true, format('unknown CSM "%s"', s.csm)
      from import_stage s
     where s.error_message is null
       and not exists (
         select 1 from csms c
          where c.company_id = ${companyId}
            and (c.external_id = s.csm or lower(c.email) = lower(s.csm)))
    on conflict (line) do nothing`;
}

/**
 * A row's customer must be stored (then the row is kept, whatever happened to the customer's
 * row in this import) or a good row of this import; a rejected or unwritten one is named
 * with why, so each row left out says exactly what it points at.
 */
async function markUnresolvedCustomers(tx: Sql, companyId: number) {
  await tx`
    insert into import_bad (line, field, refers, message)
    select s.line, 'customer', true, ${leftOutBecause(tx, 'customer')}
      from import_stage s
      join (select distinct on (key) key, key as shown, reason, file, line, label, field, message
              from import_refs
             where entity = 'customers'
             order by key, line) r on r.key = s.customer
     where s.error_message is null
       and not exists (
         select 1 from customers c where c.company_id = ${companyId} and c.external_id = s.customer)
    on conflict (line) do nothing`;
  await tx`
    insert into import_bad (line, field, refers, message)
    select s.line, 'customer', true, format('unknown customer "%s"', s.customer)
      from import_stage s
     where s.error_message is null
       and not exists (
         select 1 from customers c where c.company_id = ${companyId} and c.external_id = s.customer)
    on conflict (line) do nothing`;
}
