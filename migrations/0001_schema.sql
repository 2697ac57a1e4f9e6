-- Renubu's schema (PRODUCT.md §2). Every tenant row carries company_id; the seed's table
-- names are kept. Money is numeric(14,2); time is timestamptz, calendar days are date.

create table companies (
  id bigint generated always as identity primary key,
  external_id text not null unique check (external_id <> ''),
  name text not null,
  -- per-company overrides of the scoring settings (names as in src/domain/settings.ts)
  settings jsonb not null default '{}'::jsonb check (jsonb_typeof(settings) = 'object'),
  created_at timestamptz not null default now()
);

create table csms (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies (id) on delete cascade,
  external_id text not null check (external_id <> ''),
  name text not null,
  email text not null check (position('@' in email) > 1),
  slack_user_id text,
  timezone text not null default 'UTC',
  manager_id bigint references csms (id) on delete set null,
  attributes jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (company_id, external_id),
  unique (id, company_id),
  check (manager_id is null or manager_id <> id)
);
create unique index csms_company_email_idx on csms (company_id, lower(email));
create unique index csms_slack_user_idx on csms (slack_user_id) where slack_user_id is not null;

create table customers (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies (id) on delete cascade,
  external_id text not null check (external_id <> ''),
  name text not null,
  csm_id bigint not null,
  arr numeric(14, 2) not null default 0 check (arr >= 0),
  seats integer not null default 0 check (seats >= 0),
  account_plan text check (account_plan in ('maintain', 'invest', 'expand', 'at_risk')),
  strategic boolean not null default false,
  industry text,
  attributes jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (company_id, external_id),
  unique (id, company_id),
  foreign key (csm_id, company_id) references csms (id, company_id)
);
create index customers_csm_idx on customers (company_id, csm_id);

create table contracts (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies (id) on delete cascade,
  external_id text not null check (external_id <> ''),
  customer_id bigint not null,
  start_date date not null,
  renewal_date date not null,
  arr numeric(14, 2) not null default 0 check (arr >= 0),
  status text not null default 'active' check (status in ('active', 'renewed', 'churned')),
  auto_renew boolean not null default false,
  attributes jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (company_id, external_id),
  unique (id, company_id),
  foreign key (customer_id, company_id) references customers (id, company_id) on delete cascade,
  check (renewal_date >= start_date)
);
create index contracts_customer_idx on contracts (customer_id, renewal_date desc);

create table contract_terms (
  id bigint generated always as identity primary key,
  company_id bigint not null,
  contract_id bigint not null,
  term_type text not null check (term_type in ('business', 'legal', 'pricing', 'payment', 'other')),
  name text not null,
  value text not null,
  created_at timestamptz not null default now(),
  foreign key (contract_id, company_id) references contracts (id, company_id) on delete cascade,
  unique (contract_id, name)
);

create table contacts (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies (id) on delete cascade,
  external_id text not null check (external_id <> ''),
  customer_id bigint not null,
  name text not null,
  email text,
  title text,
  role text not null check (role in ('champion', 'executive', 'user', 'billing')),
  active boolean not null default true,
  attributes jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (company_id, external_id),
  foreign key (customer_id, company_id) references customers (id, company_id) on delete cascade
);
create index contacts_customer_idx on contacts (customer_id) include (role, active);

-- One row per customer per day; the daily run reads 60 days of it for every customer.
create table usage_daily (
  company_id bigint not null,
  customer_id bigint not null,
  day date not null,
  active_users integer not null check (active_users >= 0),
  events bigint not null default 0 check (events >= 0),
  primary key (customer_id, day),
  foreign key (customer_id, company_id) references customers (id, company_id) on delete cascade
);
create index usage_daily_company_day_idx on usage_daily (company_id, day);

