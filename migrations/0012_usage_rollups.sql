-- Incremental usage for the daily run (issue 19). The run needs, per customer, the sums of
-- daily active users over the two usage windows before its as-of day. Instead of re-reading
-- 60 days of usage_daily every day, usage_rollups keeps those two sums per customer for a
-- few as-of days (the ones usage_rollup_days lists for a company and window length), and a
-- trigger on usage_daily applies every change to them in the same transaction: an insert
-- adds its users, an update adds the difference, a delete takes them off. So late,
-- out-of-order and re-imported days keep the sums exact. The next day's sums are slid from
-- the last day's (src/db/usage-rollups.ts) by reading three days of usage, not sixty.
create table usage_rollup_days (
  company_id bigint not null references companies (id) on delete cascade,
  -- the sums cover [as_of - 2 * window_days, as_of - window_days) and [.., as_of)
  as_of date not null,
  window_days integer not null check (window_days > 0),
  created_at timestamptz not null default now(),
  primary key (company_id, window_days, as_of)
);

-- Goes with its company (a purged tenant leaves nothing here). No key to customers: a
-- deleted customer's usage is taken off by the trigger (its sums end at 0, ids only), and
-- rows of days no longer kept go with their day.
create table usage_rollups (
  company_id bigint not null references companies (id) on delete cascade,
  window_days integer not null,
  as_of date not null,
  customer_id bigint not null,
  last_sum bigint not null,
  prev_sum bigint not null,
  primary key (company_id, window_days, as_of, customer_id)
);

-- One function for the three triggers: each statement's changed rows (transition tables) as
-- signed deltas, summed per customer and covered as-of day, added to the rollups. The shared
-- advisory lock (per company; 7240119 is ROLLUP_LOCK in src/db/usage-rollups.ts) makes a
-- writer wait while the company's rollups for a new day are being built (which takes it
-- exclusively), so no change falls between the build's snapshot and its commit.
create function usage_rollups_apply() returns trigger
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
      -- a company being deleted (its usage going by cascade) is no longer seen: nothing to add
      join companies c on c.id = d.company_id
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

create trigger usage_rollups_insert after insert on usage_daily
  referencing new table as new_rows for each statement execute function usage_rollups_apply();
create trigger usage_rollups_update after update on usage_daily
  referencing old table as old_rows new table as new_rows
  for each statement execute function usage_rollups_apply();
create trigger usage_rollups_delete after delete on usage_daily
  referencing old table as old_rows for each statement execute function usage_rollups_apply();
