-- The daily run updates nearly every open workflow instance every day: its priority and
-- factors move with the days to a renewal (issue 19). With `priority_score` in the CSM index
-- and full pages, each of those updates wrote a new row version elsewhere and an entry in all
-- four indexes. Without it, and with room left on each page for the day's new versions,
-- PostgreSQL updates them in place (heap-only tuples: no index entry), and the versions of
-- the day before are pruned from the page when the room is needed. The CSM's list is read
-- by this index and sorted by priority (tens of rows; the sort has further keys anyway).
drop index workflow_instances_csm_idx;
create index workflow_instances_csm_idx on workflow_instances (company_id, csm_id)
  where status in ('open', 'in_progress', 'snoozed');
alter table workflow_instances set (fillfactor = 50);
