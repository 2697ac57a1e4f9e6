-- Where a step action came from (PRODUCT.md §11, §12): `button` (a thread or card button),
-- `modal` (a submitted modal), `command` (/renubu), `message` (a message in Slack), `email`
-- (an email reply), `job` (a background job: the wake-up) or `event` (an incoming event).
-- The one step service writes it on every audit row. Rows written before this migration keep
-- null: nobody recorded where they came from, and a default such as 'button' would say the
-- wake-up job's and the events' rows came from a button. New rows must say it: the NOT VALID
-- check holds for every row inserted from now on without judging the old ones.
alter table workflow_step_actions add column source text
  check (source in ('button', 'modal', 'command', 'message', 'email', 'job', 'event'));
alter table workflow_step_actions add constraint workflow_step_actions_source_given
  check (source is not null) not valid;
