-- The daily run writes a workflow instance's factors and a score's health components for
-- most customers every day (issue 19). As jsonb, each value was parsed into jsonb's binary
-- form on the way in: at a million customers 2.5 s of the server's time to COPY the day's
-- instances (5.5 s against 3.0 s as json, 2.2 s as text, measured on their COPY alone) and
-- 1.1 s for the score history. Nothing queries inside them: every reader takes the value
-- whole (App Home, digests, the re-tune), and postgres.js parses json and jsonb alike. json
-- keeps the text as written (checked to be JSON on the way in), which is all they need.
alter table workflow_instances
  alter column factors drop default,
  alter column factors type json using factors::json,
  alter column factors set default '{}'::json;
alter table score_history
  alter column health_components drop default,
  alter column health_components type json using health_components::json,
  alter column health_components set default '{}'::json;
