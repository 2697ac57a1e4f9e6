-- Versioned priority weights of the feedback loop (PRODUCT.md §8, issue 8). Each row is one
-- applied set of weights; the company's active weights are its latest version (also written to
-- companies.settings.priority.weights in the same transaction, where the daily run reads them).
-- pinned on the latest version stops re-tuning from applying anything; rolled_back_from is the
-- version that was latest when an engineer rolled back (the reason names the restored one).
create table priority_weight_versions (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies (id) on delete cascade,
  version integer not null check (version > 0),
  weights jsonb not null check (jsonb_typeof(weights) = 'object'),
  reason text not null,
  evidence jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  pinned boolean not null default false,
  rolled_back_from integer,
  unique (company_id, version)
);
