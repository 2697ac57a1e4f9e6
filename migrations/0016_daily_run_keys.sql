-- The daily run writes a row per customer and day into score_history and usage_rollups (issue
-- 19). Their foreign keys checked every one of those rows against its customer or company, one
-- look-up and one row lock each: at a million customers 6 s for the rollups (all against the one
-- company row) and 5.5 s for the score history, a third of the run. Both tables are derived:
-- only the daily run writes them, from customers it has just read in the same transaction, and
-- every reader joins them to customers. What the keys did on delete stays: a statement-level
-- trigger removes the deleted customers' score history and usage rollups in the deleting
-- statement (a deleted company's customers cascade, so a purged tenant leaves nothing here).
alter table score_history drop constraint score_history_customer_id_company_id_fkey;
alter table usage_rollups drop constraint usage_rollups_company_id_fkey;
-- No key refers to workflow instances by (id, company_id) (executions refer to the id alone):
-- the unique index that allowed one cost every instance the run creates an index entry.
alter table workflow_instances drop constraint workflow_instances_id_company_id_key;

create function customers_deleted_cleanup() returns trigger
language plpgsql as $$
begin
  delete from score_history h using old_rows o where h.customer_id = o.id;
  delete from usage_rollups r using old_rows o
   where r.company_id = o.company_id and r.customer_id = o.id;
  return null;
end $$;

-- The usage rollups' trigger (0012) then adds nothing for a deleted customer: its usage goes
-- by cascade, in an order relative to the trigger above that is not ours to choose.
create or replace function usage_rollups_apply() returns trigger
language plpgsql as $$
declare
  changed text;
begin
  changed := case tg_op
    when 'INSERT' then
      'select company_id, customer_id, day, active_users::bigint as delta from new_rows'
    when 'UPDATE' then
      'select company_id, customer_id, day, active_users::bigint as delta from new_rows
       union all
       select company_id, customer_id, day, -active_users::bigint from old_rows'
    else
      'select company_id, customer_id, day, -active_users::bigint as delta from old_rows'
  end;
  -- its own statement: the insert below then reads the rollup days as of after the wait
  execute format(
    'select pg_advisory_xact_lock_shared(7240119, c.company_id::int)
       from (select distinct company_id from (%s) d order by 1) c', changed);
  execute format($sql$
    insert into usage_rollups as r (company_id, window_days, as_of, customer_id, last_sum, prev_sum)
    select d.company_id, k.window_days, k.as_of, d.customer_id,
           coalesce(sum(d.delta) filter (where d.day >= k.as_of - k.window_days), 0),
           coalesce(sum(d.delta) filter (where d.day < k.as_of - k.window_days), 0)
      from (%s) d
      -- a customer being deleted (its usage going by cascade, or its company's) is no longer
      -- seen: nothing to add, whether this runs before or after customers_deleted_cleanup
      join customers c on c.id = d.customer_id and c.company_id = d.company_id
      join usage_rollup_days k
        on k.company_id = d.company_id
       and d.day >= k.as_of - 2 * k.window_days and d.day < k.as_of
     group by d.company_id, k.window_days, k.as_of, d.customer_id
    having coalesce(sum(d.delta) filter (where d.day >= k.as_of - k.window_days), 0) <> 0
        or coalesce(sum(d.delta) filter (where d.day < k.as_of - k.window_days), 0) <> 0
    on conflict (company_id, window_days, as_of, customer_id) do update
       set last_sum = r.last_sum + excluded.last_sum,
           prev_sum = r.prev_sum + excluded.prev_sum$sql$, changed);
  return null;
end
$$;


create trigger customers_deleted_cleanup after delete on customers
  referencing old table as old_rows
  for each statement execute function customers_deleted_cleanup();

-- Rollups of customers deleted before this migration (their sums taken to 0 by the usage
-- trigger) go now; the score history had its key until now, so it has none to clean.
delete from usage_rollups r where not exists (select 1 from customers c where c.id = r.customer_id);