create table tickets (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies (id) on delete cascade,
  external_id text not null check (external_id <> ''),
  customer_id bigint not null,
  opened_at timestamptz not null,
  priority text not null check (priority in ('low', 'normal', 'high', 'urgent')),
  status text not null check (status in ('open', 'pending', 'solved')),
  -- -1 (very negative) .. 1 (very positive); words are mapped on import
  sentiment real check (sentiment between -1 and 1),
  subject text not null default '',
  attributes jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (company_id, external_id),
  foreign key (customer_id, company_id) references customers (id, company_id) on delete cascade
);
create index tickets_customer_opened_idx on tickets (customer_id, opened_at desc);
create index tickets_open_idx on tickets (customer_id) where status <> 'solved';

create table renewals (
  id bigint generated always as identity primary key,
  company_id bigint not null,
  customer_id bigint not null,
  contract_id bigint not null,
  renewal_date date not null,
  stage text not null,
  status text not null default 'open'
    check (status in ('open', 'in_progress', 'renewed', 'churned', 'closed')),
  current_arr numeric(14, 2) not null default 0,
  proposed_arr numeric(14, 2),
  next_action_date date,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (customer_id, company_id) references customers (id, company_id) on delete cascade,
  foreign key (contract_id, company_id) references contracts (id, company_id) on delete cascade,
  unique (contract_id, renewal_date)
);

-- Per-customer scores as of a day: health decline is measured against this history.
create table score_history (
  company_id bigint not null,
  customer_id bigint not null,
  as_of date not null,
  health_score real not null check (health_score between 0 and 100),
  health_components jsonb not null default '{}'::jsonb,
  risk_score real not null check (risk_score between 0 and 10),
  opportunity_score real not null check (opportunity_score between 0 and 10),
  usage_trend_pct real not null,
  sentiment text not null check (sentiment in ('positive', 'neutral', 'negative')),
  contract_status text not null
    check (contract_status in ('active', 'expiring', 'expired', 'renewed', 'churned', 'none')),
  days_to_renewal integer,
  stage text,
  primary key (customer_id, as_of),
  foreign key (customer_id, company_id) references customers (id, company_id) on delete cascade
);
create index score_history_company_day_idx on score_history (company_id, as_of);

create table workflow_definitions (
  id bigint generated always as identity primary key,
  workflow_id text not null check (workflow_id ~ '^[a-z0-9][a-z0-9-]*$'),
  company_id bigint references companies (id) on delete cascade,
  name text not null,
  description text not null default '',
  slide_sequence text[] not null check (cardinality(slide_sequence) > 0),
  slide_contexts jsonb not null default '{}'::jsonb check (jsonb_typeof(slide_contexts) = 'object'),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- NULL company = the global default; a company's own row overrides it.
create unique index workflow_definitions_global_idx on workflow_definitions (workflow_id)
  where company_id is null;
create unique index workflow_definitions_company_idx on workflow_definitions (company_id, workflow_id)
  where company_id is not null;

-- What the decision matrix (or an event) decided a CSM should work on, with its priority.
create table workflow_instances (
  id bigint generated always as identity primary key,
  company_id bigint not null,
  customer_id bigint not null,
  csm_id bigint not null,
  type text not null,
  trigger text not null
    check (trigger in ('risk', 'opportunity', 'renewal', 'preparation', 'strategic', 'event')),
  -- one open instance per customer, type and cycle (a renewal cycle is its renewal date)
  cycle_key text not null default '',
  status text not null default 'open'
    check (status in ('open', 'in_progress', 'snoozed', 'completed', 'closed')),
  stage text,
  priority_score real not null default 0 check (priority_score between 0 and 100),
  factors jsonb not null default '{}'::jsonb,
  source_event_id bigint,
  created_on date not null,
  updated_on date not null,
  snoozed_until timestamptz,
  closed_at timestamptz,
  closed_reason text,
  history jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, company_id),
  foreign key (customer_id, company_id) references customers (id, company_id) on delete cascade,
  foreign key (csm_id, company_id) references csms (id, company_id)
);
-- A renewal instance keeps its cycle while its type moves from stage to stage, so the key is
-- the trigger and cycle, not the type.
create unique index workflow_instances_open_idx on workflow_instances (customer_id, trigger, cycle_key)
  where status in ('open', 'in_progress', 'snoozed');
