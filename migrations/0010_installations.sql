-- Many workspaces (PRODUCT.md §13). One row per installation: a workspace (team), or an
-- Enterprise Grid organization installed org-wide (enterprise_id, no team). The tokens are
-- stored encrypted with RENUBU_ENCRYPTION_KEY (never in clear); each installation belongs to
-- one company, the tenant every read and write of its users is scoped by.
alter table slack_installations drop column bot_token;
alter table slack_installations drop constraint slack_installations_team_id_key;
alter table slack_installations alter column team_id drop not null;
alter table slack_installations
  add column is_enterprise_install boolean not null default false,
  add column bot_token_enc text,
  add column bot_refresh_token_enc text,
  add column bot_token_expires_at timestamptz,
  add column bot_scopes text[] not null default '{}',
  add column installer_user_id text,
  add column updated_at timestamptz not null default now(),
  add constraint slack_installations_scope_check check (
    (is_enterprise_install and enterprise_id is not null)
    or (not is_enterprise_install and team_id is not null)
  );
create unique index slack_installations_team_idx on slack_installations (team_id)
  where not is_enterprise_install;
create unique index slack_installations_enterprise_idx on slack_installations (enterprise_id)
  where is_enterprise_install;
create index slack_installations_company_idx on slack_installations (company_id);

-- When the company's last workspace uninstalled Renubu (app_uninstalled, tokens_revoked): its
-- data is purged once the retention period has passed (null: installed, or one-token mode).
alter table companies add column uninstalled_at timestamptz;

-- A send to a workspace that uninstalled Renubu is dropped, not failed: nothing will retry it.
alter table outbox drop constraint outbox_status_check;
alter table outbox add constraint outbox_status_check
  check (status in ('pending', 'sending', 'sent', 'failed', 'dropped'));
