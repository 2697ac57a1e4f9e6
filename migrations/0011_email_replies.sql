-- Email replies (PRODUCT.md §12). The reply address of every email to a CSM carries a token
-- signed with one random key kept here: every process (serve, email-in, another host) signs
-- and checks with the same key, and no new setting is needed. The first process to need it
-- inserts it; the others find it (insert ... on conflict do nothing, then read).
create table email_reply_keys (
  id smallint primary key default 1 check (id = 1),
  secret bytea not null check (length(secret) >= 32),
  created_at timestamptz not null
);

-- Each reply's Message-ID, handled once: a second copy (a resend, a second way in) finds its
-- row and changes nothing. `outcome` says what was done: acted (the actions and the
-- confirmation), expired (the one short answer), ignored (an auto-reply, nothing to act on).
create table email_replies_seen (
  message_id text primary key,
  company_id bigint references companies (id) on delete cascade,
  csm_id bigint references csms (id) on delete cascade,
  -- the email the token named (an outbox row); kept when the row is purged
  outbox_id bigint,
  outcome text not null check (outcome in ('acted', 'expired', 'ignored')),
  received_at timestamptz not null
);
create index email_replies_seen_received_idx on email_replies_seen (received_at);
