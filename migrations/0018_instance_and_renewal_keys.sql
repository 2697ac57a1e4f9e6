-- The daily run creates a workflow instance for most customers and a renewal record for those
-- in their preparation window (issue 19). Their foreign keys checked each of those rows against
-- its customer, its CSM or its contract: a look-up and a row lock on the parent each (two
-- transactions of a split run locking one CSM row make it a multixact), at a million customers
-- 8 s of the run's server time for the instances and 3 s for the renewals, measured with
-- EXPLAIN ANALYZE. Both are written only by the daily run, events and the renewal step, from
-- customers, CSMs and contracts read in the same transaction, and customers are deleted only
-- with their company (the tenant purge, which takes the daily run's lock so no run is writing
-- meanwhile). What the keys did on delete stays: the deleted customers' instances and renewal
-- records go in the deleting statement (as their score history does, 0016), a deleted
-- contract's renewal records too. CSMs are deleted only with their company, after its instances.
alter table workflow_instances drop constraint workflow_instances_customer_id_company_id_fkey;
alter table workflow_instances drop constraint workflow_instances_csm_id_company_id_fkey;
alter table renewals drop constraint renewals_customer_id_company_id_fkey;
alter table renewals drop constraint renewals_contract_id_company_id_fkey;

create or replace function customers_deleted_cleanup() returns trigger
language plpgsql as $$
begin
  delete from score_history h using old_rows o where h.customer_id = o.id;
  delete from usage_rollups r using old_rows o
   where r.company_id = o.company_id and r.customer_id = o.id;
  delete from workflow_instances w using old_rows o where w.customer_id = o.id;
  delete from renewals r using old_rows o where r.customer_id = o.id;
  return null;
end $$;

create function contracts_deleted_cleanup() returns trigger
language plpgsql as $$
begin
  delete from renewals r using old_rows o where r.contract_id = o.id;
  return null;
end $$;

create trigger contracts_deleted_cleanup after delete on contracts
  referencing old table as old_rows
  for each statement execute function contracts_deleted_cleanup();
