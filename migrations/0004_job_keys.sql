-- Agenda's unique() is a SELECT then INSERT/UPDATE, not atomic: two processes saving the same
-- per-CSM schedule (or the same step's wake-up) at once would make two rows. One row per job
-- name and data key; the scheduler treats a 23505 here as "already scheduled".
create unique index if not exists agenda_jobs_key_idx
  on agenda_jobs (name, (data->>'key'))
  where data ? 'key';
