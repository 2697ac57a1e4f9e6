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

create trigger customers_deleted_cleanup after delete on customers
  referencing old table as old_rows
  for each statement execute function customers_deleted_cleanup();

-- Rollups of customers deleted before this migration (their sums taken to 0 by the usage
-- trigger) go now; the score history had its key until now, so it has none to clean.
delete from usage_rollups r where not exists (select 1 from customers c where c.id = r.customer_id);