create index workflow_instances_customer_idx on workflow_instances (customer_id, trigger, cycle_key);
create index workflow_instances_csm_idx on workflow_instances (company_id, csm_id, priority_score desc)
  where status in ('open', 'in_progress', 'snoozed');

create table workflow_executions (
  id bigint generated always as identity primary key,
  company_id bigint not null,
  workflow_instance_id bigint references workflow_instances (id) on delete set null,
  workflow_definition_id bigint references workflow_definitions (id),
  workflow_config_id text not null,
  customer_id bigint not null,
  csm_id bigint not null,
  status text not null default 'in_progress'
    check (status in ('in_progress', 'snoozed', 'completed', 'abandoned')),
  total_steps integer not null check (total_steps > 0),
  current_step integer not null default 0,
  completion_percentage real not null default 0 check (completion_percentage between 0 and 100),
  has_snoozed_steps boolean not null default false,
  next_due_step_date timestamptz,
  snoozed_until timestamptz,
  slack_channel_id text,
  slack_thread_ts text,
  context jsonb not null default '{}'::jsonb,
  outcome jsonb,
  started_at timestamptz not null default now(),
  completed_at timestamptz,
  updated_at timestamptz not null default now(),
  unique (id, company_id),
  foreign key (customer_id, company_id) references customers (id, company_id) on delete cascade,
  foreign key (csm_id, company_id) references csms (id, company_id),
  check (current_step >= 0 and current_step <= total_steps),
  check (status <> 'completed' or completed_at is not null)
);
create index workflow_executions_csm_idx on workflow_executions (company_id, csm_id, status);
create index workflow_executions_due_idx on workflow_executions (next_due_step_date)
  where has_snoozed_steps;
create unique index workflow_executions_thread_idx on workflow_executions (slack_channel_id, slack_thread_ts)
  where slack_thread_ts is not null;
create unique index workflow_executions_active_instance_idx on workflow_executions (workflow_instance_id)
  where status in ('in_progress', 'snoozed');

create table workflow_step_states (
  id bigint generated always as identity primary key,
  company_id bigint not null,
  execution_id bigint not null,
  step_index integer not null check (step_index >= 0),
  step_id text not null,
  status text not null default 'pending'
    check (status in ('pending', 'in_progress', 'completed', 'snoozed', 'skipped', 'escalated')),
  snoozed_until timestamptz,
  -- a snooze that ends on an event: usage-recovers, ticket-solved, contact-replies
  snooze_until_event text check (snooze_until_event in ('usage-recovers', 'ticket-solved', 'contact-replies')),
  snooze_count integer not null default 0,
  total_snoozed_seconds bigint not null default 0,
  reason text,
  escalated_to bigint references csms (id),
  updated_at timestamptz not null default now(),
  foreign key (execution_id, company_id)
    references workflow_executions (id, company_id) on delete cascade,
  unique (execution_id, step_index),
  check (status <> 'snoozed' or snoozed_until is not null)
);
create index workflow_step_states_due_idx on workflow_step_states (snoozed_until)
  where status = 'snoozed';

create table workflow_step_actions (
  id bigint generated always as identity primary key,
  company_id bigint not null,
  execution_id bigint not null,
  step_index integer,
  action_type text not null check (action_type in (
    'start', 'complete', 'snooze', 'skip', 'escalate', 'resume', 'snooze_workflow', 'wake'
  )),
  performed_by bigint references csms (id),
  reason text,
  snoozed_until timestamptz,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  foreign key (execution_id, company_id)
    references workflow_executions (id, company_id) on delete cascade
);
create index workflow_step_actions_execution_idx on workflow_step_actions (execution_id, created_at);

