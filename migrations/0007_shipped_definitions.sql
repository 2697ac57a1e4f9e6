-- Renubu ships a global definition of every workflow type and stores it whenever a database
-- is opened (migrate, serve, daily-run, import, demo). shipped_hash is the hash of the shipped
-- content last written to the row: while the row still holds exactly that content, a newer
-- shipped version replaces it; once someone has loaded their own global definition over it,
-- the row is theirs and is left alone. NULL: never written from the shipped definitions.
alter table workflow_definitions add column shipped_hash text;
