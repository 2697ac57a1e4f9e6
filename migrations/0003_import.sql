-- Extra columns of an imported usage.csv are kept as attributes, like every other imported
-- table's (PRODUCT.md §2). Nullable, unlike the others: nearly every usage row has none, and
-- there are millions of rows. Adding a nullable column rewrites nothing.
alter table usage_daily add column attributes jsonb;