create table execution_metrics (
  execution_id bigint primary key,
  company_id bigint not null,
  time_to_complete_seconds integer,
  steps_snoozed integer not null default 0,
  steps_skipped integer not null default 0,
  button_clicks integer not null default 0,
  slides_viewed integer not null default 0,
  modals_viewed integer not null default 0,
  snooze_reasons text[] not null default '{}',
  skip_reasons text[] not null default '{}',
  outcome text check (outcome in ('renewed', 'churned', 'expanded', 'partial', 'abandoned')),
  arr_change numeric(14, 2),
  updated_at timestamptz not null default now(),
  foreign key (execution_id, company_id)
    references workflow_executions (id, company_id) on delete cascade
);

create table tasks (
  id bigint generated always as identity primary key,
  company_id bigint not null,
  customer_id bigint not null,
  csm_id bigint not null,
  workflow_execution_id bigint references workflow_executions (id) on delete set null,
  title text not null,
  due_date date,
  status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  foreign key (customer_id, company_id) references customers (id, company_id) on delete cascade,
  foreign key (csm_id, company_id) references csms (id, company_id)
);
create index tasks_csm_idx on tasks (company_id, csm_id, status, due_date);

-- The customer timeline and inbound events (webhook, CLI). An event id makes a replay a no-op.
create table events (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies (id) on delete cascade,
  customer_id bigint,
  event_key text,
  type text not null,
  source text not null default 'system' check (source in ('webhook', 'cli', 'system', 'slack')),
  occurred_at timestamptz not null,
  data jsonb not null default '{}'::jsonb,
  result jsonb,
  created_at timestamptz not null default now(),
  foreign key (customer_id, company_id) references customers (id, company_id) on delete cascade
);
create unique index events_key_idx on events (company_id, event_key) where event_key is not null;
create index events_customer_idx on events (customer_id, occurred_at desc);

-- Everything Renubu sends (Slack or email) goes through here: the row is written in the
-- same transaction as the change that causes it, then delivered and marked sent.
create table outbox (
  id bigint generated always as identity primary key,
  company_id bigint references companies (id) on delete cascade,
  idempotency_key text not null unique,
  channel text not null check (channel in ('slack', 'email')),
  kind text not null,
  recipient text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  available_at timestamptz not null default now(),
  external_ref text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbox_pending_idx on outbox (available_at) where status in ('pending', 'sending');

create table slack_installations (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies (id) on delete cascade,
  team_id text not null unique,
  enterprise_id text,
  bot_user_id text,
  bot_id text,
  bot_token text,
  installed_at timestamptz not null default now()
);

-- Slack retries events up to three times; one row per event id makes the retries no-ops.
create table slack_events_seen (
  event_id text primary key,
  received_at timestamptz not null default now()
);

-- Keeps workflow_executions.has_snoozed_steps and next_due_step_date right whenever a step
-- state changes, in the same transaction (the seed's trigger).
create function refresh_execution_snooze_flags(execution bigint) returns void
language sql as $$
  update workflow_executions e
     set has_snoozed_steps = s.snoozed,
         next_due_step_date = s.next_due,
         updated_at = now()
    from (
      select coalesce(bool_or(status = 'snoozed'), false) as snoozed,
             min(snoozed_until) filter (where status = 'snoozed') as next_due
        from workflow_step_states
       where execution_id = execution
    ) s
   where e.id = execution
     and (e.has_snoozed_steps is distinct from s.snoozed
          or e.next_due_step_date is distinct from s.next_due);
$$;

create function workflow_step_states_sync() returns trigger
language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform refresh_execution_snooze_flags(old.execution_id);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and (tg_op = 'INSERT' or new.execution_id <> old.execution_id) then
    perform refresh_execution_snooze_flags(new.execution_id);
  end if;
  return null;
end;
$$;

create trigger workflow_step_states_sync
  after insert or update or delete on workflow_step_states
  for each row execute function workflow_step_states_sync();
