-- The weekly forecast check-in (PRODUCT.md §11): per renewal due within 90 days, the model's
-- call (commit / at risk / upside) beside the CSM's answer, one row per contract and ISO week.
-- The answer is null until the CSM clicks; answered_at is set with it.
create table forecast_checkins (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies (id) on delete cascade,
  csm_id bigint not null,
  contract_id bigint not null,
  week text not null check (week ~ '^\d{4}-W\d{2}$'),
  model_call text not null check (model_call in ('commit', 'at_risk', 'upside')),
  answer text check (answer in ('commit', 'at_risk', 'upside')),
  answered_at timestamptz,
  created_at timestamptz not null default now(),
  unique (contract_id, week),
  foreign key (csm_id, company_id) references csms (id, company_id) on delete cascade,
  foreign key (contract_id, company_id) references contracts (id, company_id) on delete cascade,
  check ((answer is null) = (answered_at is null))
);
create index forecast_checkins_csm_week_idx on forecast_checkins (csm_id, week);
create index forecast_checkins_company_week_idx on forecast_checkins (company_id, week);
